#include "network/flywire_surrogate.hpp"

#include <cmath>

#include <fmt/format.h>

#include "core/input_error.hpp"
#include "core/random_stream.hpp"

namespace brainemu {

namespace {

// Calls emit(source, target, synapse count) for every drawn synapse pair of targets [first,
// last): shared by the network and the connectome forms, so both are the same wiring.
template <class Emit>
void surrogate_pairs(const flywire_surrogate_params& p, std::uint64_t seed, index_range targets,
                     bool counts_needed, Emit&& emit) {
    const double mean_in = static_cast<double>(p.pairs) / p.neurons;
    const double sigma = p.in_degree_sigma;
    // Geometric number of extra synapses with mean (synapses / pairs - 1): P(stop) = 1 / mean'.
    const double extra_mean = static_cast<double>(p.synapses) / static_cast<double>(p.pairs) - 1.0;
    const double stop = 1.0 / (1.0 + extra_mean);
    for (neuron_id t = targets.first; t < targets.last; ++t) {
        random_stream degree(seed, purpose_code(stream_purpose::indegree), t, 0);
        // Lognormal with mean mean_in: exp(N(log(mean_in) - sigma^2 / 2, sigma)).
        const double x =
            std::exp(std::log(mean_in) - 0.5 * sigma * sigma + sigma * degree.normal());
        const auto k = static_cast<std::uint32_t>(std::min(x + 0.5, 4.0e9));
        random_stream sources(seed, purpose_code(stream_purpose::connectivity), t, 0);
        random_stream counts(seed, purpose_code(stream_purpose::weights), t, 0);
        for (std::uint32_t j = 0; j < k; ++j) {
            const std::uint32_t s = sources.below(p.neurons);
            std::uint32_t count = 1;
            if (counts_needed) {
                while (counts.uniform() >= stop && count < 30000) {
                    ++count;
                }
            }
            emit(s, static_cast<std::uint32_t>(t), count);  // a surrogate is < 2^32 neurons
        }
    }
}

bool surrogate_inhibitory(const flywire_surrogate_params& p, std::uint64_t seed,
                          std::uint32_t neuron) {
    random_stream rs(seed, purpose_code(stream_purpose::initial_state, 1), neuron, 0);
    return rs.uniform() < p.inhibitory_fraction;
}

}  // namespace

connectome flywire_surrogate_connectome(const flywire_surrogate_params& p, std::uint64_t seed,
                                        std::span<const std::int64_t> ids) {
    connectome_builder b;
    for (std::uint32_t i = 0; i < p.neurons; ++i) {
        const auto index = b.add_neuron(ids[i]);
        if (!index) {
            throw input_error({}, fmt::format("neuron id {} is listed twice", ids[i]));
        }
        b.set_transmitter(*index, surrogate_inhibitory(p, seed, i) ? "GABA" : "ACH");
    }
    surrogate_pairs(p, seed, {0, p.neurons}, true,
                    [&](std::uint32_t s, std::uint32_t t, std::uint32_t count) {
                        b.add_synapses(s, t, count);
                    });
    b.add_metadata("format", "flywire_surrogate");
    b.add_metadata("wiring",
                   "network/flywire_surrogate.hpp: lognormal in-degree (sigma 1), "
                   "uniform sources, 1 + geometric synapses per pair, 40% inhibitory");
    b.add_metadata("seed", fmt::format("{}", seed));
    return b.finish("flywire surrogate");
}

network build_flywire_surrogate(const flywire_surrogate_params& p, std::uint64_t seed, double dt_ms,
                                const neuron_layout& partitions) {
    network net;
    net.size = p.neurons;
    net.populations = {{"all", {0, p.neurons}}};
    const auto delay = static_cast<std::uint16_t>(std::lround(p.delay_ms / dt_ms));
    auto gen = [&](index_range targets, auto&& emit) {
        constexpr bool values = std::decay_t<decltype(emit)>::needs_values;
        surrogate_pairs(
            p, seed, targets, values, [&](std::uint32_t s, std::uint32_t t, std::uint32_t count) {
                const double w =
                    (surrogate_inhibitory(p, seed, s) ? -1.0 : 1.0) * count * p.w_syn_mV;
                emit(s, t, static_cast<float>(w), delay);
            });
    };
    net.layout = partitions;
    net.synapses = build_synapse_store(net.size, partitions, gen, synapse_hints{p.w_syn_mV});
    return net;
}

}  // namespace brainemu
