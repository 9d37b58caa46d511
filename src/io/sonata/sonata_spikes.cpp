#include "io/sonata/sonata_spikes.hpp"

#include <algorithm>
#include <array>
#include <numeric>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "io/sonata/hdf5_file.hpp"

namespace brainemu {
namespace {

sonata_spikes read_pair(const hdf5::file& f, const std::string& group, const char* ids_name,
                        std::string population) {
    sonata_spikes s;
    s.population = std::move(population);
    s.timestamps_ms = f.read_f64(group + "/timestamps");
    s.node_ids = f.read_u64(group + "/" + ids_name);
    if (s.node_ids.size() != s.timestamps_ms.size()) {
        throw input_error({f.path().string(), 0, group + "/" + ids_name},
                          fmt::format("{} entries, timestamps has {}", s.node_ids.size(),
                                      s.timestamps_ms.size()));
    }
    if (const auto units = f.string_attribute(group + "/timestamps", "units");
        units && *units != "ms") {
        throw input_error({f.path().string(), 0, group + "/timestamps"},
                          fmt::format("units = '{}'; only ms is supported", *units));
    }
    return s;
}

void sort_spikes(sonata_spikes& s, sonata_sorting sorting) {
    if (sorting == sonata_sorting::none) {
        return;
    }
    std::vector<std::size_t> order(s.node_ids.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (sorting == sonata_sorting::by_id && s.node_ids[a] != s.node_ids[b]) {
            return s.node_ids[a] < s.node_ids[b];
        }
        return s.timestamps_ms[a] < s.timestamps_ms[b];
    });
    sonata_spikes out{s.population, {}, {}};
    for (std::size_t i : order) {
        out.timestamps_ms.push_back(s.timestamps_ms[i]);
        out.node_ids.push_back(s.node_ids[i]);
    }
    s = std::move(out);
}

}  // namespace

std::vector<sonata_spikes> read_sonata_spikes(const std::filesystem::path& path) {
    const hdf5::file f = hdf5::file::open(path);
    if (!f.has("/spikes")) {
        throw input_error({path.string(), 0, "/spikes"}, "missing group (not a spike file)");
    }
    if (f.has("/spikes/gids")) {
        return {read_pair(f, "/spikes", "gids", "")};
    }
    std::vector<sonata_spikes> out;
    for (const std::string& pop : f.members("/spikes")) {
        out.push_back(read_pair(f, "/spikes/" + pop, "node_ids", pop));
    }
    return out;
}

void write_sonata_spikes(const std::filesystem::path& path, std::vector<sonata_spikes> spikes,
                         sonata_sorting sorting) {
    hdf5::write_sonata_file(path, [&](hdf5::file& f) {
        f.create_group("/spikes");
        static constexpr std::array<const char*, 3> names = {"none", "by_id", "by_time"};
        for (auto& s : spikes) {
            sort_spikes(s, sorting);
            const std::string group = "/spikes/" + s.population;
            f.create_group(group);
            f.write_string_attribute(group, "sorting", names[static_cast<std::size_t>(sorting)]);
            f.write_f64(group + "/timestamps", s.timestamps_ms);
            f.write_string_attribute(group + "/timestamps", "units", "ms");
            f.write_u64(group + "/node_ids", s.node_ids);
        }
    });
}

}  // namespace brainemu
