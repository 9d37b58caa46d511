#include "io/import/import_common.hpp"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

// Hash of the file's bytes as stored (compressed or not), to tell two copies apart later.
std::string file_fingerprint(const std::filesystem::path& path) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) {
        return "unreadable";
    }
    XXH64_state_t* st = XXH64_createState();
    XXH64_reset(st, 0);
    std::vector<char> buf(1 << 16);
    std::uint64_t bytes = 0;
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
        XXH64_update(st, buf.data(), n);
        bytes += n;
    }
    std::fclose(f);
    const auto h = XXH64_digest(st);
    XXH64_freeState(st);
    return fmt::format("{} bytes, xxh64 {:016x}", bytes, h);
}

}  // namespace

void record_provenance(connectome_builder& b, std::string_view format,
                       const std::vector<std::filesystem::path>& inputs,
                       const import_options& options) {
    b.add_metadata("importer", std::string(importer_version));
    b.add_metadata("format", std::string(format));
    for (std::size_t i = 0; i < inputs.size(); ++i) {
        b.add_metadata(
            fmt::format("input.{}", i + 1),
            fmt::format("{} ({})", inputs[i].filename().string(), file_fingerprint(inputs[i])));
    }
    for (const auto& [k, v] : options.values()) {
        b.add_metadata(fmt::format("option.{}", k), v);
    }
}

connectome finish_import(connectome_builder& b, const std::string& source) {
    connectome c = b.finish(source);
    c.metadata.emplace_back("neurons", fmt::format("{}", c.size()));
    c.metadata.emplace_back("pairs", fmt::format("{}", c.pairs()));
    c.metadata.emplace_back("synapses", fmt::format("{}", c.synapse_count()));
    c.metadata.emplace_back("gap_junction_pairs", fmt::format("{}", c.gap_a.size()));
    c.metadata.emplace_back("gap_junctions", fmt::format("{}", c.gap_junction_count()));
    return c;
}

std::uint32_t add_neuron_at(connectome_builder& b, const table_reader& r, std::size_t column,
                            std::int64_t id, std::string_view name) {
    const auto i = b.add_neuron(id, name);
    if (!i) {
        if (b.find_id(id)) {
            r.fail(column, fmt::format("neuron id {} is listed twice", id));
        }
        r.fail(column, fmt::format("neuron name '{}' is taken by neuron {}", name,
                                   b.find_name(name).value_or(0)));
    }
    return *i;
}

std::uint32_t neuron_at(const connectome_builder& b, const table_reader& r, std::size_t column,
                        std::string_view table) {
    const std::int64_t id = r.integer(column);
    const auto i = b.find_id(id);
    if (!i) {
        r.fail(column,
               fmt::format("unknown neuron id {}: absent from the neuron table {}", id, table));
    }
    return *i;
}

void gap_table::add(std::uint32_t a, std::uint32_t b, std::uint32_t count) {
    if (a == b) {
        self_ += count;
        return;
    }
    auto& [forward, backward] = pairs_[{std::min(a, b), std::max(a, b)}];
    (a < b ? forward : backward) += count;
}

void gap_table::flush(connectome_builder& b) {
    std::uint64_t one_way = 0, disagree = 0;
    for (const auto& [pair, counts] : pairs_) {
        const auto [forward, backward] = counts;
        one_way += (forward == 0) != (backward == 0) ? 1 : 0;
        disagree += forward != backward && forward != 0 && backward != 0 ? 1 : 0;
        b.add_gap_junction(pair.first, pair.second, std::max(forward, backward));
    }
    b.add_metadata("gap_pairs_listed_one_way", fmt::format("{}", one_way));
    b.add_metadata("gap_pairs_directions_disagree", fmt::format("{}", disagree));
    b.add_metadata("self_gap_junctions_dropped", fmt::format("{}", self_));
    pairs_.clear();
}

}  // namespace brainemu
