#pragma once
// BRAINEMU_HD marks functions that run on the host and, compiled by nvcc, on a CUDA device
// too (src/backends/cuda): the GPU engine and its host emulation call the same code, so the
// host tests check the arithmetic the kernels run. Under g++ it expands to nothing.

#if defined(__CUDACC__)
#define BRAINEMU_HD __host__ __device__
#else
#define BRAINEMU_HD
#endif
