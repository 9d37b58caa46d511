#pragma once
// The GPU engine's data as flat arrays (structure of arrays), seen through raw pointers: the
// CUDA kernels and their host emulation (emulated_device) read and write exactly this layout.
//
//   neurons      n engine indices; trial t's copy of neuron i at t * n + i; a model's state in
//                `lanes` arrays of doubles (lane 0 the voltage) and the refractory counts
//   synapses     CSR rows by *source* (push delivery: a spike walks only its own row):
//                row_offsets[n + 1], target[], delay[] (steps), weight[] (float, as stored)
//   ring         int64 fixed point, [trial][slot][channel][neuron], slot = step mod slots
//   pending      with skip_resting: one bit per (trial, slot, neuron), set by delivery
//   stimuli      per neuron a list of stimulus indices (stim_offsets[n + 1], stim_index[]),
//                in the experiment's order; Poisson counts from the same Philox streams as the
//                CPU engine, looked up in the same CDF tables (cdf[])
//   spikes       per trial a buffer of spike_capacity records and a count, appended by atomics

#include <algorithm>
#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>

#include "core/host_device.hpp"
#include "core/spike_sink.hpp"
#include "models/model_list.hpp"

namespace brainemu::cuda {

// The models the GPU engine runs: every model of the list (models/model_list.hpp) whose step
// is written for one neuron over lanes of state (M::lanes, M::at, M::step_one). Adding such a
// model to the list makes it run here with no edit in this folder.
template <class M>
concept gpu_model = requires(const typename M::params& p, const typename M::derived& d,
                             double* const* lane, std::int32_t* ref, const neuron_input& in) {
    { M::lanes } -> std::convertible_to<int>;
    { M::rest_mV(p) } -> std::same_as<double>;
    {
        M::template step_one<input_kinds<false, false, false>>(p, d, M::at(lane, ref, 0), 0, in)
        } -> std::same_as<bool>;
};

// One model group's parameters and propagators (the model's own params and derived).
template <class M>
struct gpu_slot {
    typename M::params params{};
    typename M::derived derived{};
};

template <class... M>
struct gpu_list {
    static constexpr int max_lanes = std::max({0, M::lanes...});

    // A model group of any of the models: which one, and each one's slot (a group is read
    // per neuron only through its own model's slot).
    struct group : gpu_slot<M>... {
        std::uint8_t model = 0;  // index in the list
        template <class X>
        [[nodiscard]] BRAINEMU_HD const gpu_slot<X>& slot() const {
            return *this;
        }
        template <class X>
        [[nodiscard]] gpu_slot<X>& slot() {
            return *this;
        }
    };

    template <class X>
    static constexpr std::uint8_t index_of() {
        std::uint8_t i = 0, found = 0;
        ((std::is_same_v<X, M> ? (found = i, ++i) : ++i), ...);
        return found;
    }
    template <class F>
    static void for_each(F&& f) {
        (f(M{}), ...);
    }
    // Calls f(M{}) for the model with index k.
    template <class F>
    BRAINEMU_HD static void with_index(std::uint8_t k, F&& f) {
        std::uint8_t i = 0;
        ((k == i++ ? (f(M{}), 0) : 0), ...);
    }
    [[nodiscard]] static std::string names() {
        std::string out;
        ((out += (out.empty() ? "" : ", ") + std::string(M::name)), ...);
        return out;
    }
};

namespace detail {
template <class Kept, class... Rest>
struct keep_gpu_models {
    using type = Kept;
};
template <class... Kept, class M, class... Rest>
struct keep_gpu_models<gpu_list<Kept...>, M, Rest...> {
    using type =
        typename std::conditional_t<gpu_model<M>, keep_gpu_models<gpu_list<Kept..., M>, Rest...>,
                                    keep_gpu_models<gpu_list<Kept...>, Rest...>>::type;
};
template <class List>
struct gpu_models_of;
template <class... M>
struct gpu_models_of<model_list_of<M...>> {
    using type = typename keep_gpu_models<gpu_list<>, M...>::type;
};
}  // namespace detail

using gpu_models = detail::gpu_models_of<model_list>::type;
using device_group = gpu_models::group;

enum class device_stimulus_kind : std::uint8_t { poisson_synapse, poisson_voltage, current };

struct device_stimulus {
    device_stimulus_kind kind = device_stimulus_kind::poisson_synapse;
    std::uint32_t start_step = 0, stop_step = 0;  // Poisson: active in [start, stop)
    std::uint32_t purpose = 0;                    // Philox purpose code (stimulus, index)
    double weight = 0.0;
    std::uint32_t cdf_first = 0, cdf_last = 0;         // Poisson: cdf[first .. first + last]
    std::uint32_t change_first = 0, change_count = 0;  // current: change_steps / amplitudes
};

struct device_view {
    std::uint32_t n = 0, trials = 0, slots = 1, channels = 1;
    std::uint32_t lanes = 1;  // state lanes of the widest model in the problem
    double fx_per_unit = 1.0, unit_per_fx = 1.0;
    // Which inputs the CPU engine's models would see (step_input's non-null pointers).
    bool has_current = false, has_jump = false;
    bool skip_resting = false;  // models that rest exactly: resting neurons without input skip

    const std::uint64_t* row_offsets = nullptr;
    const std::uint32_t* target = nullptr;
    const std::uint16_t* delay = nullptr;
    const float* weight = nullptr;

    const device_group* groups = nullptr;
    const std::uint16_t* group_of = nullptr;  // per neuron
    const std::int32_t* ref_steps = nullptr;  // per neuron (stimuli may override)
    const std::uint8_t* pinned = nullptr;     // per neuron: a stimulus target (skip_resting)

    // Each model's state per neuron: lane[k][trial * n + i], lane 0 the voltage (M::at).
    double* lane[gpu_models::max_lanes] = {};
    std::int32_t* refractory_left = nullptr;
    std::uint8_t* asleep = nullptr;  // skip_resting: at rest after its last step

    std::int64_t* ring = nullptr;
    std::uint32_t* pending = nullptr;  // skip_resting: [trial][slot][word of 32 neurons]
    std::uint32_t pending_words = 0;   // per (trial, slot): (n + 31) / 32

    const std::uint64_t* stim_offsets = nullptr;
    const std::uint32_t* stim_index = nullptr;
    const device_stimulus* stim = nullptr;
    const double* cdf = nullptr;
    const std::uint32_t* change_steps = nullptr;
    const double* amplitudes = nullptr;
    const std::uint64_t* seeds = nullptr;  // per trial

    spike_record* spikes = nullptr;  // [trial * spike_capacity + k]
    std::uint32_t* spike_count = nullptr;
    std::uint32_t spike_capacity = 0;

    [[nodiscard]] BRAINEMU_HD std::int64_t* ring_at(std::uint32_t trial, std::uint32_t slot,
                                                    std::uint32_t ch) const {
        return ring + ((static_cast<std::uint64_t>(trial) * slots + slot) * channels + ch) * n;
    }
    [[nodiscard]] BRAINEMU_HD std::uint32_t* pending_at(std::uint32_t trial,
                                                        std::uint32_t slot) const {
        return pending + (static_cast<std::uint64_t>(trial) * slots + slot) * pending_words;
    }
};

}  // namespace brainemu::cuda
