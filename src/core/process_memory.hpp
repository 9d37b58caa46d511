#pragma once
// What this process holds in physical memory, as the kernel counts it (Linux /proc/self):
// resident now, and the peak since the last reset, so that a run can report the peak of each
// of its phases (building a network can need more than running it).

#include <cstdint>
#include <optional>

namespace brainemu {

struct process_memory {
    std::uint64_t resident = 0;  // VmRSS
    std::uint64_t peak = 0;      // VmHWM: the most resident since start or the last reset
};

// None where /proc/self/status cannot be read (not Linux).
[[nodiscard]] std::optional<process_memory> read_process_memory();

// Starts a new peak (writes 5 to /proc/self/clear_refs, Linux >= 4.0); false where that is
// not possible, in which case the peak keeps counting from the start of the process.
bool reset_peak_memory();

}  // namespace brainemu
