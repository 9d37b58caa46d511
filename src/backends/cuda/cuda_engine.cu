// The GPU engine: the problem's arrays in device memory, and one persistent cooperative kernel
// per batch of whole communication intervals. Per interval, inside the kernel:
//   1. update: for each step of the interval, a grid-stride loop over (trial, neuron) runs
//      update_neuron (ring slot, stimuli, model, threshold); a neuron that fires appends
//      (step, neuron) to its trial's spike buffer (atomicAdd on the count): spike detection
//      never leaves the device;
//   2. grid.sync();
//   3. delivery: one warp per spike of the interval, its lanes over the spike's CSR row
//      (push: only rows of neurons that fired are touched), atomicAdd of the int64 fixed-point
//      weight into the target's ring slot `delay` steps ahead: order-independent sums, so the
//      atomics' order does not change a bit;
//   4. grid.sync().
// Trials are a second index of the same loops: one launch advances every trial, and the
// network (rows, targets, delays, weights) is in memory once. The host copies the spike
// buffers back once per launch (about spike_buffer_bytes worth of steps), sorts each trial's
// spikes by (step, neuron) and hands them to the sinks.
//
// The per-neuron and per-synapse arithmetic is device_step.hpp's, which the host tests run
// against the CPU engine; this file only adds memory, launches and atomics (docs/cuda.md).

#include <algorithm>
#include <string>
#include <vector>

#include <cooperative_groups.h>
#include <cuda_runtime.h>

#include "backends/cuda/cuda_engine.hpp"
#include "backends/cuda/device_step.hpp"
#include "core/input_error.hpp"

namespace cg = cooperative_groups;

namespace brainemu::cuda {
namespace {

void check(cudaError_t e, const char* what) {
    if (e != cudaSuccess) {
        throw resource_error(std::string("--backend cuda: ") + what + ": " + cudaGetErrorString(e));
    }
}

// One device allocation, freed with its owner.
template <class T>
class device_array {
public:
    device_array() = default;
    explicit device_array(std::size_t n) : n_(n) {
        if (n > 0) {
            check(cudaMalloc(reinterpret_cast<void**>(&p_), n * sizeof(T)), "cudaMalloc");
        }
    }
    explicit device_array(const std::vector<T>& host) : device_array(host.size()) {
        if (n_ > 0) {
            check(cudaMemcpy(p_, host.data(), n_ * sizeof(T), cudaMemcpyHostToDevice),
                  "cudaMemcpy to the device");
        }
    }
    device_array(const device_array&) = delete;
    device_array& operator=(const device_array&) = delete;
    device_array(device_array&& o) noexcept : p_(o.p_), n_(o.n_) {
        o.p_ = nullptr;
        o.n_ = 0;
    }
    device_array& operator=(device_array&& o) noexcept {
        std::swap(p_, o.p_);
        std::swap(n_, o.n_);
        return *this;
    }
    ~device_array() {
        if (p_ != nullptr) {
            cudaFree(p_);
        }
    }
    [[nodiscard]] T* get() const { return p_; }
    void zero() {
        if (n_ > 0) {
            check(cudaMemset(p_, 0, n_ * sizeof(T)), "cudaMemset");
        }
    }

private:
    T* p_ = nullptr;
    std::size_t n_ = 0;
};

// Atomics for the shared step functions (device_step.hpp).
struct device_bits {
    BRAINEMU_HD bool take(std::uint32_t* word, std::uint32_t bit) const {
#ifdef __CUDA_ARCH__
        if ((__ldcg(word) & bit) == 0) {
            return false;
        }
        atomicAnd(word, ~bit);
        return true;
#else
        return host_bits{}.take(word, bit);
#endif
    }
};
struct device_add {
    BRAINEMU_HD void operator()(std::int64_t* at, std::int64_t x) const {
#ifdef __CUDA_ARCH__
        atomicAdd(reinterpret_cast<unsigned long long*>(at), static_cast<unsigned long long>(x));
#else
        *at += x;
#endif
    }
};
struct device_mark {
    BRAINEMU_HD void operator()(std::uint32_t* word, std::uint32_t bit) const {
#ifdef __CUDA_ARCH__
        if ((__ldcg(word) & bit) == 0) {
            atomicOr(word, bit);
        }
#else
        *word |= bit;
#endif
    }
};

constexpr int threads_per_block = 256;

// Steps [first, first + steps) of every trial, in intervals of `interval` steps. `delivered`
// (per trial, zero at launch) marks how much of the spike buffer has been delivered.
__global__ void __launch_bounds__(threads_per_block)
    run_intervals(device_view d, std::uint64_t first, std::uint32_t steps, std::uint32_t interval,
                  std::uint32_t* delivered, std::uint32_t* overflow) {
    cg::grid_group grid = cg::this_grid();
    const std::uint64_t threads = static_cast<std::uint64_t>(gridDim.x) * blockDim.x;
    const std::uint64_t tid = static_cast<std::uint64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
    const std::uint64_t total = static_cast<std::uint64_t>(d.trials) * d.n;
    const std::uint32_t lane = threadIdx.x % 32;
    const std::uint64_t warp = tid / 32, warps = threads / 32;
    const std::uint64_t last = first + steps;
    for (std::uint64_t f = first; f < last; f += interval) {
        const std::uint64_t end = f + interval < last ? f + interval : last;
        for (std::uint64_t s = f; s < end; ++s) {
            const auto step = static_cast<std::uint32_t>(s);
            for (std::uint64_t x = tid; x < total; x += threads) {
                const auto t = static_cast<std::uint32_t>(x / d.n);
                const auto i = static_cast<std::uint32_t>(x % d.n);
                if (update_neuron(d, t, i, step, device_bits{})) {
                    const std::uint32_t k = atomicAdd(d.spike_count + t, 1u);
                    if (k < d.spike_capacity) {
                        d.spikes[static_cast<std::uint64_t>(t) * d.spike_capacity + k] = {step, i};
                    } else {
                        atomicOr(overflow, 1u);
                    }
                }
            }
        }
        grid.sync();
        for (std::uint32_t t = 0; t < d.trials; ++t) {
            const std::uint32_t from = __ldcg(delivered + t);
            const std::uint32_t to = min(__ldcg(d.spike_count + t), d.spike_capacity);
            const spike_record* buf = d.spikes + static_cast<std::uint64_t>(t) * d.spike_capacity;
            for (std::uint64_t k = from + warp; k < to; k += warps) {
                const auto* rec = reinterpret_cast<const unsigned int*>(buf + k);
                const std::uint32_t step = __ldcg(rec), neuron = __ldcg(rec + 1);
                const std::uint64_t row_end = d.row_offsets[neuron + 1];
                for (std::uint64_t e = d.row_offsets[neuron] + lane; e < row_end; e += 32) {
                    deliver_synapse(d, t, step, e, device_add{}, device_mark{});
                }
            }
        }
        grid.sync();
        if (tid < d.trials) {  // read by the next delivery, after the next grid.sync()
            delivered[tid] = min(__ldcg(d.spike_count + tid), d.spike_capacity);
        }
    }
}

class cuda_engine final : public device_engine {
public:
    cuda_engine(std::shared_ptr<const device_problem> problem, const cuda_options& opt);
    [[nodiscard]] double voltage(std::uint32_t trial, neuron_id neuron) const override;
    [[nodiscard]] const char* name() const override { return device_.c_str(); }

private:
    void advance(std::uint64_t first, std::uint64_t steps,
                 std::vector<std::vector<spike_record>>& spikes) override;
    [[nodiscard]] std::uint64_t steps_per_batch() const override { return batch_steps_; }

    device_array<std::uint64_t> row_offsets_;
    device_array<std::uint32_t> target_;
    device_array<std::uint16_t> delay_;
    device_array<float> weight_;
    device_array<device_group> groups_;
    device_array<std::uint16_t> group_of_;
    device_array<std::int32_t> ref_steps_;
    device_array<std::uint8_t> pinned_;
    std::vector<device_array<double>> lanes_;  // device_view::lane
    device_array<std::int32_t> refractory_left_;
    device_array<std::uint8_t> asleep_;
    device_array<std::int64_t> ring_;
    device_array<std::uint32_t> pending_;
    device_array<std::uint64_t> stim_offsets_;
    device_array<std::uint32_t> stim_index_;
    device_array<device_stimulus> stim_;
    device_array<double> cdf_;
    device_array<std::uint32_t> change_steps_;
    device_array<double> amplitudes_;
    device_array<std::uint64_t> seeds_;
    device_array<spike_record> spikes_;
    device_array<std::uint32_t> spike_count_, delivered_, overflow_;
    device_view view_;
    std::string device_ = cuda_devices().message;  // device 0's name
    std::uint64_t batch_steps_ = 1;
    int grid_blocks_ = 0;
    std::vector<std::uint32_t> host_counts_;
};

cuda_engine::cuda_engine(std::shared_ptr<const device_problem> problem, const cuda_options& opt)
    : device_engine(std::move(problem)) {
    const device_problem& p = *problem_;
    const std::size_t nt = std::size_t{p.n} * p.trials;
    check(cudaSetDevice(0), "cudaSetDevice");
    int cooperative = 0, sms = 0;
    check(cudaDeviceGetAttribute(&cooperative, cudaDevAttrCooperativeLaunch, 0),
          "cudaDeviceGetAttribute");
    check(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0),
          "cudaDeviceGetAttribute");
    if (cooperative == 0) {
        throw resource_error("--backend cuda: device 0 cannot launch cooperative kernels");
    }
    int per_sm = 0;
    check(
        cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, run_intervals, threads_per_block, 0),
        "cudaOccupancyMaxActiveBlocksPerMultiprocessor");
    per_sm = std::min(per_sm, opt.blocks_per_sm > 0 ? opt.blocks_per_sm : 4);
    if (per_sm < 1) {
        throw resource_error("--backend cuda: the kernel does not fit on a multiprocessor");
    }
    grid_blocks_ = per_sm * sms;

    row_offsets_ = device_array<std::uint64_t>(p.row_offsets);
    target_ = device_array<std::uint32_t>(p.target);
    delay_ = device_array<std::uint16_t>(p.delay);
    weight_ = device_array<float>(p.weight);
    groups_ = device_array<device_group>(p.groups);
    group_of_ = device_array<std::uint16_t>(p.group_of);
    ref_steps_ = device_array<std::int32_t>(p.ref_steps);
    pinned_ = device_array<std::uint8_t>(p.pinned);
    lanes_.emplace_back(p.v0);
    for (std::uint32_t k = 1; k < p.lanes; ++k) {
        lanes_.emplace_back(nt).zero();
    }
    refractory_left_ = device_array<std::int32_t>(nt);
    refractory_left_.zero();
    asleep_ = device_array<std::uint8_t>(nt);
    asleep_.zero();
    view_ = view_sizes(p);
    ring_ = device_array<std::int64_t>(nt * p.slots * p.channels);
    ring_.zero();
    pending_ = device_array<std::uint32_t>(std::size_t{p.trials} * p.slots * view_.pending_words);
    pending_.zero();
    stim_offsets_ = device_array<std::uint64_t>(p.stim_offsets);
    stim_index_ = device_array<std::uint32_t>(p.stim_index);
    stim_ = device_array<device_stimulus>(p.stim);
    cdf_ = device_array<double>(p.cdf);
    change_steps_ = device_array<std::uint32_t>(p.change_steps);
    amplitudes_ = device_array<double>(p.amplitudes);
    seeds_ = device_array<std::uint64_t>(p.seeds);

    // As many whole intervals per launch as the spike buffers allow (at least one).
    const std::uint64_t per_step = std::uint64_t{p.n} * p.trials * sizeof(spike_record);
    std::uint64_t steps = std::max<std::uint64_t>(1, opt.spike_buffer_bytes / per_step);
    steps = std::max<std::uint64_t>(p.interval, steps / p.interval * p.interval);
    batch_steps_ = std::min<std::uint64_t>(steps, 100000);
    const std::uint64_t capacity = std::uint64_t{p.n} * batch_steps_;
    if (capacity > UINT32_MAX) {
        batch_steps_ =
            std::max<std::uint64_t>(p.interval, UINT32_MAX / p.n / p.interval * p.interval);
    }
    view_.spike_capacity = static_cast<std::uint32_t>(std::uint64_t{p.n} * batch_steps_);
    spikes_ = device_array<spike_record>(std::size_t{view_.spike_capacity} * p.trials);
    spike_count_ = device_array<std::uint32_t>(p.trials);
    delivered_ = device_array<std::uint32_t>(p.trials);
    overflow_ = device_array<std::uint32_t>(1);
    overflow_.zero();
    host_counts_.resize(p.trials);

    view_.row_offsets = row_offsets_.get();
    view_.target = target_.get();
    view_.delay = delay_.get();
    view_.weight = weight_.get();
    view_.groups = groups_.get();
    view_.group_of = group_of_.get();
    view_.ref_steps = ref_steps_.get();
    view_.pinned = pinned_.get();
    for (std::uint32_t k = 0; k < p.lanes; ++k) {
        view_.lane[k] = lanes_[k].get();
    }
    view_.refractory_left = refractory_left_.get();
    view_.asleep = asleep_.get();
    view_.ring = ring_.get();
    view_.pending = pending_.get();
    view_.stim_offsets = stim_offsets_.get();
    view_.stim_index = stim_index_.get();
    view_.stim = stim_.get();
    view_.cdf = cdf_.get();
    view_.change_steps = change_steps_.get();
    view_.amplitudes = amplitudes_.get();
    view_.seeds = seeds_.get();
    view_.spikes = spikes_.get();
    view_.spike_count = spike_count_.get();
}

void cuda_engine::advance(std::uint64_t first, std::uint64_t steps,
                          std::vector<std::vector<spike_record>>& spikes) {
    const device_problem& p = *problem_;
    spike_count_.zero();
    delivered_.zero();
    auto steps32 = static_cast<std::uint32_t>(steps);
    std::uint32_t interval = p.interval;
    std::uint32_t* delivered = delivered_.get();
    std::uint32_t* overflow = overflow_.get();
    void* args[] = {&view_, &first, &steps32, &interval, &delivered, &overflow};
    check(cudaLaunchCooperativeKernel(reinterpret_cast<const void*>(run_intervals),
                                      dim3(static_cast<unsigned>(grid_blocks_)),
                                      dim3(threads_per_block), args, 0, nullptr),
          "cudaLaunchCooperativeKernel");
    check(cudaGetLastError(), "run_intervals");
    check(cudaMemcpy(host_counts_.data(), spike_count_.get(), p.trials * sizeof(std::uint32_t),
                     cudaMemcpyDeviceToHost),
          "run_intervals (spike counts)");
    std::uint32_t overflowed = 0;
    check(cudaMemcpy(&overflowed, overflow, sizeof overflowed, cudaMemcpyDeviceToHost),
          "cudaMemcpy of the overflow flag");
    if (overflowed != 0) {
        throw resource_error("--backend cuda: a spike buffer overflowed (internal error)");
    }
    for (std::uint32_t t = 0; t < p.trials; ++t) {
        spikes[t].resize(host_counts_[t]);
        if (host_counts_[t] > 0) {
            check(
                cudaMemcpy(spikes[t].data(), spikes_.get() + std::size_t{t} * view_.spike_capacity,
                           host_counts_[t] * sizeof(spike_record), cudaMemcpyDeviceToHost),
                "cudaMemcpy of spikes");
        }
        std::sort(spikes[t].begin(), spikes[t].end());  // appended in no particular order
    }
}

double cuda_engine::voltage(std::uint32_t trial, neuron_id neuron) const {
    double v = 0.0;
    check(cudaMemcpy(&v, lanes_[0].get() + std::size_t{trial} * problem_->n + neuron, sizeof v,
                     cudaMemcpyDeviceToHost),
          "cudaMemcpy of a voltage");
    return v;
}

}  // namespace

bool cuda_built() {
    return true;
}

cuda_status cuda_devices() {
    int n = 0;
    const cudaError_t e = cudaGetDeviceCount(&n);
    if (e != cudaSuccess) {
        return {0, std::string("cudaGetDeviceCount: ") + cudaGetErrorString(e)};
    }
    if (n == 0) {
        return {0, "cudaGetDeviceCount: 0 devices"};
    }
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, 0) != cudaSuccess) {
        return {n, "device 0"};
    }
    return {n, std::string(prop.name) + " (sm_" + std::to_string(prop.major) +
                   std::to_string(prop.minor) + ")"};
}

std::unique_ptr<device_engine> make_cuda_engine(std::shared_ptr<const device_problem> problem,
                                                const cuda_options& options) {
    const cuda_status s = cuda_devices();
    if (s.devices == 0) {
        throw resource_error("--backend cuda: no CUDA device found (" + s.message + ")");
    }
    return std::make_unique<cuda_engine>(std::move(problem), options);
}

}  // namespace brainemu::cuda
