#pragma once
// How many spike messages cross partitions. A partition is a cube of tissue holding
// neurons_per_partition neurons; a synapse crosses when its source sits in another partition.
// Parametric default (planner-facts.md section 6.1): a long-range share that always crosses,
// plus local axons that cross the partition's faces, (1 - a) * min(1, 1.5 r / L) for a cube of
// side L and mean local axon displacement r. Calibratable from measured cuts (fit_locality).
// Traffic splits between the scale-up and scale-out tiers by the same curve, taken at the
// device's and at the domain's size.

#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

namespace brainemu::plan {

struct locality_params {
    // Fixed fraction of synapses whose source is on another device (Freeman: 0.1); NaN = use
    // the parametric model.
    double cross_fraction = std::numeric_limits<double>::quiet_NaN();
    double long_range_share = 0.2;  // Markov et al. 2011: ~80% of inputs intrinsic to the area
    double axon_reach_mm = 0.3;     // r: local collaterals reach 0-2 mm; mean 0.2-0.5 mm
    double neurons_per_mm3 = 8.6e10 / 1.4e6;  // human: Azevedo 2009 / 1.4e6 mm3 (Freeman)
    // Partitions a neuron's long-range synapses spread over; 0 = all others (pessimistic).
    double long_range_partitions = 0.0;
    double bytes_per_spike_message = 4.0;  // Freeman; NEST GPU sends a 4 B local index
    // Pessimistic convention: one message per crossing synapse (Freeman). Default: one per
    // (spike, remote partition), as NEST and NEST GPU send them (design.md).
    bool per_synapse_messages = false;
    // Where the curve's parameters came from, for the report.
    std::string curve = "parametric model (planner-facts 6.1), not measured";
};

struct spike_traffic {
    double cross_fraction = 0.0;       // of synapses
    double messages_per_spike = 0.0;   // remote messages per emitted spike
    double bytes_per_s = 0.0;          // summed over all partitions
    double out_of_domain_share = 0.0;  // share of messages leaving the scale-up domain
};

// The model's crossing fraction for partitions of this many neurons.
[[nodiscard]] double model_cross_fraction(const locality_params& p, double neurons_per_partition);

// Traffic of a network split into `partitions` equal cubes, grouped into scale-up domains of
// `domain_devices` partitions each (also cubes).
[[nodiscard]] spike_traffic estimate_traffic(const locality_params& p, double neurons,
                                             double synapses, double mean_rate_hz,
                                             double partitions, double domain_devices);

// Expected distinct partitions hit when k messages go uniformly at random to m partitions.
[[nodiscard]] double distinct_targets(double k, double m);

// One measured cut: the fraction of synapses crossing when partitions hold this many neurons.
struct cut_point {
    double neurons_per_partition = 0.0;
    double cut_fraction = 0.0;
};

struct locality_fit {
    double long_range_share = 0.0;
    double axon_reach_mm = 0.0;
    double rms_error = 0.0;
    std::size_t points = 0;
};

// Least-squares fit of the parametric model's two parameters (density held fixed).
[[nodiscard]] locality_fit fit_locality(const std::vector<cut_point>& cuts, double neurons_per_mm3);

// Reads measured cuts: CSV with a header, or JSON (an array of objects, or an object with a
// "rows" array). Each row has cut_fraction and either neurons_per_partition or neurons + parts.
[[nodiscard]] std::vector<cut_point> read_cut_points(const std::filesystem::path& path);

}  // namespace brainemu::plan
