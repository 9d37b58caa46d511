#pragma once
// SIGINT and SIGTERM as a request to stop, not a death: the first one sets a flag that a long
// run polls between chunks of steps, so that it ends at an interval boundary with its outputs
// complete up to there; a second SIGINT ends the process at once (the default action).

#include <csignal>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace brainemu {

// Installs the handlers (idempotent). Only the command line calls it: a library user keeps
// their own signal handling.
void install_stop_handlers();

// The signal that asked to stop (SIGINT, SIGTERM), or 0.
[[nodiscard]] int stop_signal();
// Forgets a request (tests; a process that handled one and goes on).
void clear_stop_signal();
// Sets the flag as a handler would (tests).
void request_stop(int signal);
[[nodiscard]] std::string signal_name(int signal);  // "SIGINT", "SIGTERM", "signal 7"

// Thrown by the command line after a stopped run has written its outputs; main turns it into
// the exit code 128 + signal, as a shell reports a process ended by that signal.
class stopped_by_signal : public std::runtime_error {
public:
    explicit stopped_by_signal(int signal);
    [[nodiscard]] int signal() const { return signal_; }

private:
    int signal_;
};

// Removes the temporaries ("NAME.tmp-PID", files or checkpoint directories) that processes no
// longer running left in `dir` (one killed by SIGKILL, or a second SIGINT, never renames or removes
// its own) and returns their paths; a temporary of a live process stays.
std::vector<std::filesystem::path> remove_stale_temporaries(const std::filesystem::path& dir);

}  // namespace brainemu
