#include "cli/partition_command.hpp"

#include <chrono>
#include <cstdio>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "io/bcx.hpp"
#include "partition/cut_metrics.hpp"
#include "partition/partition_file.hpp"
#include "partition/partitioner.hpp"

namespace brainemu {
namespace {

struct partition_options {
    std::string file;
    std::int64_t parts = 0;  // signed, so that a negative K is our error, not a parse error
    std::string method = "metis";
    std::string out;
    std::string from;  // measure a stored partition instead of making one
    bool json = false;
    std::int32_t seed = 1;
    float imbalance = 1.03F;
    resident_bytes_model bytes;
};

struct partition_outcome {
    partition_method_kind method;
    timed_partition made;
    cut_metrics metrics;
    double load_s = 0.0;
};

nlohmann::json to_json(const partition_options& opt, const partition_outcome& o) {
    const cut_metrics& m = o.metrics;
    nlohmann::json parts = nlohmann::json::array();
    for (std::size_t k = 0; k < m.parts.size(); ++k) {
        const part_metrics& t = m.parts[k];
        parts.push_back({{"part", k},
                         {"neurons", t.neurons},
                         {"synapses", t.synapses},
                         {"synapse_count", t.synapse_count},
                         {"synapses_cut", t.synapses_cut},
                         {"sources_elsewhere", t.sources_elsewhere},
                         {"resident_bytes", t.resident_bytes}});
    }
    nlohmann::json j;
    j["file"] = opt.file;
    j["method"] = to_string(o.method);
    j["k"] = o.made.result.parts;
    if (o.method == partition_method_kind::metis && opt.from.empty()) {
        j["seed"] = opt.seed;
        j["imbalance_tolerance"] = opt.imbalance;
    }
    j["from"] = opt.from;
    j["out"] = opt.out;
    j["load_s"] = o.load_s;
    j["partition_s"] = o.made.seconds;
    j["neurons"] = o.made.result.size();
    j["synapses"] = m.synapses;
    j["synapse_count"] = m.synapse_count;
    j["synapses_cut"] = m.synapses_cut;
    j["cut_fraction"] = m.cut_fraction;
    j["cut_count_fraction"] = m.cut_count_fraction;
    j["source_part_pairs"] = m.source_part_pairs;
    j["source_part_pairs_crossing_count"] = m.source_part_pairs_crossing_count;
    j["source_part_pairs_crossing"] = m.source_part_pairs_crossing;
    j["imbalance"] = {{"neurons", m.imbalance_neurons},
                      {"synapses", m.imbalance_synapses},
                      {"bytes", m.imbalance_bytes}};
    j["bytes_per_synapse"] = opt.bytes.bytes_per_synapse;
    j["bytes_per_neuron"] = opt.bytes.bytes_per_neuron;
    j["parts"] = parts;
    return j;
}

void print_text(const partition_options& opt, const partition_outcome& o) {
    const cut_metrics& m = o.metrics;
    std::printf("%s\n",
                fmt::format("{}: {} neurons, {} synapses (connected pairs), {} parts by "
                            "{}{} in {:.3f} s",
                            opt.file, o.made.result.size(), m.synapses, o.made.result.parts,
                            to_string(o.method),
                            opt.from.empty() ? "" : " (read from " + opt.from + ")", o.made.seconds)
                    .c_str());
    std::printf("%s\n", fmt::format("{:>6} {:>10} {:>12} {:>12} {:>10} {:>12}", "part", "neurons",
                                    "synapses", "from other", "sources", "resident")
                            .c_str());
    std::printf("%s\n", fmt::format("{:>6} {:>10} {:>12} {:>12} {:>10} {:>12}", "", "", "held",
                                    "parts", "elsewhere", "MiB")
                            .c_str());
    for (std::size_t k = 0; k < m.parts.size(); ++k) {
        const part_metrics& t = m.parts[k];
        std::printf("%s\n", fmt::format("{:>6} {:>10} {:>12} {:>12} {:>10} {:>12.2f}", k, t.neurons,
                                        t.synapses, t.synapses_cut, t.sources_elsewhere,
                                        t.resident_bytes / (1 << 20))
                                .c_str());
    }
    std::printf(
        "%s",
        fmt::format("cut fraction                {:.4f} of synapses ({} of {}); {:.4f} "
                    "weighted by synapse count\n"
                    "source-part pairs crossing  {:.4f} ({} of {})\n"
                    "imbalance (max/mean)        neurons {:.3f}, synapses {:.3f}, "
                    "bytes {:.3f}\n"
                    "resident bytes assume       {} B per synapse, {} B per neuron\n",
                    m.cut_fraction, m.synapses_cut, m.synapses, m.cut_count_fraction,
                    m.source_part_pairs_crossing, m.source_part_pairs_crossing_count,
                    m.source_part_pairs, m.imbalance_neurons, m.imbalance_synapses,
                    m.imbalance_bytes, opt.bytes.bytes_per_synapse, opt.bytes.bytes_per_neuron)
            .c_str());
    if (!opt.out.empty()) {
        std::printf("wrote %s\n", opt.out.c_str());
    }
}

// Cheap checks on the arguments come before the connectome is loaded.
void run_partition(const partition_options& opt) {
    const partition_method_kind method = parse_partition_method(opt.method, "--method");
    if ((opt.from.empty() || opt.parts != 0) && opt.parts < 1) {
        throw input_error({"", 0, "--parts"},
                          fmt::format("K = {}: the number of parts must be at least 1", opt.parts));
    }
    if (opt.parts > UINT32_MAX) {
        throw input_error({"", 0, "--parts"}, fmt::format("K = {}: too many parts", opt.parts));
    }
    const auto parts = static_cast<std::uint32_t>(opt.parts);
    const auto t0 = std::chrono::steady_clock::now();
    const connectome c = read_bcx(opt.file);
    partition_outcome o{.method = method, .made = {}, .metrics = {}, .load_s = 0.0};
    o.load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (opt.from.empty()) {
        check_part_count(parts, c.size(), "--parts");
        partition_request req{.method = method, .parts = parts, .metis = {}};
        req.metis.seed = opt.seed;
        req.metis.imbalance_tolerance = opt.imbalance;
        o.made = partition_connectome(c, req);
    } else {
        stored_partition s = read_partition(
            opt.from, c, parts > 0 ? std::optional<std::uint32_t>(parts) : std::nullopt);
        o.method = s.method;
        o.made.result = std::move(s.result);
    }
    o.metrics = measure_cut(c, o.made.result, opt.bytes);
    if (!opt.out.empty()) {
        write_partition(opt.out, o.made.result, o.method, c);
    }
    if (opt.json) {
        std::printf("%s\n", to_json(opt, o).dump(2).c_str());
    } else {
        print_text(opt, o);
    }
}

}  // namespace

void add_partition_command(CLI::App& app) {
    auto opt = std::make_shared<partition_options>();
    CLI::App* cmd = app.add_subcommand(
        "partition",
        "Partition a connectome (.bcx) into K parts and measure the cut (docs/partitioning.md)");
    cmd->add_option("file", opt->file, "Connectome file (.bcx)")->required();
    cmd->add_option("--parts,-k", opt->parts, "Number of parts K (1 <= K <= neurons)");
    cmd->add_option("--method", opt->method,
                    "metis (default), round-robin (NEST's default) or contiguous");
    cmd->add_option("--out", opt->out, "Write the partition to this file (.part)");
    cmd->add_option("--from", opt->from,
                    "Measure a partition file made earlier instead of partitioning");
    cmd->add_flag("--json", opt->json, "Print JSON instead of text");
    cmd->add_option("--seed", opt->seed, "METIS random seed (default 1): same seed, same parts");
    cmd->add_option("--imbalance", opt->imbalance,
                    "METIS balance tolerance, max/mean per constraint (default 1.03)")
        ->check(CLI::Range(1.0, 10.0));
    cmd->add_option("--bytes-per-synapse", opt->bytes.bytes_per_synapse,
                    "Resident bytes per stored synapse (default 4.1, the engine's measured store)")
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--bytes-per-neuron", opt->bytes.bytes_per_neuron,
                    "Resident bytes per neuron: state and ring buffer (default 642)")
        ->check(CLI::NonNegativeNumber);
    cmd->callback([opt] { run_partition(*opt); });
}

}  // namespace brainemu
