#include "core/process_memory.hpp"

#include <algorithm>
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

namespace {

// The first number of a one-line file, or none ("max" is no limit).
std::optional<std::uint64_t> number_in(const char* path) {
    std::ifstream in(path);
    std::uint64_t v = 0;
    if (in >> v) {
        return v;
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> available_memory() {
    std::optional<std::uint64_t> out;
    std::ifstream in("/proc/meminfo");
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with("MemAvailable:")) {
            std::istringstream fields(line.substr(13));
            std::uint64_t kib = 0;
            fields >> kib;
            out = kib * 1024;
        }
    }
    // cgroup v2: a container's limit, less what the group already uses.
    if (const auto limit = number_in("/sys/fs/cgroup/memory.max")) {
        const std::uint64_t used = number_in("/sys/fs/cgroup/memory.current").value_or(0);
        const std::uint64_t room = *limit > used ? *limit - used : 0;
        out = out ? std::min(*out, room) : room;
    }
    return out;
}

void release_free_memory() {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

}  // namespace brainemu
