#include "network/brunel.hpp"

#include <cmath>

#include "core/random_stream.hpp"

namespace brainemu {

std::uint32_t brunel_params::c_e() const {
    return static_cast<std::uint32_t>(std::lround(epsilon * n_e));
}
std::uint32_t brunel_params::c_i() const {
    return static_cast<std::uint32_t>(std::lround(epsilon * n_i));
}
double brunel_coupling::external_rate_hz(std::uint32_t c_e) const {
    const double nu_thr_per_ms = theta_mV / (j_mV * c_e * tau_m_ms);
    return 1000.0 * nu_thr_per_ms * eta * c_e;
}
std::uint16_t brunel_coupling::delay_steps(double dt_ms) const {
    return static_cast<std::uint16_t>(std::lround(delay_ms / dt_ms));
}

network build_brunel(const brunel_params& p, std::uint64_t seed, double dt_ms,
                     const neuron_layout& blocks) {
    network net;
    net.size = p.n_e + p.n_i;
    net.populations = {{"E", {0, p.n_e}}, {"I", {p.n_e, net.size}}};
    const std::uint16_t delay = p.delay_steps(dt_ms);
    const float w_e = p.excitatory_weight();
    const float w_i = p.inhibitory_weight();
    const std::uint32_t c_e = p.c_e(), c_i = p.c_i();
    auto gen = [&](index_range targets, auto&& emit) {
        for (neuron_id t = targets.first; t < targets.last; ++t) {
            random_stream from_e(seed, purpose_code(stream_purpose::connectivity, 0), t, 0);
            for (std::uint32_t j = 0; j < c_e; ++j) {
                emit(from_e.below(p.n_e), t, w_e, delay);
            }
            random_stream from_i(seed, purpose_code(stream_purpose::connectivity, 1), t, 0);
            for (std::uint32_t j = 0; j < c_i; ++j) {
                emit(p.n_e + from_i.below(p.n_i), t, w_i, delay);
            }
        }
    };
    net.layout = blocks;
    net.synapses = build_synapse_store(net.size, blocks, gen);
    return net;
}

}  // namespace brainemu
