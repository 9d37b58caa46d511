// Built instead of cuda_engine.cu when CMake did not find nvcc (BRAINEMU_CUDA off).

#include "backends/cuda/cuda_engine.hpp"
#include "core/input_error.hpp"

namespace brainemu::cuda {

bool cuda_built() {
    return false;
}

cuda_status cuda_devices() {
    return {0, "this brainemu was built without CUDA (nvcc not found at configure time)"};
}

std::unique_ptr<device_engine> make_cuda_engine(std::shared_ptr<const device_problem>,
                                                const cuda_options&) {
    throw resource_error(
        "--backend cuda: this brainemu was built without CUDA (nvcc not found at configure "
        "time; configure with -DBRAINEMU_CUDA=ON and CUDA installed)");
}

}  // namespace brainemu::cuda
