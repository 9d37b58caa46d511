#include "cli/import_command.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "io/bcx.hpp"
#include "io/import/byte_source.hpp"
#include "io/import/importers.hpp"

namespace brainemu {
namespace {

struct import_request {
    std::string format;
    std::vector<std::string> inputs;
    std::string out;
    std::vector<std::string> options;
    std::string transmitters, neurons;
};

void refuse_overwriting_input(const std::string& out, const std::string& input) {
    std::error_code ec;
    if (std::filesystem::equivalent(out, input, ec) && !ec) {
        throw input_error({"", 0, "--out"},
                          fmt::format("{} is an input of this import ({}): writing the .bcx there "
                                      "would replace its own source",
                                      out, input));
    }
}

// Everything is parsed and checked before the .bcx is written (atomically), so a failed import
// leaves no file behind.
void run_import(const import_request& req) {
    const auto start = std::chrono::steady_clock::now();
    import_options options;
    for (const auto& o : req.options) {
        options.add(o);
    }
    if (!req.transmitters.empty()) {
        options.set("transmitters", req.transmitters);
    }
    if (!req.neurons.empty()) {
        options.set("neurons", req.neurons);
    }
    // The .bcx replaces the file at --out: never one of the files it is made from.
    for (const std::string* source : {&req.transmitters, &req.neurons}) {
        if (!source->empty()) {
            refuse_overwriting_input(req.out, *source);
        }
    }
    for (const std::string& input : req.inputs) {
        refuse_overwriting_input(req.out, input);
    }
    const import_inputs inputs(req.inputs.begin(), req.inputs.end());
    // On a terminal, a status line says how far into which file the import is (a FlyWire
    // import reads ~1 GB); it is cleared before the summary or an error.
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    if (tty) {
        set_read_progress([](const std::string& path, std::uint64_t done, std::uint64_t total) {
            std::fprintf(
                stderr, "\r\033[K  reading %s: %.0f%% of %.3g MB",
                std::filesystem::path(path).filename().c_str(),
                total > 0 ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0,
                static_cast<double>(total) * 1e-6);
            std::fflush(stderr);
        });
    }
    struct clear_status {
        bool tty;
        ~clear_status() {
            set_read_progress({});
            if (tty) {
                std::fputs("\r\033[K", stderr);
            }
        }
    };
    connectome c;
    {
        const clear_status clear{tty};
        c = import_connectome(req.format, inputs, options);
    }
    write_bcx(c, req.out);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf(
        "%s",
        fmt::format("Imported {} ({}): {} neurons, {} connected pairs, {} chemical synapses, {} "
                    "gap junctions in {} pairs, {} cell types, {} labels; wrote {} in {:.2f} s.\n",
                    req.format, fmt::join(req.inputs, ", "), c.size(), c.pairs(), c.synapse_count(),
                    c.gap_junction_count(), c.gap_a.size(), c.type_names.size() - 1,
                    c.labels.size(), req.out, seconds)
            .c_str());
}

}  // namespace

void add_import_command(CLI::App& app) {
    auto req = std::make_shared<import_request>();
    CLI::App* cmd = app.add_subcommand(
        "import", "Convert a connectome from a text format into a .bcx file (docs/importers.md)");
    cmd->add_option("--format", req->format,
                    fmt::format("Input format: {}", fmt::join(import_format_names(), ", ")))
        ->required();
    cmd->add_option("inputs", req->inputs, "Input files (.csv, .tsv, optionally .gz or .zst)")
        ->required();
    cmd->add_option("--out,-o", req->out, "The .bcx file to write")->required();
    // One value per --option, so `--option k=v INPUT` leaves INPUT to the positionals.
    cmd->add_option("--option", req->options, "Format option KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--transmitters", req->transmitters,
                    "cook2019: Bentley et al. 2016 transmitter table (= --option transmitters=)");
    cmd->add_option("--neurons", req->neurons,
                    "edgelist: neuron table with id/type/transmitter columns (= --option "
                    "neurons=)");
    cmd->callback([req] { run_import(*req); });
}

}  // namespace brainemu
