#include "plan/locality_model.hpp"

#include <algorithm>
#include <cmath>

namespace brainemu::plan {
namespace {

// Partitions form a 3D grid of cubes: 26 neighbours each.
constexpr double neighbours = 26.0;

// Share of a partition's 26 neighbours outside its scale-up domain, when a domain is a cube of
// s = D^(1/3) partitions per side: in one dimension a block of s keeps (3s - 2) / s of the
// offsets {-1, 0, 1} on average, so ((3s - 2) / s)^3 - 1 neighbours stay inside.
double neighbour_out_share(double domain_devices) {
    const double s = std::max(1.0, std::cbrt(domain_devices));
    const double inside = std::pow((3.0 * s - 2.0) / s, 3.0) - 1.0;
    return std::clamp(1.0 - inside / neighbours, 0.0, 1.0);
}

}  // namespace

double model_cross_fraction(const locality_params& p, double neurons_per_partition) {
    const double volume_mm3 = neurons_per_partition / p.neurons_per_mm3;
    const double side_mm = std::cbrt(volume_mm3);
    // A point uniform in [0, L] displaced by d leaves with probability E|d| / L; an isotropic
    // displacement of mean length r has E|d_x| = r / 2 on each of three axes: 1.5 r / L.
    const double local = side_mm > 0.0 ? std::min(1.0, 1.5 * p.axon_reach_mm / side_mm) : 1.0;
    const double a = std::clamp(p.long_range_share, 0.0, 1.0);
    return a + (1.0 - a) * local;
}

double distinct_targets(double k, double m) {
    if (k <= 0.0 || m <= 0.0) {
        return 0.0;
    }
    if (m <= 1.0) {
        return m;
    }
    // m (1 - (1 - 1/m)^k), through log1p/expm1 so that k/m << 1 stays exact.
    return -m * std::expm1(k * std::log1p(-1.0 / m));
}

spike_traffic estimate_traffic(const locality_params& p, double neurons, double synapses,
                               double mean_rate_hz, double partitions, double domain_devices) {
    spike_traffic t;
    if (partitions <= 1.0 || neurons <= 0.0) {
        return t;
    }
    const double per_neuron = synapses / neurons;
    t.cross_fraction = std::isnan(p.cross_fraction) ? model_cross_fraction(p, neurons / partitions)
                                                    : p.cross_fraction;
    const double long_fraction = std::min(t.cross_fraction, p.long_range_share);
    const double k_long = per_neuron * long_fraction;
    const double k_local = per_neuron * (t.cross_fraction - long_fraction);
    const double others = partitions - 1.0;
    const double long_spread =
        p.long_range_partitions > 0.0 ? std::min(p.long_range_partitions, others) : others;

    double m_local = k_local;
    double m_long = k_long;
    if (!p.per_synapse_messages) {
        m_local = distinct_targets(k_local, std::min(neighbours, others));
        m_long = distinct_targets(k_long, long_spread);
    }
    t.messages_per_spike = m_local + m_long;
    t.bytes_per_s = neurons * mean_rate_hz * t.messages_per_spike * p.bytes_per_spike_message;

    // Which messages leave the scale-up domain: neighbours by the cube geometry above,
    // long-range targets uniformly among the other partitions.
    double local_out = 1.0;
    double long_out = 1.0;
    if (domain_devices > 1.0) {
        if (partitions <= domain_devices) {
            local_out = long_out = 0.0;
        } else {
            local_out = neighbour_out_share(domain_devices);
            long_out = 1.0 - (domain_devices - 1.0) / others;
        }
    }
    t.out_of_domain_share = t.messages_per_spike > 0.0
                                ? (m_local * local_out + m_long * long_out) / t.messages_per_spike
                                : 0.0;
    return t;
}

}  // namespace brainemu::plan
