#include "experiment/connectome_info.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <thread>
#include <vector>

#include "network/connectome_network.hpp"

namespace brainemu {
namespace {

nlohmann::json degree_stats(std::vector<std::uint64_t> d) {
    std::uint64_t sum = 0;
    for (auto x : d) {
        sum += x;
    }
    std::sort(d.begin(), d.end());
    return {{"min", d.empty() ? 0 : d.front()},
            {"median", d.empty() ? 0 : d[d.size() / 2]},
            {"mean", d.empty() ? 0.0 : static_cast<double>(sum) / static_cast<double>(d.size())},
            {"max", d.empty() ? 0 : d.back()}};
}

}  // namespace

nlohmann::json connectome_info(const std::shared_ptr<const connectome>& c, const std::string& file,
                               double load_s, const info_assumptions& a) {
    const std::uint32_t n = c->size();
    std::vector<std::uint64_t> out_degree(n), in_degree(n);
    std::map<std::string, std::uint64_t> by_transmitter;
    for (std::uint32_t i = 0; i < n; ++i) {
        out_degree[i] = c->row_offsets[i + 1] - c->row_offsets[i];
        for (std::uint64_t e = c->row_offsets[i]; e < c->row_offsets[i + 1]; ++e) {
            ++by_transmitter[std::string(c->transmitter_of_edge(e, i))];
        }
    }
    for (std::uint32_t p : c->post) {
        ++in_degree[p];
    }

    // The engine's store as `brainemu run` would build it: bytes per synapse is measured.
    connectome_weights w;
    w.unit_weight = a.unit_weight;
    w.delay_ms = a.delay_ms;
    w.signs = default_transmitter_signs();
    w.edge_weights = !c->edge_weight.empty();
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    const network net = build_connectome_network(c, w, a.dt_ms, split_blocks(n, threads), {}, file);
    std::map<std::string, std::uint64_t> weight_forms, delay_forms;
    for (const synapse_block& b : net.synapses.blocks) {
        if (b.size() > 0) {
            weight_forms[std::string(to_string(b.weights))] += b.size();
            delay_forms[std::string(to_string(b.delays))] += b.size();
        }
    }
    const std::uint64_t pairs = c->pairs();

    nlohmann::json j;
    j["file"] = file;
    j["neurons"] = n;
    j["synapses"] = pairs;
    j["synapse_count"] = c->synapse_count();
    j["gap_junctions"] = c->gap_junction_count();
    j["gap_junction_pairs"] = c->gap_a.size();
    j["in_degree"] = degree_stats(std::move(in_degree));
    j["out_degree"] = degree_stats(std::move(out_degree));
    j["synapses_by_transmitter"] = by_transmitter;
    j["cell_types"] = c->type_names.size() - 1;
    j["labels"] = c->labels.size();
    j["named_neurons"] = !c->names.empty();
    j["edge_weights"] = c->edge_weight.empty() ? std::string() : c->edge_weight_unit;
    j["edge_delays"] = !c->edge_delay_ms.empty();
    j["weight_forms"] = weight_forms;
    j["delay_forms"] = delay_forms;
    j["bytes_per_synapse"] =
        pairs > 0 ? static_cast<double>(net.synapses.bytes()) / static_cast<double>(pairs) : 0.0;
    j["bytes_per_synapse_assumes"] = {{"unit_weight", a.unit_weight},
                                      {"delay_ms", a.delay_ms},
                                      {"dt_ms", a.dt_ms},
                                      {"blocks", threads}};
    j["file_bytes"] = std::filesystem::file_size(file);
    j["load_s"] = load_s;
    nlohmann::json provenance = nlohmann::json::array();
    for (const auto& [k, v] : c->metadata) {
        provenance.push_back({{"key", k}, {"value", v}});
    }
    j["provenance"] = provenance;
    return j;
}

}  // namespace brainemu
