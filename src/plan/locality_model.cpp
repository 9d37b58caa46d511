#include "plan/locality_model.hpp"

#include <algorithm>
#include <cmath>

namespace brainemu::plan {
namespace {

// Partitions form a 3D grid of cubes: 26 neighbours each.
constexpr double neighbours = 26.0;

// The local axons' crossing fraction for partitions of this many neurons: a point uniform in
// [0, L] displaced by d leaves with probability E|d| / L; an isotropic displacement of mean
// length r has E|d_x| = r / 2 on each of three axes: 1.5 r / L.
double local_cross(const locality_params& p, double neurons_per_partition) {
    const double side_mm = std::cbrt(neurons_per_partition / p.neurons_per_mm3);
    return side_mm > 0.0 ? std::min(1.0, 1.5 * p.axon_reach_mm / side_mm) : 1.0;
}

}  // namespace

double model_cross_fraction(const locality_params& p, double neurons_per_partition) {
    const double a = std::clamp(p.long_range_share, 0.0, 1.0);
    return a + (1.0 - a) * local_cross(p, neurons_per_partition);
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
    const double per_partition = neurons / partitions;
    const double model = model_cross_fraction(p, per_partition);
    t.cross_fraction = std::isnan(p.cross_fraction) ? model : p.cross_fraction;
    // A fixed crossing fraction is split between long-range and local synapses as the locality
    // curve splits it at this partition size (not long-range first, which would send nearly
    // every message off the scale-up domain).
    const double long_share_of_crossing =
        model > 0.0 ? std::clamp(p.long_range_share, 0.0, 1.0) / model : 0.0;
    const double long_fraction = t.cross_fraction * long_share_of_crossing;
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

    // Which messages leave the scale-up domain. A domain is a contiguous block of D partitions
    // (a hierarchical partition makes it so), so its local crossings are the locality curve's
    // at D times the neurons: of a device's local crossings, local(n D) / local(n) also cross
    // its domain's boundary. Long-range targets lie uniformly among the other partitions.
    double local_out = 1.0;
    double long_out = 1.0;
    if (domain_devices > 1.0) {
        if (partitions <= domain_devices) {
            local_out = long_out = 0.0;
        } else {
            const double here = local_cross(p, per_partition);
            local_out = here > 0.0 ? local_cross(p, per_partition * domain_devices) / here : 0.0;
            long_out = 1.0 - (domain_devices - 1.0) / others;
        }
    }
    t.out_of_domain_share = t.messages_per_spike > 0.0
                                ? (m_local * local_out + m_long * long_out) / t.messages_per_spike
                                : 0.0;
    return t;
}

}  // namespace brainemu::plan
