#include "core/stop_signal.hpp"

#include <cerrno>
#include <cstdlib>

#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

namespace brainemu {
namespace {

volatile std::sig_atomic_t requested = 0;

extern "C" void on_stop_signal(int signal) {
    requested = signal;
}

// "NAME.tmp-PID" -> PID, or 0 when the name is not a temporary's.
long temporary_owner(const std::string& name) {
    const auto at = name.rfind(".tmp-");
    if (at == std::string::npos || at + 5 == name.size()) {
        return 0;
    }
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + at + 5, &end, 10);
    return *end == '\0' && pid > 0 ? pid : 0;
}

}  // namespace

void install_stop_handlers() {
    struct sigaction sa {};
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    // SIGINT's handler runs once: the second Ctrl-C finds the default action and ends the
    // process at once. SIGTERM stays a request however often it comes.
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGINT, &sa, nullptr);
    sa.sa_flags = 0;
    sigaction(SIGTERM, &sa, nullptr);
}

int stop_signal() {
    return requested;
}

void clear_stop_signal() {
    requested = 0;
}

void request_stop(int signal) {
    requested = signal;
}

std::string signal_name(int signal) {
    switch (signal) {
        case SIGINT:
            return "SIGINT";
        case SIGTERM:
            return "SIGTERM";
        default:
            return fmt::format("signal {}", signal);
    }
}

stopped_by_signal::stopped_by_signal(int signal)
    : std::runtime_error("stopped by " + signal_name(signal)), signal_(signal) {}

std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> removed;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const long pid = temporary_owner(it->path().filename().string());
        if (pid == 0 || pid == static_cast<long>(::getpid())) {
            continue;
        }
        // kill(pid, 0) probes without signalling: ESRCH = no such process. A live process
        // (another run writing here, a rank of this job) keeps its file.
        if (::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH) {
            continue;
        }
        std::error_code gone;
        // A checkpoint is written as a directory ("checkpoint-500ms.tmp-PID/").
        if (std::filesystem::remove_all(it->path(), gone) > 0 && !gone) {
            removed.push_back(it->path());
        }
    }
    return removed;
}

}  // namespace brainemu
