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

#include "experiment/connectome_info.hpp"
#include "io/bcx.hpp"

namespace brainemu {
namespace {

struct info_options {
    std::string file;
    bool json = false;
    double unit_weight = 1.0;
    double delay_ms = 1.8;
    double dt_ms = 0.1;
};

void info(const info_options& opt) {
    const auto t0 = std::chrono::steady_clock::now();
    auto c = std::make_shared<const connectome>(read_bcx(opt.file));
    const double load_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const nlohmann::json j =
        connectome_info(c, opt.file, load_s, {opt.unit_weight, opt.delay_ms, opt.dt_ms});
    if (opt.json) {
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    auto deg = [](const nlohmann::json& s) {
        return fmt::format("min {}, median {}, mean {:.1f}, max {}", s["min"].get<std::uint64_t>(),
                           s["median"].get<std::uint64_t>(), s["mean"].get<double>(),
                           s["max"].get<std::uint64_t>());
    };
    std::printf("%s: %llu bytes, loaded and checked in %.3f s\n", opt.file.c_str(),
                j["file_bytes"].get<unsigned long long>(), load_s);
    std::printf("neurons        %u (%zu cell types, %zu labels%s)\n", c->size(),
                c->type_names.size() - 1, c->labels.size(), c->names.empty() ? "" : ", named");
    std::printf("synapses       %llu connected pairs, %llu synapses in all\n",
                static_cast<unsigned long long>(c->pairs()),
                static_cast<unsigned long long>(c->synapse_count()));
    std::printf("gap junctions  %llu junctions between %zu pairs\n",
                static_cast<unsigned long long>(c->gap_junction_count()), c->gap_a.size());
    std::printf("in-degree      %s\n", deg(j["in_degree"]).c_str());
    std::printf("out-degree     %s\n", deg(j["out_degree"]).c_str());
    std::string tx;
    for (const auto& [name, count] : j["synapses_by_transmitter"].items()) {
        tx += fmt::format("{}{} {}", tx.empty() ? "" : ", ", name.empty() ? "(none)" : name,
                          count.get<std::uint64_t>());
    }
    std::printf("transmitters   %s (pairs)\n", tx.c_str());
    std::string forms;
    for (const auto& [name, count] : j["weight_forms"].items()) {
        forms += fmt::format("{}{} ({} pairs)", forms.empty() ? "" : ", ", name,
                             count.get<std::uint64_t>());
    }
    std::printf("weight form    %s\n", forms.empty() ? "(no synapses)" : forms.c_str());
    std::printf(
        "memory         %.2f bytes per synapse in the engine's store (unit weight %g, "
        "delay %g ms, dt %g ms, %u blocks)\n",
        j["bytes_per_synapse"].get<double>(), opt.unit_weight, opt.delay_ms, opt.dt_ms,
        j["bytes_per_synapse_assumes"]["blocks"].get<unsigned>());
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
