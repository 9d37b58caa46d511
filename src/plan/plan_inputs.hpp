#pragma once
// Every input of a plan in one value, and the registry that names each numeric input for
// --set and --sweep (units in the names). Validation happens here, once, with the field named.

#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"
#include "plan/devices.hpp"
#include "plan/fidelity.hpp"
#include "plan/locality_model.hpp"
#include "plan/organisms.hpp"

namespace brainemu::plan {

// Hardware trends per two years for --timeline, and the year the projection starts from
// (0 = the device's year). A trend left at 0 is fitted per device over the catalog's dated
// accelerators and the announced roadmap (supply_trends.hpp); a value set replaces the fit for
// its axis (Freeman's whole-system figures, planner-facts 1.1: flop 3, memory bandwidth 1.6,
// interconnect 1.4; per-device memory 1.46).
struct trend_params {
    double flop_per_2y = 0.0;
    double memory_bandwidth_per_2y = 0.0;
    double interconnect_per_2y = 0.0;
    double memory_bytes_per_2y = 0.0;
    double base_year = 0.0;
};

// What brainemu measured in a run (calibration.hpp), carried for the report.
struct measured_profile {
    std::string path;
    std::string network;
    double neurons = 0.0;
    double synapses = 0.0;
    double bytes_per_synapse = 0.0;       // bytes_resident.synapses / synapses
    double bytes_per_neuron = 0.0;        // every other resident byte / neurons
    double state_bytes_per_neuron = 0.0;  // bytes_resident.state / neurons
    double s_per_neuron_update = 0.0;     // thread-seconds of update / neuron_updates
    double s_per_synaptic_event = 0.0;    // thread-seconds of delivery / synaptic_events
    double steps_per_s = 0.0;             // 1000 / dt_ms
    double threads = 0.0;
    double mean_rate_hz = 0.0;
    // Where the figures were measured at scale: one rank of `ranks` (a dry run) of a network of
    // network_neurons neurons (the run's own size otherwise), and what that rank received.
    double network_neurons = 0.0;
    double ranks = 1.0;
    std::optional<double> bytes_received_per_s;  // per rank, per simulated second
    std::optional<double> messages_per_spike;    // received per spike the rank fired
    // What a partitioned run (--parts, --virtual-parts, MPI) or a dry run measured of its
    // traffic: bytes per spike message, and the share of synapses whose source is in another
    // part when parts hold cut_neurons_per_part neurons (cut by cut_method).
    std::optional<double> bytes_per_message;
    std::optional<double> cut_fraction;
    double cut_neurons_per_part = 0.0;
    std::string cut_method;
    // From a run of biophysical cells (cable_profile.json): the cells' bytes per compartment,
    // and thread-seconds per compartment-step (the dendritic synapses' decay included);
    // compartments per cell as measured.
    std::optional<double> bytes_per_compartment;
    std::optional<double> s_per_compartment_step;
    double compartments_per_neuron = 1.0;
};

struct plan_inputs {
    organism org;
    neuron_model neuron;
    synapse_model synapse;
    double overhead_factor = 2.0;  // memory bookkeeping, Freeman ("HPC overhead x2")
    // Bytes moved per synaptic event besides the synapse itself: a 4-byte input accumulator
    // read and written.
    double ring_buffer_bytes_per_event = 8.0;
    // Neuron state read and written each step; NaN = the neuron's resident bytes.
    double state_bytes_per_neuron = std::numeric_limits<double>::quiet_NaN();
    bool time_driven_synapses = false;  // synapse_update = "time": every synapse every step
    // neuron_update = "event": a neuron costs its model's flop_per_spike per spike it fires,
    // its state advanced analytically in between (SoBE's event-driven neuron cost).
    bool event_driven_neurons = false;
    // Wall-clock seconds per simulated second the plan aims at: 1 = real time; published
    // human-scale runs took 60-120 (Lu et al. 2024, planner-facts 1.1). Rates of work (FLOP/s,
    // bytes/s) scale by 1 / target_rtf; resident memory does not.
    double target_rtf = 1.0;
    locality_params locality;
    device dev;
    // Which peak the compute axis counts: each kernel at its model's precision (neurons FP64,
    // synapse events FP32), or, once a cluster or --precision names one, every kernel at
    // `precision` (published cluster totals count one tensor peak).
    bool precision_by_kernel = true;
    precision_kind precision = precision_kind::fp32;
    double devices = 0.0;  // 0 = as many as the plan needs
    std::string cluster;   // the cluster's name, when one was given
    std::string preset;    // the preset's name, when one was given
    trend_params trend;
    std::optional<measured_profile> measured;

    [[nodiscard]] double synapses_per_neuron() const { return org.synapses / org.neurons; }
    [[nodiscard]] double neuron_resident_bytes() const {
        return neuron.bytes_per_neuron + neuron.compartments * neuron.bytes_per_compartment;
    }
    [[nodiscard]] bool devices_fixed() const { return devices > 0.0; }
    [[nodiscard]] precision_kind neuron_precision() const {
        return precision_by_kernel ? neuron.precision : precision;
    }
    [[nodiscard]] precision_kind synapse_precision() const {
        return precision_by_kernel ? synapse.precision : precision;
    }
};

// One settable input: its name (units in it), what it means, and its valid range.
struct param_info {
    std::string name;
    std::string meaning;
    double min = 0.0;                                      // inclusive
    double max = std::numeric_limits<double>::infinity();  // inclusive
    bool positive = false;                                 // must be > 0 (then min is not used)
    bool integer = false;
};

// Throws input_error at `where` unless `value` is finite and within `info`'s range.
void check_value(const param_info& info, double value, const input_location& where);

[[nodiscard]] const std::vector<param_info>& numeric_params();
[[nodiscard]] std::vector<std::string> param_names();  // numeric and text inputs

// Reads and writes a numeric input by name; throws input_error naming `field` for an unknown
// name or a value out of range.
[[nodiscard]] double param_value(const plan_inputs& in, std::string_view name);
void set_param(plan_inputs& in, std::string_view name, double value, const input_location& where);

// Applies KEY=VALUE overrides (numbers, or the text inputs precision (a precision or
// "kernel"), message_convention, synapse_update and neuron_update; cross_fraction=model returns to
// the locality model): text inputs first, then numeric ones in registry order, so that
// synapses_per_neuron sees the final neuron count whatever the order on the command line.
void apply_overrides(plan_inputs& in, const std::vector<std::string>& overrides,
                     std::string_view field = "--set");

// Sets the precision from text: "kernel" (each kernel at its model's) or one precision for all.
void set_precision(plan_inputs& in, std::string_view text, std::string_view field);

// Checks every input (counts > 0, fractions in range); throws input_error naming the field.
void validate(const plan_inputs& in);

}  // namespace brainemu::plan
