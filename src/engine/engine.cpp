#include "engine/engine.hpp"

#include "core/input_error.hpp"

namespace brainemu {

engine_state engine::save_state() {
    throw input_error({"", 0, "--checkpoint-at"},
                      "checkpoints are written by the CPU engine (--backend cpu), not the " +
                          facts().backend + " engine");
}

void engine::restore_state(const engine_state&) {
    throw input_error({"", 0, "--resume"},
                      "a checkpoint resumes on the CPU engine (--backend cpu), not the " +
                          facts().backend + " engine");
}

}  // namespace brainemu
