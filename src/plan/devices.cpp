#include "plan/devices.hpp"

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu::plan {

std::string_view to_string(precision_kind p) {
    switch (p) {
        case precision_kind::fp64:
            return "fp64";
        case precision_kind::fp32:
            return "fp32";
        case precision_kind::fp16_dense:
            return "fp16_dense";
        case precision_kind::fp16_sparse:
            return "fp16_sparse";
    }
    return "?";
}

precision_kind parse_precision(std::string_view text, std::string_view field) {
    for (auto p : {precision_kind::fp64, precision_kind::fp32, precision_kind::fp16_dense,
                   precision_kind::fp16_sparse}) {
        if (text == to_string(p)) {
            return p;
        }
    }
    throw input_error({"", 0, std::string(field)},
                      fmt::format("unknown precision '{}'; one of fp64, fp32, fp16_dense, "
                                  "fp16_sparse",
                                  text));
}

namespace {

// One switch for the const and the mutable accessor.
template <class Device>
auto& flop_field(Device& d, precision_kind p) {
    switch (p) {
        case precision_kind::fp64:
            return d.fp64_flop_per_s;
        case precision_kind::fp32:
            return d.fp32_flop_per_s;
        case precision_kind::fp16_dense:
            return d.fp16_dense_flop_per_s;
        case precision_kind::fp16_sparse:
            break;
    }
    return d.fp16_sparse_flop_per_s;
}

}  // namespace

double device::flop_per_s(precision_kind p) const {
    return flop_field(*this, p);
}

double& device::flop_per_s(precision_kind p) {
    return flop_field(*this, p);
}

namespace {

// Power and rental price, kept apart from the hardware figures because their sources differ.
// Prices are on-demand USD per device-hour as 2026 price surveys quote them; a device without a
// sourced price has none here, and the plan says so rather than guess.
void annotate_power_and_price(std::vector<device>& devices) {
    struct extra {
        const char* name;
        const char* as_of;
        double power_w;
        double price, low, high;
        const char* price_source;
    };
    static const extra table[] = {
        {"h100", "2026-05", 700.0, 2.95, 1.99, 5.00,
         "H100 SXM on demand: $2.95 the median of 37 providers (aimultiple.com GPU index, "
         "2026-05); $1.99-5.00 from long-tail clouds to hyperscalers (mercatus-ai.com, 2026-05)"},
        {"h200", "2026-05", 700.0, 4.54, 2.50, 7.00,
         "H200 SXM on demand: $4.54 (spheron.network, 2026-03-17); $2.50-7.00 from long-tail "
         "clouds to hyperscalers (mercatus-ai.com, 2026-05)"},
        {"b200", "2026-03", 1000.0, 5.25, 4.50, 6.03,
         "B200 on demand: $4.50-6.00 on specialised clouds (lyceum.technology, 2026-03-11; "
         "central the midpoint), $6.03 (spheron.network, 2026-03-17)"},
        {"gb200", "2026-03", 1200.0, 4.54, 4.54, 4.54,
         "GB200: $9.08 per superchip of two GPUs on demand (spheron.network, 2026-03-17); one "
         "quote, no range"},
        {"gb300", "2026-12", 0.0, 0.0, 0.0, 0.0, ""},
        {"mi300x", "2026-12", 750.0, 0.0, 0.0, 0.0, ""},
        {"mi325x", "2026-12", 1000.0, 0.0, 0.0, 0.0, ""},
        {"mi355x", "2026-12", 1400.0, 0.0, 0.0, 0.0, ""},
        // Fugaku's 29.9 MW (TOP500, Nov 2020) over 158,976 nodes, the whole system's share
        // [VERIFY: recalled, not in planner-facts].
        {"a64fx", "2026-12", 188.0, 0.0, 0.0, 0.0, ""},
        // Two EPYC 9654 at 360 W TDP each; memory, NIC and board not counted [VERIFY].
        {"cpu-node", "2026-12", 720.0, 0.0, 0.0, 0.0, ""},
    };
    for (device& d : devices) {
        for (const extra& e : table) {
            if (d.name == e.name) {
                d.as_of = e.as_of;
                d.power_w = e.power_w;
                d.price_usd_per_hour = e.price;
                d.price_low_usd_per_hour = e.low;
                d.price_high_usd_per_hour = e.high;
                d.price_source = e.price_source;
            }
        }
    }
}

}  // namespace

std::vector<device> builtin_devices() {
    // Units: B, B/s, FLOP/s. 400 Gb/s NDR = 50e9 B/s; 800 Gb/s = 100e9 B/s.
    constexpr double nic_400g = 50e9;
    constexpr double nic_800g = 100e9;
    std::vector<device> out = {
        {"h100", 2022, 80e9, 3.35e12, 34e12, 67e12, 989e12, 1979e12, 900e9, 8, nic_400g, 0,
         "NVIDIA H100 SXM5 datasheet; HGX 8-GPU NVLink 4 domain; one ConnectX-7 400 Gb/s per "
         "GPU (planner-facts 5)"},
        {"h200", 2024, 141e9, 4.8e12, 34e12, 67e12, 989e12, 1979e12, 900e9, 8, nic_400g, 0,
         "NVIDIA H200 SXM spec pages; MLPerf v4.1 system: 400 Gb/s per GPU (planner-facts 5)"},
        {"b200", 2024, 180e9, 7.7e12, 37e12, 75e12, 2250e12, 4500e12, 1.8e12, 8, nic_400g, 0,
         "NVIDIA B200 in HGX/DGX B200: 180 GB usable (DGX 1,440 GB / 8), 7.7 TB/s, FP32 75 TF, "
         "FP64 37 TF (NVIDIA's HGX B200 table as hpc-ai.com and hmc-tech.com quote it, 2026; "
         "Lockwood's preliminary 8 TB/s, 80 and 40 TF were 4-8% higher), NVLink 5 1.8 TB/s, "
         "ConnectX-7 400 Gb/s per GPU (planner-facts 5)"},
        {"gb200", 2025, 186e9, 8e12, 40e12, 80e12, 2500e12, 5000e12, 1.8e12, 72, nic_400g, 0,
         "NVIDIA GB200 NVL72: ~186 GB, 8 TB/s (576 TB/s per rack / 72), FP32 80 TF and FP64 "
         "40 TF per GPU (a GB200 superchip's 160 and 80 TF over its two GPUs, hmc-tech.com 2026; "
         "Lockwood's 1,200 W figures 90 and 45 TF were 12% higher), NVLink 5 in a 72-GPU domain, "
         "400-800 Gb/s per GPU (400 taken) (planner-facts 5)"},
        {"gb300", 2025, 279e9, 8e12, 1.25e12, 80e12, 2500e12, 5000e12, 1.8e12, 72, nic_800g, 0,
         "NVIDIA GB300 NVL72: 288 GB (279 usable), ConnectX-8 800 Gb/s per GPU; FP64 ~1.25 TF "
         "[VERIFY] (Verda; planner-facts 5)"},
        {"mi300x", 2023, 192e9, 5.3e12, 81.7e12, 163.4e12, 1307e12, 2615e12, 896e9, 8, nic_400g, 0,
         "AMD MI300X: 192 GB HBM3, 5.3 TB/s, Infinity Fabric 7 x 128 GB/s in an 8-GPU platform, "
         "400 Gb/s NICs (AMD specs; planner-facts 5)"},
        {"mi325x", 2024, 256e9, 6.0e12, 81.7e12, 163.4e12, 1307e12, 2615e12, 896e9, 8, nic_400g, 0,
         "AMD MI325X: 256 GB HBM3E, 6.0 TB/s, 896 GB/s IF (planner-facts 5); NIC assumed "
         "400 Gb/s as MI300X"},
        {"mi355x", 2025, 288e9, 8e12, 78.6e12, 157e12, 2500e12, 5000e12, 896e9, 8, nic_400g, 0,
         "AMD MI355X: 288 GB HBM3E, 8 TB/s; FLOP/s [VERIFY] (planner-facts 5); IF bandwidth "
         "and NIC assumed as MI300X"},
        {"a64fx", 2020, 32.0 * 1073741824.0, 1.024e12, 3.38e12, 6.76e12, 13.5e12, 13.5e12, 0.0, 1,
         40.8e9, 48,
         "Fugaku A64FX node: 32 GiB HBM2, 1,024 GB/s, 537 PF / 158,976 nodes = 3.38 TF FP64 "
         "(FP32 2x, FP16 4x), Tofu-D ~40.8 GB/s injection [VERIFY] (Lockwood; Sato et al. "
         "2022; planner-facts 5)"},
        {"cpu-node", 2022, 768e9, 921.6e9, 7.37e12, 14.7e12, 14.7e12, 14.7e12, 0.0, 1, nic_400g,
         192,
         "Dual-socket AMD EPYC 9654 node (2 x 96 Zen 4 cores, 2.4 GHz, 16 FP64 FLOP/cycle), "
         "24 channels DDR5-4800 with 768 GB, one 400 Gb/s NIC; not in planner-facts [VERIFY]"},
    };
    annotate_power_and_price(out);
    return out;
}

std::vector<cluster> builtin_clusters() {
    const std::string mid_2020s_source =
        "100,000 B200: 4.5e20 FLOP/s at FP16 sparse (= FP8 dense), 180 GB and 1.8 TB/s per "
        "GPU: the reading of Freeman's 'mid-2020s AI cluster' (4e20 FLOP/s, 180 GB/GPU, "
        "1.8 TB/s) in planner-facts 1.4";
    return {
        {"h100-100k", "h100", 1e5, precision_kind::fp16_dense,
         "100,000 H100 (xAI Colossus, 2024): 1e20 FLOP/s dense FP16, SoBE's reference point "
         "(planner-facts 1.4)"},
        {"mid-2020s", "b200", 1e5, precision_kind::fp16_sparse, mid_2020s_source},
        {"b200-100k", "b200", 1e5, precision_kind::fp16_sparse, mid_2020s_source},
        {"fugaku", "a64fx", 158976, precision_kind::fp64,
         "Fugaku: 158,976 A64FX nodes, 537 PF Rpeak FP64 (Sato et al. 2022)"},
    };
}

}  // namespace brainemu::plan
