#pragma once
// What this process holds in physical memory, as the kernel counts it (Linux /proc/self):
// resident now, and the peak so far. The peak is never reset (the kernel offers that, but it
// would also lower what `time -v` and batch schedulers report for the whole process), so a
// run reads it at the end of each phase: the peak up to then.

#include <cstdint>
#include <optional>

namespace brainemu {

struct process_memory {
    std::uint64_t resident = 0;  // VmRSS
    std::uint64_t peak = 0;      // VmHWM: the most resident since the process started
};

// None where /proc/self/status cannot be read (not Linux).
[[nodiscard]] std::optional<process_memory> read_process_memory();

// Memory this process could still get: the kernel's MemAvailable, or the room left under this
// process's cgroup limit where that is smaller. None where neither can be read.
[[nodiscard]] std::optional<std::uint64_t> available_memory();

// Hands the heap's free pages back to the kernel (glibc's malloc_trim; nothing elsewhere). A
// build allocates and frees far more than it keeps (counting chunks, collectors, scratch), and
// glibc keeps freed pages of its arenas resident: without this a rank of a human-sized sheet
// stays at twice its books after the build.
void release_free_memory();

}  // namespace brainemu
