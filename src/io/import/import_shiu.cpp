// Shiu et al. 2024 model inputs: Completeness_783.csv (neuron list; its row order is the
// neuron index) and the connectivity table as CSV (Connectivity_783.parquet converted with
// pandas, docs/importers.md).

#include <fmt/format.h>

#include "io/import/import_common.hpp"
#include "io/import/importers.hpp"

namespace brainemu {
namespace {

void read_completeness(connectome_builder& b, table_reader& r) {
    // The first column is the root id (pandas wrote it with a blank header).
    while (r.next()) {
        add_neuron_at(b, r, 0, r.integer(0));
    }
}

// Excitatory is +1 or -1 per presynaptic neuron (from its predicted transmitter); stored as the
// neuron's transmitter "excitatory" / "inhibitory".
void read_connectivity(connectome_builder& b, table_reader& r, const std::string& table) {
    const auto pre = r.column("Presynaptic_ID");
    const auto post = r.column("Postsynaptic_ID");
    const auto count = r.column("Connectivity");
    const auto pre_index = r.find_column("Presynaptic_Index");
    const auto post_index = r.find_column("Postsynaptic_Index");
    const auto sign = r.find_column("Excitatory");
    const auto product = r.find_column("Excitatory x Connectivity");
    std::vector<std::int8_t> sign_of(b.size(), 0);
    auto check_index = [&](std::optional<std::size_t> col, std::uint32_t neuron) {
        if (col && r.integer(*col) != static_cast<std::int64_t>(neuron)) {
            r.fail(*col, fmt::format("index {} disagrees with the id's row {} in {}",
                                     r.integer(*col), neuron, table));
        }
    };
    while (r.next()) {
        const auto p = neuron_at(b, r, pre, table);
        const auto q = neuron_at(b, r, post, table);
        check_index(pre_index, p);
        check_index(post_index, q);
        const auto n = r.count(count);
        if (sign) {
            const auto s = r.integer(*sign);
            if (s != 1 && s != -1) {
                r.fail(*sign, fmt::format("{} is neither 1 nor -1", s));
            }
            if (sign_of[p] != 0 && sign_of[p] != s) {
                r.fail(*sign, fmt::format("neuron {} was {} on an earlier row", r.integer(pre),
                                          sign_of[p] > 0 ? "excitatory" : "inhibitory"));
            }
            if (sign_of[p] == 0) {
                sign_of[p] = static_cast<std::int8_t>(s);
                b.set_transmitter(p, s > 0 ? "excitatory" : "inhibitory");
            }
            if (product && r.integer(*product) != s * static_cast<std::int64_t>(n)) {
                r.fail(*product,
                       fmt::format("{} is not Excitatory x Connectivity = {}", r.integer(*product),
                                   s * static_cast<std::int64_t>(n)));
            }
        }
        if (n > 0) {
            b.add_synapses(p, q, n);
        }
    }
}

}  // namespace

connectome import_shiu(const import_inputs& inputs, const import_options& options) {
    connectome_builder b;
    record_provenance(b, "shiu", inputs, options);
    const std::filesystem::path* neurons = nullptr;
    const std::filesystem::path* connectivity = nullptr;
    for (const auto& path : inputs) {
        const table_reader r(path, {});
        auto& slot = r.find_column("Presynaptic_ID") ? connectivity : neurons;
        if (slot != nullptr) {
            throw input_error({path.string(), 1, ""},
                              fmt::format("a second {} table; shiu takes Completeness_783.csv "
                                          "and the connectivity CSV",
                                          slot == connectivity ? "connectivity" : "neuron"));
        }
        slot = &path;
    }
    if (neurons == nullptr || connectivity == nullptr) {
        throw input_error({inputs.front().string(), 0, ""},
                          fmt::format("shiu needs the neuron list (Completeness_783.csv) and the "
                                      "connectivity CSV (Presynaptic_ID, Postsynaptic_ID, "
                                      "Connectivity, Excitatory, ...); the {} is missing",
                                      neurons == nullptr ? "neuron list" : "connectivity"));
    }
    table_reader nr(*neurons, {});
    read_completeness(b, nr);
    table_reader cr(*connectivity, {});
    read_connectivity(b, cr, neurons->filename().string());
    return finish_import(b, connectivity->string());
}

}  // namespace brainemu
