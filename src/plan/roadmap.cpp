#include "plan/roadmap.hpp"

namespace brainemu::plan {

std::vector<roadmap_part> roadmap_parts() {
    // Designated initializers: the device struct is gaining fields (power, price) and a
    // positional list would shift under them.
    // NVIDIA counts a Rubin "GPU" as one package of two dies (NVL144 = 72 packages); one
    // device here is one package, as for Blackwell. NVLink figures are per GPU and two-way, as
    // the catalog stores them.
    device rubin{
        .name = "rubin",
        .year = 2026,
        .memory_bytes = 288e9,
        .memory_bandwidth_bytes_per_s = 22e12,
        .scale_up_bytes_per_s = 3.6e12,
        .scale_up_domain_devices = 72,
        .scale_out_bytes_per_s = 200e9,
        .source =
            "NVIDIA Vera Rubin (NVL72 / NVL144): 288 GB HBM4, 22 TB/s [VERIFY: CES 2026 figure via "
            "secondary pages; GTC 2025 showed 13 TB/s], NVLink 6 3.6 TB/s per GPU in a 72-package "
            "domain, ConnectX-9 1.6 Tb/s per GPU [VERIFY]"};
    device rubin_ultra{
        .name = "rubin-ultra",
        .year = 2027,
        .memory_bytes = 1e12,
        .memory_bandwidth_bytes_per_s = 32e12,
        .source =
            "NVIDIA Rubin Ultra (NVL576, Kyber rack): four dies per package, ~1 TB HBM4e per "
            "package; 4.6 PB/s per 144-package rack = 32 TB/s per package [VERIFY: Tom's Hardware "
            "table]; NVLink 7 and NIC per package not published"};
    device mi455x{
        .name = "mi455x",
        .year = 2026,
        .memory_bytes = 432e9,
        .memory_bandwidth_bytes_per_s = 19.6e12,
        .scale_up_bytes_per_s = 3.6e12,
        .scale_up_domain_devices = 72,
        .scale_out_bytes_per_s = 300e9,
        .source =
            "AMD Instinct MI455X (MI400 series, Helios rack of 72): 432 GB HBM4, 19.6 TB/s, "
            "3.6 TB/s scale-up, 300 GB/s scale-out per GPU (AMD Advancing AI 2025, Financial "
            "Analyst Day 2025) [VERIFY: secondary reports]"};
    device mi500{
        .name = "mi500",
        .year = 2027,
        .source =
            "AMD Instinct MI500 (CDNA 6, 2 nm, HBM4E), due 2027: no per-device figures published"};
    return {
        {rubin,
         "nvidia",
         true,
         {{"HyperAI",
           "Nvidia's Vera Rubin platform unveiled: 144 GPUs, 288GB HBM4 "
           "https://hyper.ai/en/stories/3422d6a72152beb34a564461208438ff",
           "2025-10"},
          {"ServerMO",
           "NVIDIA Rubin GPU architecture guide (CES 2026: 22 TB/s HBM4) "
           "https://www.servermo.com/blogs/nvidia-rubin-gpu-architecture-guide/",
           "2026-01"},
          {"Hardwareluxx",
           "NVIDIA nennt Details zum ConnectX-9 und BlueField-4 (NVLink 6 "
           "3.6 TB/s per GPU; ConnectX-9 1.6 Tb/s) https://www.hardwareluxx.de/"
           "index.php/news/hardware/netzwerk/67373",
           "2025-10"}}},
        {rubin_ultra,
         "nvidia",
         true,
         {{"Tom's Hardware",
           "AMD says Instinct MI400X GPU is 10X faster than MI300X (roadmap table: Rubin Ultra "
           "NVL576 147 TB HBM, 4,608 TB/s) https://www.tomshardware.com/pc-components/gpus/"
           "amd-says-instinct-mi400x-gpu-is-10x-faster-than-mi300x-will-power-helios-rack-scale-"
           "system-with-epyc-venice-cpus",
           "2025-06-12"},
          {"aiwiki",
           "NVIDIA Rubin Ultra (GTC 2025 keynote: ~1 TB HBM4e per package, 2H 2027) "
           "https://aiwiki.ai/wiki/nvidia_rubin_ultra",
           "2026-06"}}},
        {mi455x,
         "amd",
         true,
         {{"HotHardware",
           "AMD Instinct MI450 is coming in 2026 to challenge NVIDIA's Vera Rubin, MI500 "
           "arrives 2027 https://hothardware.com/news/instinct-mi400-challenge-vera-rubin",
           "2025-11-12"},
          {"TurtlesAI",
           "AMD Instinct MI400 (Advancing AI, 2025-06-12: 432 GB HBM4, 19.6 TB/s) "
           "https://www.turtlesai.com/en/pages-2912/"
           "amd-instinct-mi400-the-new-ai-accelerator-doubles",
           "2025-06"}}},
        {mi500,
         "amd",
         true,
         {{"TweakTown",
           "AMD confirms next-gen Instinct MI500 uses CDNA 6, TSMC 2nm, HBM4E (CES 2026) "
           "https://www.tweaktown.com/news/109576/",
           "2026-01-06"}}},
    };
}

}  // namespace brainemu::plan
