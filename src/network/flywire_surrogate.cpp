#include "network/flywire_surrogate.hpp"

#include <cmath>

#include "core/random_stream.hpp"

namespace brainemu {

network build_flywire_surrogate(const flywire_surrogate_params& p, std::uint64_t seed, double dt_ms,
                                const std::vector<index_range>& partitions) {
    network net;
    net.size = p.neurons;
    net.populations = {{"all", {0, p.neurons}}};
    const double mean_in = static_cast<double>(p.pairs) / p.neurons;
    const double sigma = p.in_degree_sigma;
    // Geometric number of extra synapses with mean (synapses / pairs - 1): P(stop) = 1 / mean'.
    const double extra_mean = static_cast<double>(p.synapses) / static_cast<double>(p.pairs) - 1.0;
    const double stop = 1.0 / (1.0 + extra_mean);
    const auto delay = static_cast<std::uint16_t>(std::lround(p.delay_ms / dt_ms));
    auto inhibitory = [&](std::uint32_t neuron) {
        random_stream rs(seed, purpose_code(stream_purpose::initial_state, 1), neuron, 0);
        return rs.uniform() < p.inhibitory_fraction;
    };
    auto gen = [&](index_range targets, auto&& emit) {
        constexpr bool values = std::decay_t<decltype(emit)>::needs_values;
        for (std::uint32_t t = targets.first; t < targets.last; ++t) {
            random_stream degree(seed, purpose_code(stream_purpose::indegree), t, 0);
            // Lognormal with mean mean_in: exp(N(log(mean_in) - sigma^2 / 2, sigma)).
            const double x =
                std::exp(std::log(mean_in) - 0.5 * sigma * sigma + sigma * degree.normal());
            const auto k = static_cast<std::uint32_t>(std::min(x + 0.5, 4.0e9));
            random_stream sources(seed, purpose_code(stream_purpose::connectivity), t, 0);
            random_stream counts(seed, purpose_code(stream_purpose::weights), t, 0);
            for (std::uint32_t j = 0; j < k; ++j) {
                const std::uint32_t s = sources.below(p.neurons);
                if constexpr (!values) {
                    emit(s, t, 0.0f, 0);
                    continue;
                }
                std::uint32_t count = 1;
                while (counts.uniform() >= stop && count < 30000) {
                    ++count;
                }
                const double w = (inhibitory(s) ? -1.0 : 1.0) * count * p.w_syn_mV;
                emit(s, t, static_cast<float>(w), delay);
            }
        }
    };
    net.synapses = build_synapse_store(net.size, partitions, gen, synapse_hints{p.w_syn_mV});
    return net;
}

}  // namespace brainemu
