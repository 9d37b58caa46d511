#include "report/activity.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "report/svg.hpp"

namespace brainemu::report {

std::vector<population_range> population_ranges(const std::vector<population_row>& rows,
                                                std::uint32_t neurons) {
    std::vector<population_range> out;
    std::uint32_t first = 0;
    for (const population_row& r : rows) {
        out.push_back({r.name, first, first + r.neurons});
        first += r.neurons;
    }
    if (out.empty() || first != neurons) {
        return {{"all", 0, neurons}};
    }
    return out;
}

std::vector<std::uint32_t> spikes_per_neuron(std::span<const spike> spikes, std::uint32_t neurons,
                                             const std::filesystem::path& file) {
    std::vector<std::uint32_t> counts(neurons, 0);
    for (const spike& s : spikes) {
        if (s.neuron >= neurons) {
            throw input_error({file.string(), 0, ""},
                              fmt::format("damaged file: a spike of neuron {} in a network of {} "
                                          "neurons (profile.json)",
                                          s.neuron, neurons));
        }
        ++counts[s.neuron];
    }
    return counts;
}

double rate_bin_ms(double duration_ms, double dt_ms, double max_bins) {
    const double bin = nice_ceil(std::max(dt_ms, duration_ms / max_bins));
    // A whole number of steps, so every bin holds the same number of steps.
    return std::max(dt_ms, std::round(bin / dt_ms) * dt_ms);
}

std::vector<series> population_rate_series(std::span<const spike> spikes,
                                           const std::vector<population_range>& populations,
                                           std::uint64_t steps, double dt_ms, double bin_ms) {
    if (steps == 0) {
        return {};
    }
    const auto steps_per_bin =
        std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(bin_ms / dt_ms)));
    const std::uint64_t bins =
        std::max<std::uint64_t>(1, (steps + steps_per_bin - 1) / steps_per_bin);
    std::vector<std::vector<double>> counts(populations.size(), std::vector<double>(bins, 0.0));
    std::vector<std::uint32_t> starts;
    for (const population_range& p : populations) {
        starts.push_back(p.first);
    }
    for (const spike& s : spikes) {
        if (s.step >= steps) {
            continue;
        }
        const auto it = std::upper_bound(starts.begin(), starts.end(), s.neuron);
        if (it == starts.begin()) {
            continue;
        }
        const auto p = static_cast<std::size_t>(it - starts.begin() - 1);
        if (s.neuron < populations[p].last) {
            counts[p][s.step / steps_per_bin] += 1.0;
        }
    }
    std::vector<series> out;
    const double bin_s = static_cast<double>(steps_per_bin) * dt_ms * 1e-3;
    for (std::size_t p = 0; p < populations.size(); ++p) {
        series s{populations[p].name, {}, {}};
        const double size =
            std::max(1.0, static_cast<double>(populations[p].last - populations[p].first));
        for (std::uint64_t b = 0; b < bins; ++b) {
            // The last bin may be short: divide by the steps it really holds.
            const std::uint64_t held = std::min(steps_per_bin, steps - b * steps_per_bin);
            const double seconds =
                bin_s * static_cast<double>(held) / static_cast<double>(steps_per_bin);
            s.x.push_back(
                (static_cast<double>(b * steps_per_bin) + static_cast<double>(held) / 2.0) * dt_ms);
            s.y.push_back(counts[p][b] / (size * seconds));
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace brainemu::report
