#include "io/edge_list_csv.hpp"

#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "io/csv_reader.hpp"

namespace brainemu {

edge_list read_edge_list_csv(const std::filesystem::path& path, std::uint32_t neurons,
                             double dt_ms) {
    csv_reader csv(path, {"source", "target", "weight_pA|weight_mV|weight_nS", "delay_ms"});
    edge_list e;
    e.weight_unit = csv.column(2).substr(7);
    while (csv.next()) {
        const std::int64_t source = csv.get_int(0);
        const std::int64_t target = csv.get_int(1);
        const double w = csv.get_double(2);
        const double d = csv.get_double(3);
        if (source < 0 || source >= neurons) {
            csv.fail(0, fmt::format("neuron {} outside [0, {})", source, neurons));
        }
        if (target < 0 || target >= neurons) {
            csv.fail(1, fmt::format("neuron {} outside [0, {})", target, neurons));
        }
        // Stored as float32: a value past its range would become infinite there.
        if (!std::isfinite(w) || std::abs(w) > std::numeric_limits<float>::max()) {
            csv.fail(2,
                     fmt::format("must be finite and within float32's range (3.4e38), got {}", w));
        }
        const double steps = std::round(d / dt_ms);
        if (!(d >= dt_ms * (1.0 - 1e-9))) {
            csv.fail(3, fmt::format("delay {} ms is shorter than one step (dt = {} ms)", d, dt_ms));
        }
        if (!(steps <= 65535.0)) {
            csv.fail(3, fmt::format("delay {} ms exceeds 65535 steps", d));
        }
        e.source.push_back(static_cast<std::uint32_t>(source));
        e.target.push_back(static_cast<std::uint32_t>(target));
        e.weight.push_back(static_cast<float>(w));
        e.delay_steps.push_back(static_cast<std::uint16_t>(steps));
    }
    return e;
}

std::vector<std::pair<neuron_id, double>> read_spike_times_csv(const std::filesystem::path& path,
                                                               neuron_id neurons) {
    csv_reader csv(path, {"neuron", "time_ms"});
    std::vector<std::pair<neuron_id, double>> out;
    while (csv.next()) {
        const std::int64_t n = csv.get_int(0);
        const double t = csv.get_double(1);
        if (n < 0 || static_cast<neuron_id>(n) >= neurons) {
            csv.fail(0, fmt::format("neuron {} outside [0, {})", n, neurons));
        }
        if (!(t >= 0.0) || !std::isfinite(t)) {
            csv.fail(1, fmt::format("time {} ms must be >= 0", t));
        }
        out.emplace_back(static_cast<neuron_id>(n), t);
    }
    return out;
}

}  // namespace brainemu
