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
    const double per_device = partitions > 0.0 ? t.bytes_per_s / partitions / in.target_rtf : 0.0;
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

// Energy is the devices' board power for as long as the run takes (target_rtf wall seconds per
// simulated second); cost is device-hours at the catalog's rental price.
void account_energy_and_cost(const plan_inputs& in, plan_result& r) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double events_per_s = in.org.synapses * in.org.mean_rate_hz;
    r.device_hours_per_simulated_s = r.devices * in.target_rtf / 3600.0;
    if (in.dev.power_w > 0.0) {
        r.power_w = r.devices * in.dev.power_w;
        r.energy_j_per_simulated_s = r.power_w * in.target_rtf;
        r.energy_j_per_synaptic_event =
            events_per_s > 0.0 ? r.energy_j_per_simulated_s / events_per_s : nan;
    } else {
        r.power_w = r.energy_j_per_simulated_s = r.energy_j_per_synaptic_event = nan;
    }
    auto cost = [&](double price) {
        return price > 0.0 ? r.device_hours_per_simulated_s * price : nan;
    };
    r.cost_usd_per_simulated_s = cost(in.dev.price_usd_per_hour);
    // The catalog's price range, while the price used lies within it (a --set price outside
    // it has no range).
    const bool ranged = in.dev.price_low_usd_per_hour > 0.0 &&
                        in.dev.price_low_usd_per_hour <= in.dev.price_usd_per_hour &&
                        in.dev.price_usd_per_hour <= in.dev.price_high_usd_per_hour;
    r.cost_low_usd_per_simulated_s =
        ranged ? cost(in.dev.price_low_usd_per_hour) : r.cost_usd_per_simulated_s;
    r.cost_high_usd_per_simulated_s =
        ranged ? cost(in.dev.price_high_usd_per_hour) : r.cost_usd_per_simulated_s;
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

std::string_view unit_of(const plan_result& r, axis_kind a) {
    return a == axis_kind::compute && r.compute_in_measured_time ? "core-s/s" : unit_of(a);
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

    // Compute: every compartment every step (or, event-driven, the neuron's cost per spike),
    // every synapse per arriving spike, and every synapse every step when synapses are
    // time-driven. All at the target RTF: a run k times slower than real time does 1/k of the
    // work per wall second.
    const double pace = 1.0 / in.target_rtf;
    r.neuron_flop_per_s =
        pace * (in.event_driven_neurons
                    ? n * rate * in.neuron.flop_per_spike
                    : n * in.neuron.compartments * in.neuron.flop_per_compartment_step * steps);
    r.synapse_flop_per_s = pace * s * rate * in.synapse.flop_per_event;
    if (in.time_driven_synapses) {
        r.synapse_flop_per_s += pace * s * in.synapse.flop_per_synapse_step * steps;
    }
    // Memory: resident bytes times the bookkeeping overhead.
    r.neuron_bytes = in.overhead_factor * n * in.neuron_resident_bytes();
    r.synapse_bytes = in.overhead_factor * s * in.synapse.bytes_per_synapse;
    // Memory bandwidth, streaming with no cache reuse: neuron state read and written every
    // step; per event the synapse read (and written back if plastic) and an input accumulator
    // updated; time-driven synapses read and written every step.
    const double state_bytes = std::isnan(in.state_bytes_per_neuron) ? in.neuron_resident_bytes()
                                                                     : in.state_bytes_per_neuron;
    const double neuron_updates_per_s = in.event_driven_neurons ? n * rate : n * steps;
    double bandwidth = neuron_updates_per_s * 2.0 * state_bytes +
                       s * rate *
                           (in.synapse.bytes_per_synapse * (1.0 + in.synapse.writes_per_event) +
                            in.ring_buffer_bytes_per_event);
    if (in.time_driven_synapses) {
        bandwidth += s * steps * 2.0 * in.synapse.bytes_per_synapse;
    }
    bandwidth *= pace;

    auto& compute = r.axes[0];
    auto& memory = r.axes[1];
    auto& memory_bw = r.axes[2];
    compute = {axis_kind::compute, true, r.neuron_flop_per_s + r.synapse_flop_per_s, 0.0,
               effective_flop_per_s(in, r.neuron_flop_per_s, r.synapse_flop_per_s)};
    if (in.measured) {
        r.measured_core_s_per_s = measured_core_s_per_s(*in.measured, in);
        // On a CPU node the measurement is the better figure: its cores do what the profiled
        // machine's cores did (the same kind of core assumed), so the axis counts core-seconds.
        if (in.dev.cores > 0.0) {
            r.compute_in_measured_time = true;
            compute.demand_total = *r.measured_core_s_per_s / in.target_rtf;
            compute.supply_per_device = in.dev.cores;
        }
    }
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
    account_energy_and_cost(in, r);
    return r;
}

double effective_flop_per_s(const plan_inputs& in, double neuron_flop, double synapse_flop) {
    const double neuron_peak = in.dev.flop_per_s(in.neuron_precision());
    const double synapse_peak = in.dev.flop_per_s(in.synapse_precision());
    const double seconds = neuron_flop / neuron_peak + synapse_flop / synapse_peak;
    return seconds > 0.0 ? (neuron_flop + synapse_flop) / seconds : neuron_peak;
}

std::vector<precision_row> binding_by_precision(const plan_inputs& in) {
    std::vector<precision_row> rows;
    if (in.measured && in.dev.cores > 0.0) {
        return rows;  // compute counts measured core-seconds: no peak enters the plan
    }
    for (const precision_kind p : {precision_kind::fp64, precision_kind::fp32,
                                   precision_kind::fp16_dense, precision_kind::fp16_sparse}) {
        if (!(in.dev.flop_per_s(p) > 0.0)) {
            continue;  // the device has no such peak
        }
        plan_inputs one = in;
        one.precision_by_kernel = false;
        one.precision = p;
        const plan_result r = compute_plan(one);
        rows.push_back({p, r.axis(axis_kind::compute).ratio,
                        r.axis(axis_kind::compute).devices_needed, r.binding});
    }
    return rows;
}

}  // namespace brainemu::plan
