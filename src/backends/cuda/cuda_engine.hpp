#pragma once
// The CUDA implementation of device_engine (cuda_engine.cu), and whether it can run here.
// Built when CMake finds nvcc (BRAINEMU_CUDA); otherwise every call reports that it was not.

#include <cstdint>
#include <memory>
#include <string>

#include "backends/cuda/device_engine.hpp"

namespace brainemu::cuda {

// Whether this build holds the CUDA engine (nvcc was found at configure time).
[[nodiscard]] bool cuda_built();

struct cuda_status {
    int devices = 0;
    std::string message;  // why there is none ("cudaGetDeviceCount: ..."), or device 0's name
};
// Asks the CUDA runtime how many devices it sees. Never throws.
[[nodiscard]] cuda_status cuda_devices();

struct cuda_options {
    // Spike buffers (every trial's, worst case one spike per neuron and step) are sized so
    // that one launch covers as many whole intervals as fit in this many bytes.
    std::uint64_t spike_buffer_bytes = std::uint64_t{1} << 30;
    int blocks_per_sm = 0;  // 0: as many as the occupancy allows, at most 4
};

// Copies the problem to device 0 and returns an engine that runs it there. Throws
// resource_error naming the CUDA call that failed, or when there is no device / no CUDA build.
[[nodiscard]] std::unique_ptr<device_engine> make_cuda_engine(
    std::shared_ptr<const device_problem> problem, const cuda_options& options = {});

}  // namespace brainemu::cuda
