# The CUDA backend (src/backends/cuda). BRAINEMU_CUDA defaults to ON when nvcc is found: on
# PATH, through $CUDACXX, or at /usr/local/cuda/bin/nvcc (where CUDA installs it). Without
# nvcc the option switches off and the build goes on: the backend's host part (lowering, the
# host emulation of the kernels and its tests) is built either way.
include(CheckLanguage)
if(NOT DEFINED CMAKE_CUDA_COMPILER AND NOT DEFINED ENV{CUDACXX}
   AND EXISTS /usr/local/cuda/bin/nvcc)
    set(CMAKE_CUDA_COMPILER /usr/local/cuda/bin/nvcc CACHE FILEPATH "CUDA compiler")
endif()
check_language(CUDA)
if(CMAKE_CUDA_COMPILER)
    set(_brainemu_cuda_default ON)
else()
    set(_brainemu_cuda_default OFF)
endif()
option(BRAINEMU_CUDA "Build the CUDA backend's kernels (src/backends/cuda) when nvcc is found"
       ${_brainemu_cuda_default})
if(BRAINEMU_CUDA AND NOT CMAKE_CUDA_COMPILER)
    message(STATUS "nvcc not found: building without the CUDA kernels")
    set(BRAINEMU_CUDA OFF)
endif()
if(BRAINEMU_CUDA)
    if(NOT DEFINED CMAKE_CUDA_ARCHITECTURES)
        set(CMAKE_CUDA_ARCHITECTURES 90)  # H100 / H200
    endif()
    enable_language(CUDA)
    # C++20 for the .cu files too (they include the engine's headers, and targets they link
    # ask for cxx_std_20); CMake 3.25 does not know nvcc 13's C++20 flag, so it is named here.
    if(NOT DEFINED CMAKE_CUDA20_STANDARD_COMPILE_OPTION OR
       CMAKE_CUDA20_STANDARD_COMPILE_OPTION STREQUAL "")
        set(CMAKE_CUDA20_STANDARD_COMPILE_OPTION "-std=c++20")
        set(CMAKE_CUDA20_EXTENSION_COMPILE_OPTION "-std=c++20")
        list(APPEND CMAKE_CUDA_COMPILE_FEATURES cuda_std_20)
    endif()
    set(CMAKE_CUDA_STANDARD 20)
    set(CMAKE_CUDA_STANDARD_REQUIRED ON)
    set(CMAKE_CUDA_EXTENSIONS OFF)
    find_package(CUDAToolkit REQUIRED)
    # Debian's headers (Random123's, found at /usr/include) must not reach nvcc as -isystem:
    # that reorders the system directories and breaks <cmath>'s #include_next <math.h>.
    list(APPEND CMAKE_CUDA_IMPLICIT_INCLUDE_DIRECTORIES /usr/include)
    # The runtime is linked as CUDA::cudart_static (a full path): CMake 3.25 does not read
    # nvcc 13's library directory, so its own -lcudart_static -lcudadevrt would not be found.
    set(CMAKE_CUDA_RUNTIME_LIBRARY None)
    message(STATUS "CUDA backend: ${CMAKE_CUDA_COMPILER} (CUDA ${CUDAToolkit_VERSION}), "
                   "sm_${CMAKE_CUDA_ARCHITECTURES}")
else()
    message(STATUS "CUDA backend: host part only (BRAINEMU_CUDA=OFF)")
endif()
