#include "cli/info_command.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/bcx.hpp"
#include "network/connectome_network.hpp"

namespace brainemu {
namespace {

struct info_options {
    std::string file;
    bool json = false;
    double unit_weight = 1.0;
    double delay_ms = 1.8;
    double dt_ms = 0.1;
};

struct degree_stats {
    std::uint64_t min = 0, median = 0, max = 0;
    double mean = 0.0;
};

degree_stats stats_of(std::vector<std::uint64_t> d) {
    degree_stats s;
    if (d.empty()) {
        return s;
    }
    std::uint64_t sum = 0;
    for (auto x : d) {
        sum += x;
    }
    std::sort(d.begin(), d.end());
    s.min = d.front();
    s.max = d.back();
    s.median = d[d.size() / 2];
    s.mean = static_cast<double>(sum) / static_cast<double>(d.size());
    return s;
}

nlohmann::json to_json(const degree_stats& s) {
    return {{"min", s.min}, {"median", s.median}, {"mean", s.mean}, {"max", s.max}};
}

void info(const info_options& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    auto c = std::make_shared<const connectome>(read_bcx(opt.file));
    const double load_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const std::uint32_t n = c->size();
    std::vector<std::uint64_t> out_degree(n), in_degree(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        out_degree[i] = c->row_offsets[i + 1] - c->row_offsets[i];
    }
    for (std::uint32_t p : c->post) {
        ++in_degree[p];
    }
    std::map<std::string, std::uint64_t> by_transmitter;
    for (std::uint32_t i = 0; i < n; ++i) {
        for (std::uint64_t e = c->row_offsets[i]; e < c->row_offsets[i + 1]; ++e) {
            ++by_transmitter[std::string(c->transmitter_of_edge(e, i))];
        }
    }

    // What a run would hold: the engine's synapse store built with Shiu's signs and the given
    // unit weight and delay, one block per core, as `brainemu run` builds it.
    connectome_weights w;
    w.unit_weight = opt.unit_weight;
    w.delay_ms = opt.delay_ms;
    w.signs = default_transmitter_signs();
    w.edge_weights = !c->edge_weight.empty();
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    const network net =
        build_connectome_network(c, w, opt.dt_ms, split_blocks(n, threads), {}, opt.file);
    std::map<std::string, std::uint64_t> weight_forms, delay_forms;
    for (const synapse_block& b : net.synapses.blocks) {
        if (b.size() > 0) {
            weight_forms[std::string(to_string(b.weights))] += b.size();
            delay_forms[std::string(to_string(b.delays))] += b.size();
        }
    }
    const std::uint64_t pairs = c->pairs();
    const double bytes_per_synapse =
        pairs > 0 ? static_cast<double>(net.synapses.bytes()) / static_cast<double>(pairs) : 0.0;
    const auto file_bytes = std::filesystem::file_size(opt.file);

    nlohmann::json j;
    j["file"] = opt.file;
    j["neurons"] = n;
    j["synapses"] = pairs;
    j["synapse_count"] = c->synapse_count();
    j["gap_junctions"] = c->gap_junction_count();
    j["gap_junction_pairs"] = c->gap_a.size();
    j["in_degree"] = to_json(stats_of(in_degree));
    j["out_degree"] = to_json(stats_of(out_degree));
    j["synapses_by_transmitter"] = by_transmitter;
    j["cell_types"] = c->type_names.size() - 1;
    j["labels"] = c->labels.size();
    j["named_neurons"] = !c->names.empty();
    j["edge_weights"] = c->edge_weight.empty() ? "" : c->edge_weight_unit;
    j["edge_delays"] = !c->edge_delay_ms.empty();
    j["weight_forms"] = weight_forms;
    j["delay_forms"] = delay_forms;
    j["bytes_per_synapse"] = bytes_per_synapse;
    j["bytes_per_synapse_assumes"] = {{"unit_weight", opt.unit_weight},
                                      {"delay_ms", opt.delay_ms},
                                      {"dt_ms", opt.dt_ms},
                                      {"blocks", threads}};
    j["file_bytes"] = file_bytes;
    j["load_s"] = load_s;
    nlohmann::json prov = nlohmann::json::array();
    for (const auto& [k, v] : c->metadata) {
        prov.push_back({{"key", k}, {"value", v}});
    }
    j["provenance"] = prov;
    if (opt.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    auto deg = [](const degree_stats& s) {
        return fmt::format("min {}, median {}, mean {:.1f}, max {}", s.min, s.median, s.mean,
                           s.max);
    };
    std::printf("%s: %s bytes, loaded and checked in %.3f s\n", opt.file.c_str(),
                fmt::format("{}", file_bytes).c_str(), load_s);
    std::printf("neurons        %u (%zu cell types, %zu labels%s)\n", n, c->type_names.size() - 1,
                c->labels.size(), c->names.empty() ? "" : ", named");
    std::printf("synapses       %llu connected pairs, %llu synapses in all\n",
                static_cast<unsigned long long>(pairs),
                static_cast<unsigned long long>(c->synapse_count()));
    std::printf("gap junctions  %llu junctions between %zu pairs\n",
                static_cast<unsigned long long>(c->gap_junction_count()), c->gap_a.size());
    std::printf("in-degree      %s\n", deg(stats_of(in_degree)).c_str());
    std::printf("out-degree     %s\n", deg(stats_of(out_degree)).c_str());
    std::string tx;
    for (const auto& [name, count] : by_transmitter) {
        tx += fmt::format("{}{} {}", tx.empty() ? "" : ", ", name.empty() ? "(none)" : name, count);
    }
    std::printf("transmitters   %s (pairs)\n", tx.c_str());
    std::string forms;
    for (const auto& [name, count] : weight_forms) {
        forms += fmt::format("{}{} ({} pairs)", forms.empty() ? "" : ", ", name, count);
    }
    std::printf("weight form    %s\n", forms.empty() ? "(no synapses)" : forms.c_str());
    std::printf(
        "memory         %.2f bytes per synapse in the engine's store (unit weight %g, "
        "delay %g ms, dt %g ms, %u blocks)\n",
        bytes_per_synapse, opt.unit_weight, opt.delay_ms, opt.dt_ms, threads);
    std::printf("provenance\n");
    for (const auto& [k, v] : c->metadata) {
        std::printf("  %-22s %s\n", k.c_str(), v.c_str());
    }
}

}  // namespace

void add_info_command(CLI::App& app) {
    auto opt = std::make_shared<info_options>();
    CLI::App* cmd = app.add_subcommand(
        "info", "Describe a connectome (.bcx): sizes, degrees, transmitters, memory, provenance");
    cmd->add_option("file", opt->file, "Connectome file (.bcx)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_flag("--json", opt->json, "Print JSON instead of text");
    cmd->add_option("--unit-weight", opt->unit_weight,
                    "Weight of one synapse for the memory estimate (default 1)");
    cmd->add_option("--delay-ms", opt->delay_ms, "Delay for the memory estimate (default 1.8)")
        ->check(CLI::PositiveNumber);
    cmd->callback([opt] { info(*opt); });
}

}  // namespace brainemu
