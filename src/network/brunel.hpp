#pragma once
// Brunel (2000) model A: sparse balanced network of excitatory and inhibitory delta-synapse LIF
// neurons with fixed in-degree (models.md section 3). Connectivity only; the experiment layer
// adds the neuron model and the external Poisson drive.

#include <cstdint>
#include <vector>

#include "network/network.hpp"

namespace brainemu {

// Brunel's synapses and external drive: what every network with his dynamics shares (this
// network and the cortex sheet).
struct brunel_coupling {
    double j_mV = 0.1;  // excitatory PSP jump
    double g = 5.0;     // relative inhibition: inhibitory weight = -g J
    double eta = 2.0;   // external rate in units of the threshold rate nu_thr
    double delay_ms = 1.5;
    double theta_mV = 20.0;  // threshold above rest, for nu_thr
    double tau_m_ms = 20.0;

    // Rate of the single Poisson train standing for c_e external inputs: c_e eta nu_thr, with
    // nu_thr = theta / (J c_e tau_m).
    [[nodiscard]] double external_rate_hz(std::uint32_t c_e) const;
    [[nodiscard]] float excitatory_weight() const { return static_cast<float>(j_mV); }
    [[nodiscard]] float inhibitory_weight() const { return static_cast<float>(-g * j_mV); }
    [[nodiscard]] std::uint16_t delay_steps(double dt_ms) const;
};

struct brunel_params : brunel_coupling {
    std::uint32_t n_e = 10000;
    std::uint32_t n_i = 2500;
    double epsilon = 0.1;  // in-degree = epsilon * N, per source population

    [[nodiscard]] std::uint32_t c_e() const;
    [[nodiscard]] std::uint32_t c_i() const;
    [[nodiscard]] double external_rate_hz() const {
        return brunel_coupling::external_rate_hz(c_e());
    }
};

// Multapses and autapses allowed, as NEST's fixed_indegree default used by its Brunel example.
[[nodiscard]] network build_brunel(const brunel_params& p, std::uint64_t seed, double dt_ms,
                                   const neuron_layout& blocks);

}  // namespace brainemu
