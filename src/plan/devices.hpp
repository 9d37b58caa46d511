#pragma once
// The hardware catalog: devices (one accelerator or node) with memory, FLOP/s at each
// precision, memory bandwidth and two interconnect tiers, and clusters built from them.
// Every figure's source is in docs/planner.md (planner-facts.md section 5).

#include <string>
#include <string_view>
#include <vector>

namespace brainemu::plan {

// Which peak the compute axis counts. Neuron and synapse kernels are scalar FP32 and
// memory-bound, so fp32 is the honest default; published cluster totals use tensor peaks.
enum class precision_kind { fp64, fp32, fp16_dense, fp16_sparse };

[[nodiscard]] std::string_view to_string(precision_kind p);
// Throws input_error naming `field` for an unknown name.
[[nodiscard]] precision_kind parse_precision(std::string_view text, std::string_view field);

struct device {
    std::string name;
    double year = 0.0;  // first shipped: the timeline's base year
    double memory_bytes = 0.0;
    double memory_bandwidth_bytes_per_s = 0.0;
    double fp64_flop_per_s = 0.0;
    double fp32_flop_per_s = 0.0;
    double fp16_dense_flop_per_s = 0.0;   // tensor, no 2:4 sparsity
    double fp16_sparse_flop_per_s = 0.0;  // tensor with 2:4 sparsity (= FP8 dense)
    // Scale-up tier (NVLink, Infinity Fabric): per device, bidirectional as datasheets quote
    // it, within a domain of scale_up_domain_devices devices. A domain of 1 = no such tier.
    double scale_up_bytes_per_s = 0.0;
    double scale_up_domain_devices = 1.0;
    double scale_out_bytes_per_s = 0.0;  // NIC (or torus injection) bandwidth per device
    // CPU cores per device: a CPU node's compute axis can count a calibrated plan's measured
    // core-seconds instead of FLOP. 0 = an accelerator (FLOP only).
    double cores = 0.0;
    std::string source;
    std::string as_of{};  // when the figures were checked against their sources (YYYY-MM)
    // Board power at its rated maximum (TDP); hosts, network and cooling are not counted.
    // 0 = no sourced figure: energy is not reported.
    double power_w = 0.0;
    // On-demand rental price per device-hour, central and the range its sources quote;
    // 0 = no sourced price: cost is not reported.
    double price_usd_per_hour = 0.0;
    double price_low_usd_per_hour = 0.0;
    double price_high_usd_per_hour = 0.0;
    std::string price_source{};

    [[nodiscard]] double flop_per_s(precision_kind p) const;
    [[nodiscard]] double& flop_per_s(precision_kind p);
    [[nodiscard]] bool has_scale_up() const {
        return scale_up_domain_devices > 1.0 && scale_up_bytes_per_s > 0.0;
    }
};

struct cluster {
    std::string name;
    std::string device;  // a device name in the catalog
    double devices = 0.0;
    precision_kind precision = precision_kind::fp32;  // the peak its published total counts
    std::string source;
};

// h100, h200, b200, gb200, gb300, mi300x, mi325x, mi355x, a64fx (a Fugaku node), cpu-node.
[[nodiscard]] std::vector<device> builtin_devices();
// h100-100k, mid-2020s (= b200-100k), fugaku.
[[nodiscard]] std::vector<cluster> builtin_clusters();

}  // namespace brainemu::plan
