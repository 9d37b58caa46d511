// Question: how fast does a FlyWire-sized connectome load from the binary format, and how many
// bytes per synapse does a run then hold? The FlyWire connection list is not at hand, so the
// file is the real FlyWire v783 neuron list (138,639 root ids, Completeness_783.csv) with the
// documented random wiring of network/flywire_surrogate.hpp (FlyWire's totals: ~15.1 million
// pairs, ~54.5 million synapses, 40% inhibitory neurons).
//
// Usage: build/release/bench/bcx_bench [--data DIR] [--file PATH.bcx] [--repeats 9]
//        [--out bench/results/bcx_load.json]
// --file keeps the generated .bcx there (for other benchmarks, e.g. bench/partition_table.py);
// by default it is written to a temporary file and removed. Load = mmap + header and every
// section's checksum + index checks (read_bcx), timed with the file in the page cache (the
// usual case for repeated runs; a cold read adds the disk's time for its bytes).

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "io/bcx.hpp"
#include "network/connectome_network.hpp"
#include "network/flywire_surrogate.hpp"
#include "provenance.hpp"

namespace {

using namespace brainemu;
using clock_type = std::chrono::steady_clock;

double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

std::vector<std::int64_t> read_ids(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(path.string() + ": cannot open");
    }
    std::vector<std::int64_t> ids;
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
        std::int64_t id = 0;
        const auto [p, ec] = std::from_chars(line.data(), line.data() + line.size(), id);
        if (ec != std::errc()) {
            throw std::runtime_error(path.string() + ": bad id line: " + line);
        }
        ids.push_back(id);
    }
    return ids;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

long peak_rss_kib() {
    std::ifstream status("/proc/self/status");
    std::string key;
    while (status >> key) {
        if (key == "VmHWM:") {
            long kib = 0;
            status >> kib;
            return kib;
        }
        status.ignore(1 << 20, '\n');
    }
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string data, file, out;
    int repeats = 9;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                std::exit(2);
            }
            return argv[++i];
        };
        if (a == "--data") {
            data = next();
        } else if (a == "--file") {
            file = next();
        } else if (a == "--repeats") {
            repeats = std::max(1, std::atoi(next().c_str()));
        } else if (a == "--out") {
            out = next();
        } else {
            std::fprintf(stderr, "unknown argument %s (see the header of bench/bcx_bench.cpp)\n",
                         a.c_str());
            return 2;
        }
    }
    if (data.empty()) {
        const char* env = std::getenv("BRAINEMU_DATA");
        data = env ? env : "../shared/data";
    }
    const auto ids_path = std::filesystem::path(data) / "flywire_shiu2024" / "Completeness_783.csv";
    if (!std::filesystem::exists(ids_path)) {
        std::fprintf(stderr, "SKIP: %s is absent (--data DIR or BRAINEMU_DATA)\n",
                     ids_path.c_str());
        return 77;
    }
    const bool keep = !file.empty();
    if (!keep) {
        file =
            (std::filesystem::temp_directory_path() / fmt::format("bcx_bench-{}.bcx", ::getpid()))
                .string();
    }

    const std::vector<std::int64_t> ids = read_ids(ids_path);
    flywire_surrogate_params p;
    p.neurons = static_cast<std::uint32_t>(ids.size());
    auto t0 = clock_type::now();
    const connectome generated = flywire_surrogate_connectome(p, 1, ids);
    const double generate_s = seconds_since(t0);
    t0 = clock_type::now();
    write_bcx(generated, file);
    const double write_s = seconds_since(t0);
    const auto file_bytes = std::filesystem::file_size(file);

    std::vector<double> load;
    std::uint64_t pairs = 0, synapses = 0;
    for (int r = 0; r < repeats; ++r) {
        t0 = clock_type::now();
        const connectome c = read_bcx(file);
        load.push_back(seconds_since(t0));
        pairs = c.pairs();
        synapses = c.synapse_count();
    }

    // What a run holds: the engine's store built from the file (Shiu's signs and weights).
    auto c = std::make_shared<const connectome>(read_bcx(file));
    connectome_weights w;
    w.unit_weight = 0.275;
    w.delay_ms = 1.8;
    w.signs = default_transmitter_signs();
    const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
    t0 = clock_type::now();
    const network net =
        build_connectome_network(c, w, 0.1, split_blocks(c->size(), threads), {}, file);
    const double build_s = seconds_since(t0);
    const double bytes_per_synapse =
        static_cast<double>(net.synapses.bytes()) / static_cast<double>(pairs);

    nlohmann::json j;
    j["question"] = "load time and resident bytes per synapse of a FlyWire-sized .bcx";
    j["neurons"] = c->size();
    j["pairs"] = pairs;
    j["synapses"] = synapses;
    j["file_bytes"] = file_bytes;
    j["file_bytes_per_pair"] = static_cast<double>(file_bytes) / static_cast<double>(pairs);
    j["generate_s"] = generate_s;
    j["write_s"] = write_s;
    j["load_s_median"] = median(load);
    j["load_s_all"] = load;
    j["engine_build_s"] = build_s;
    j["engine_threads"] = threads;
    j["bytes_per_synapse_resident"] = bytes_per_synapse;
    j["peak_rss_kib"] = peak_rss_kib();
    j["command"] = "build/release/bench/bcx_bench --out bench/results/bcx_load.json";
    const std::string commit = brainemu::bench::git_commit();
    j["commit"] = commit;
    j["machine"] = {{"cpus", std::thread::hardware_concurrency()}};
    std::printf(
        "FlyWire-sized .bcx: %u neurons, %llu pairs, %llu synapses, %.1f MB on disk "
        "(%.2f B per pair)\n",
        c->size(), static_cast<unsigned long long>(pairs),
        static_cast<unsigned long long>(synapses), static_cast<double>(file_bytes) / 1e6,
        static_cast<double>(file_bytes) / static_cast<double>(pairs));
    std::printf(
        "generate %.2f s, write %.2f s, load (mmap + checksums + checks) median %.3f s "
        "of %d\n",
        generate_s, write_s, median(load), repeats);
    std::printf("engine store built in %.2f s on %u threads: %.2f bytes per synapse resident\n",
                build_s, threads, bytes_per_synapse);
    if (!out.empty()) {
        std::ofstream(out) << j.dump(2) << "\n";
    }
    if (!keep) {
        std::filesystem::remove(file);
    }
    return 0;
}
