#include "plan/plan.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "plan/calibration.hpp"

namespace brainemu::plan {
namespace {

constexpr double inf = std::numeric_limits<double>::infinity();
constexpr double max_devices = 1e13;  // the search for a device count gives up here

double ratio_of(double supply, double demand) {
    return demand > 0.0 ? supply / demand : inf;
}

double domain_of(const device& d) {
    return d.has_scale_up() ? d.scale_up_domain_devices : 1.0;
}

// Per-device bytes/s on one tier when the network is split over `partitions` devices. Every
// message crosses the scale-up fabric once (to a peer in the domain, or on its way to a NIC
// through a peer, as NCCL's PXN routes it): an upper bound. Only messages that leave the
// domain cross the scale-out fabric.
double tier_demand(const plan_inputs& in, axis_kind tier, double partitions) {
    const spike_traffic t = estimate_traffic(in.locality, in.org.neurons, in.org.synapses,
                                             in.org.mean_rate_hz, partitions, domain_of(in.dev));
    const double per_device = partitions > 0.0 ? t.bytes_per_s / partitions : 0.0;
    return tier == axis_kind::scale_up ? per_device : per_device * t.out_of_domain_share;
}

// One direction's bandwidth, as the traffic is counted (the bytes a device sends per second).
// NVLink and Infinity Fabric datasheets, and so the catalog, quote scale-up bandwidth summed
// over both directions (the H100's 900 GB/s is 450 GB/s each way, the B200's 1.8 TB/s 900 GB/s
// each way); NICs are quoted one way (400 Gb/s = 50 GB/s each way).
double tier_supply(const plan_inputs& in, axis_kind tier) {
    return tier == axis_kind::scale_up ? in.dev.scale_up_bytes_per_s / 2.0
                                       : in.dev.scale_out_bytes_per_s;
}

// The smallest device count >= `from` at which the tier carries its traffic: a geometric scan,
// then bisection between the last count that failed and the first that fits.
double tier_devices_needed(const plan_inputs& in, axis_kind tier, double from) {
    const double supply = tier_supply(in, tier);
    auto fits = [&](double p) { return tier_demand(in, tier, p) <= supply; };
    if (fits(from)) {
        return from;
    }
    double lo = from;
    double hi = from;
    while (true) {
        hi = std::max(hi + 1.0, std::ceil(hi * 1.05));
        if (hi > max_devices) {
            return inf;
        }
        if (fits(hi)) {
            break;
        }
        lo = hi;
    }
    while (hi - lo > 1.0) {
        const double mid = std::floor((lo + hi) / 2.0);
        (fits(mid) ? hi : lo) = mid;
    }
    return hi;
}

}  // namespace

std::string_view to_string(axis_kind a) {
    switch (a) {
        case axis_kind::compute:
            return "compute";
        case axis_kind::memory:
            return "memory";
        case axis_kind::memory_bandwidth:
            return "memory_bandwidth";
        case axis_kind::scale_up:
            return "scale_up";
        case axis_kind::scale_out:
            return "scale_out";
    }
    return "?";
}

std::string_view unit_of(axis_kind a) {
    switch (a) {
        case axis_kind::compute:
            return "FLOP/s";
        case axis_kind::memory:
            return "B";
        default:
            return "B/s";
    }
}

plan_result compute_plan(const plan_inputs& in) {
    validate(in);
    plan_result r;
    const double n = in.org.neurons;
    const double s = in.org.synapses;
    const double rate = in.org.mean_rate_hz;
    const double steps = in.neuron.steps_per_s;

    // Compute: every compartment every step, every synapse per arriving spike, and every
    // synapse every step when synapses are time-driven.
    r.neuron_flop_per_s = n * in.neuron.compartments * in.neuron.flop_per_compartment_step * steps;
    r.synapse_flop_per_s = s * rate * in.synapse.flop_per_event;
    if (in.time_driven_synapses) {
        r.synapse_flop_per_s += s * in.synapse.flop_per_synapse_step * steps;
    }
    // Memory: resident bytes times the bookkeeping overhead.
    r.neuron_bytes = in.overhead_factor * n * in.neuron_resident_bytes();
    r.synapse_bytes = in.overhead_factor * s * in.synapse.bytes_per_synapse;
    // Memory bandwidth, streaming with no cache reuse: neuron state read and written every
    // step; per event the synapse read (and written back if plastic) and an input accumulator
    // updated; time-driven synapses read and written every step.
    const double state_bytes = std::isnan(in.state_bytes_per_neuron) ? in.neuron_resident_bytes()
                                                                     : in.state_bytes_per_neuron;
    double bandwidth = n * steps * 2.0 * state_bytes +
                       s * rate *
                           (in.synapse.bytes_per_synapse * (1.0 + in.synapse.writes_per_event) +
                            in.ring_buffer_bytes_per_event);
    if (in.time_driven_synapses) {
        bandwidth += s * steps * 2.0 * in.synapse.bytes_per_synapse;
    }

    auto& compute = r.axes[0];
    auto& memory = r.axes[1];
    auto& memory_bw = r.axes[2];
    compute = {axis_kind::compute, true, r.neuron_flop_per_s + r.synapse_flop_per_s, 0.0,
               in.dev.flop_per_s(in.precision)};
    memory = {axis_kind::memory, true, r.neuron_bytes + r.synapse_bytes, 0.0, in.dev.memory_bytes};
    memory_bw = {axis_kind::memory_bandwidth, true, bandwidth, 0.0,
                 in.dev.memory_bandwidth_bytes_per_s};
    double first_need = 1.0;
    for (axis_result* a : {&compute, &memory, &memory_bw}) {
        a->devices_needed = std::max(1.0, std::ceil(a->demand_total / a->supply_per_device));
        first_need = std::max(first_need, a->devices_needed);
    }
    // One device has no traffic at all: a tier's need is counted from the other axes' need.
    double need = first_need;
    for (axis_kind tier : {axis_kind::scale_up, axis_kind::scale_out}) {
        axis_result& a = r.axes[static_cast<std::size_t>(tier)];
        a.kind = tier;
        a.present = tier == axis_kind::scale_out || in.dev.has_scale_up();
        a.supply_per_device = tier_supply(in, tier);
        if (a.present) {
            a.devices_needed = tier_devices_needed(in, tier, first_need);
            if (std::isfinite(a.devices_needed)) {
                need = std::max(need, a.devices_needed);
            }
        }
    }

    r.devices_fixed = in.devices_fixed();
    r.devices = r.devices_fixed ? in.devices : need;
    r.traffic = estimate_traffic(in.locality, n, s, rate, r.devices, domain_of(in.dev));
    for (axis_result& a : r.axes) {
        if (a.kind == axis_kind::scale_up || a.kind == axis_kind::scale_out) {
            a.demand_per_device = a.present ? tier_demand(in, a.kind, r.devices) : 0.0;
            a.demand_total = a.demand_per_device * r.devices;
        } else {
            a.demand_per_device = a.demand_total / r.devices;
        }
        a.ratio = ratio_of(a.supply_per_device, a.demand_per_device);
    }
    // The binding axis has the least supply per unit of demand at the plan's device count
    // (without a fixed count, that is the axis needing the most devices).
    double least = inf;
    for (const axis_result& a : r.axes) {
        if (a.present && a.ratio < least) {
            least = a.ratio;
            r.binding = a.kind;
        }
    }
    if (in.measured) {
        r.measured_core_s_per_s = measured_core_s_per_s(*in.measured, in);
    }
    return r;
}

}  // namespace brainemu::plan
