#include "run/engines.hpp"

#include <fmt/format.h>

#include "backends/cuda/cuda_engine.hpp"
#include "backends/cuda/emulated_device.hpp"
#include "backends/cuda/lower_problem.hpp"
#include "core/assert.hpp"
#include "core/input_error.hpp"

namespace brainemu {
namespace {

[[noreturn]] void refuse(const std::string& what) {
    throw input_error({"", 0, "--backend cuda"}, what);
}

}  // namespace

std::string check_backend(const runner_options& opt, unsigned threads) {
    if (opt.backend == engine_backend::cpu) {
        return fmt::format("{} threads", threads);
    }
    const bool emulated = opt.backend == engine_backend::emulated;
    if (opt.comm != nullptr && opt.comm->size() > 1) {
        refuse("the GPU engine runs in one process, not under mpirun");
    }
    if (opt.partition) {
        refuse("--parts, --virtual-parts and --partition are for the CPU engine");
    }
    if (emulated) {
        return "GPU engine emulated on the host";
    }
    if (!cuda::cuda_built()) {
        (void)cuda::make_cuda_engine(nullptr);  // throws, saying so
    }
    const cuda::cuda_status device = cuda::cuda_devices();
    if (device.devices == 0) {
        throw resource_error("--backend cuda: no CUDA device found (" + device.message + ")");
    }
    return "GPU engine on " + device.message;
}

std::uint32_t trials_per_engine(engine_backend backend, std::uint32_t trials) {
    return backend == engine_backend::cpu ? 1 : trials;
}

std::unique_ptr<engine> make_engine(engine_backend backend,
                                    const std::shared_ptr<const network>& net,
                                    const built_experiment& built, const simulation_config& config,
                                    std::span<const std::uint64_t> seeds, communicator& comm) {
    if (backend != engine_backend::cpu) {
        auto problem = std::make_shared<const cuda::device_problem>(
            cuda::lower_problem(*net, built.models, built.stimuli, config, seeds));
        if (backend == engine_backend::emulated) {
            return std::make_unique<cuda::emulated_device>(std::move(problem));
        }
        return cuda::make_cuda_engine(std::move(problem));
    }
    BE_ASSERT(seeds.size() == 1, "the CPU engine runs one trial");
    simulation_config c = config;
    c.seed = seeds.front();
    return std::make_unique<simulation>(net, built.models, built.stimuli, c, comm);
}

}  // namespace brainemu
