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

std::vector<device> builtin_devices() {
    // Units: B, B/s, FLOP/s. 400 Gb/s NDR = 50e9 B/s; 800 Gb/s = 100e9 B/s.
    constexpr double nic_400g = 50e9;
    constexpr double nic_800g = 100e9;
    return {
        {"h100", 2022, 80e9, 3.35e12, 34e12, 67e12, 989e12, 1979e12, 900e9, 8, nic_400g,
         "NVIDIA H100 SXM5 datasheet; HGX 8-GPU NVLink 4 domain; one ConnectX-7 400 Gb/s per "
         "GPU (planner-facts 5)"},
        {"h200", 2024, 141e9, 4.8e12, 34e12, 67e12, 989e12, 1979e12, 900e9, 8, nic_400g,
         "NVIDIA H200 SXM spec pages; MLPerf v4.1 system: 400 Gb/s per GPU (planner-facts 5)"},
        {"b200", 2024, 180e9, 8e12, 40e12, 80e12, 2250e12, 4500e12, 1.8e12, 8, nic_400g,
         "NVIDIA B200 in HGX/DGX B200: 180 GB usable (DGX 1,440 GB / 8), NVLink 5 1.8 TB/s, "
         "ConnectX-7 400 Gb/s per GPU (Lockwood; DGX B200 specs; planner-facts 5)"},
        {"gb200", 2025, 186e9, 8e12, 45e12, 90e12, 2500e12, 5000e12, 1.8e12, 72, nic_400g,
         "NVIDIA GB200 NVL72: ~186 GB, 8 TB/s, NVLink 5 in a 72-GPU domain, 400-800 Gb/s per "
         "GPU (400 taken) (Lockwood; planner-facts 5)"},
        {"gb300", 2025, 279e9, 8e12, 1.25e12, 80e12, 2500e12, 5000e12, 1.8e12, 72, nic_800g,
         "NVIDIA GB300 NVL72: 288 GB (279 usable), ConnectX-8 800 Gb/s per GPU; FP64 ~1.25 TF "
         "[VERIFY] (Verda; planner-facts 5)"},
        {"mi300x", 2023, 192e9, 5.3e12, 81.7e12, 163.4e12, 1307e12, 2615e12, 896e9, 8, nic_400g,
         "AMD MI300X: 192 GB HBM3, 5.3 TB/s, Infinity Fabric 7 x 128 GB/s in an 8-GPU platform, "
         "400 Gb/s NICs (AMD specs; planner-facts 5)"},
        {"mi325x", 2024, 256e9, 6.0e12, 81.7e12, 163.4e12, 1307e12, 2615e12, 896e9, 8, nic_400g,
         "AMD MI325X: 256 GB HBM3E, 6.0 TB/s, 896 GB/s IF (planner-facts 5); NIC assumed "
         "400 Gb/s as MI300X"},
        {"mi355x", 2025, 288e9, 8e12, 78.6e12, 157e12, 2500e12, 5000e12, 896e9, 8, nic_400g,
         "AMD MI355X: 288 GB HBM3E, 8 TB/s; FLOP/s [VERIFY] (planner-facts 5); IF bandwidth "
         "and NIC assumed as MI300X"},
        {"a64fx", 2020, 32.0 * 1073741824.0, 1.024e12, 3.38e12, 6.76e12, 13.5e12, 13.5e12, 0.0, 1,
         40.8e9,
         "Fugaku A64FX node: 32 GiB HBM2, 1,024 GB/s, 537 PF / 158,976 nodes = 3.38 TF FP64 "
         "(FP32 2x, FP16 4x), Tofu-D ~40.8 GB/s injection [VERIFY] (Lockwood; Sato et al. "
         "2022; planner-facts 5)"},
        {"cpu-node", 2022, 768e9, 921.6e9, 7.37e12, 14.7e12, 14.7e12, 14.7e12, 0.0, 1, nic_400g,
         "Dual-socket AMD EPYC 9654 node (2 x 96 Zen 4 cores, 2.4 GHz, 16 FP64 FLOP/cycle), "
         "24 channels DDR5-4800 with 768 GB, one 400 Gb/s NIC; not in planner-facts [VERIFY]"},
    };
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
