#include "core/process_memory.hpp"

#include <cstdlib>  // defines __GLIBC__ where the C library is glibc
#include <fstream>
#include <sstream>
#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace brainemu {

std::optional<process_memory> read_process_memory() {
    std::ifstream in("/proc/self/status");
    if (!in) {
        return std::nullopt;
    }
    process_memory m;
    int found = 0;
    std::string line;
    while (std::getline(in, line)) {
        const bool rss = line.starts_with("VmRSS:");
        const bool hwm = line.starts_with("VmHWM:");
        if (!rss && !hwm) {
            continue;
        }
        std::istringstream fields(line.substr(6));
        std::uint64_t kib = 0;
        fields >> kib;  // the kernel writes "<n> kB"
        (rss ? m.resident : m.peak) = kib * 1024;
        ++found;
    }
    return found == 2 ? std::optional(m) : std::nullopt;
}

void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace brainemu
