#pragma once
// Checkpoints (docs/formats.md, "Checkpoints"): a directory from which `brainemu run --resume`
// continues a run in any layout (threads, ranks, partitioner, parts) with the spikes the
// uninterrupted run would have produced.
//   checkpoint.json  what it is: format and version, the step and time it was taken at, the
//                    experiment's key, the layout that wrote it, each file's size and xxh64
//   config.toml      the experiment it continues (resolved, as a run's config.toml)
//   state.bin        the engine's state keyed by global id (engine/engine_state.hpp)
// It is written as NAME.tmp-PID and renamed into place once complete, so a checkpoint under
// its final name is whole; the next run into the folder removes a killed writer's temporary.

#include <cstdint>
#include <filesystem>
#include <string>

#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "engine/engine_state.hpp"
#include "experiment/experiment.hpp"

namespace brainemu {

inline constexpr int checkpoint_format_version = 1;

struct checkpoint_info {
    std::uint64_t step = 0;          // the engine's next step, warm-up included
    std::uint64_t warmup_steps = 0;  // of them, the warm-up's
    double dt_ms = 0.0;
    double time_ms = 0.0;  // recorded time reached: (step - warmup_steps) x dt
    std::uint64_t neurons = 0, synapses = 0;
    std::string experiment_key;  // xxh64 of experiment_key_text, hex
    std::string written_by;      // the layout that wrote it, for the record
    std::string brainemu;        // the version that wrote it
};

struct loaded_checkpoint {
    std::filesystem::path dir;
    checkpoint_info info;
    std::string config_toml;
    engine_state state;
    double read_s = 0.0;  // reading and checking it
};

// What a checkpoint must continue unchanged: the experiment without its duration, threads and
// recording (which a resumed run may change), as TOML text.
[[nodiscard]] std::string experiment_key_text(const experiment& e);

// "checkpoint-500ms": the name of a checkpoint at recorded time `time_ms`.
[[nodiscard]] std::string checkpoint_name(double time_ms, double dt_ms);

struct checkpoint_written {
    std::filesystem::path dir;
    std::uint64_t bytes = 0;  // every file of it
    double seconds = 0.0;     // gathering, encoding, writing and syncing
};

// Collective (every rank calls it between run() calls): rank 0 gathers every rank's state and
// writes `dir` (replacing a checkpoint of that name). Throws resource_error when it cannot
// write; nothing is then left under `dir`'s name but what was there before.
checkpoint_written write_checkpoint(engine& eng, communicator& comm, const experiment& e,
                                    std::uint64_t synapses, const std::string& written_by,
                                    const std::filesystem::path& dir);

// Reads `dir` and checks it whole: its files, sizes, checksums, format and version. Throws
// input_error naming the file and what is wrong.
[[nodiscard]] loaded_checkpoint read_checkpoint(const std::filesystem::path& dir);

// Refuses (input_error) what `e`, built into `neurons` neurons and `synapses` synapses, cannot
// continue: another experiment (naming the first line that differs), another network, a
// checkpoint at or past its end.
void check_resumable(const loaded_checkpoint& ck, const experiment& e, std::uint64_t neurons,
                     std::uint64_t synapses);

}  // namespace brainemu
