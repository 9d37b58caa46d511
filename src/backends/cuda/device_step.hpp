#pragma once
// One neuron's step and one synapse's delivery, as the GPU engine runs them: plain functions
// over device_view, compiled by nvcc for the kernels (cuda_engine.cu) and by g++ for the host
// emulation (emulated_device.cpp) that the host tests compare with the CPU engine bit for bit.
//
// A neuron's step is its model's own M::step_one (src/models), the function the CPU engine's
// loops call: one copy of each model's arithmetic. With floating-point contraction off on both
// sides (g++ -std=c++20 does not contract; nvcc gets --fmad=false) they round alike. Input is
// summed in int64 fixed point, so the order of the atomics does not matter.

#include <cstdint>

#if defined(__CUDACC__) && !defined(R123_CUDA_DEVICE)
#define R123_CUDA_DEVICE __host__ __device__  // Philox on the host and the device alike
#endif
#include <Random123/philox.h>

#include "backends/cuda/device_view.hpp"
#include "core/fixed_point.hpp"
#include "core/host_device.hpp"

namespace brainemu::cuda {

// Lane `lane` of the Philox4x32-10 call keyed (seed, purpose, quad, step), as uniform_quad
// (src/core/random_stream.hpp) returns it: a 32-bit uniform in [0, 1).
[[nodiscard]] BRAINEMU_HD inline double philox_uniform(std::uint64_t seed, std::uint32_t purpose,
                                                       std::uint32_t quad, std::uint32_t step,
                                                       std::uint32_t lane) {
    const r123::Philox4x32::key_type key{
        {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    const r123::Philox4x32::ctr_type ctr{{purpose, quad, step, 0}};
    const r123::Philox4x32::ctr_type x = r123::Philox4x32()(ctr, key);
    return x[lane] * 0x1.0p-32;
}

// Stimulus input of neuron i in `step` (stimulus_plan::apply, per neuron): Poisson counts
// from the neuron's lane of the (seed, stimulus, i / 4, step) Philox call, looked up in the
// stimulus's CDF; a synaptic count k adds to_fixed(k x w) to channel 1 if w < 0 and the ring
// has two channels, else channel 0; voltage counts add k x w to the jump in stimulus order;
// currents add their amplitude in stimulus order (the CPU's array rebuild gives the same sum).
BRAINEMU_HD inline void add_stimuli(const device_view& d, std::uint32_t trial, std::uint32_t i,
                                    std::uint32_t step, neuron_input& in) {
    for (std::uint64_t e = d.stim_offsets[i]; e < d.stim_offsets[i + 1]; ++e) {
        const device_stimulus& s = d.stim[d.stim_index[e]];
        if (s.kind == device_stimulus_kind::current) {
            // The amplitude after the longest prefix of changes at or before this step.
            std::uint32_t c = 0;
            while (c + 1 < s.change_count && d.change_steps[s.change_first + c + 1] <= step) {
                ++c;
            }
            const double amplitude = d.amplitudes[s.change_first + c];
            if (amplitude != 0.0) {
                in.current_pA += amplitude;
            }
            continue;
        }
        if (step < s.start_step || step >= s.stop_step) {
            continue;
        }
        const double u = philox_uniform(d.seeds[trial], s.purpose, i / 4, step, i % 4);
        const double* cdf = d.cdf + s.cdf_first;
        std::uint32_t k = 0;
        while (k < s.cdf_last && u >= cdf[k]) {
            ++k;
        }
        if (k == 0) {
            continue;
        }
        if (s.kind == device_stimulus_kind::poisson_voltage) {
            in.jump_mV += k * s.weight;
        } else if (d.channels == 2 && s.weight < 0.0) {
            in.fx1 += to_fixed(k * s.weight, d.fx_per_unit);
        } else {
            in.fx0 += to_fixed(k * s.weight, d.fx_per_unit);
        }
    }
}

// Calls f(K{}) with the input_kinds the CPU engine's models would see for this problem.
template <class F>
BRAINEMU_HD inline void with_device_kinds(const device_view& d, F&& f) {
    const auto j = [&](auto two, auto cur) {
        if (d.has_jump) {
            f(input_kinds<decltype(two)::value, decltype(cur)::value, true>{});
        } else {
            f(input_kinds<decltype(two)::value, decltype(cur)::value, false>{});
        }
    };
    const auto c = [&](auto two) {
        if (d.has_current) {
            j(two, std::true_type{});
        } else {
            j(two, std::false_type{});
        }
    };
    if (d.channels == 2) {
        c(std::true_type{});
    } else {
        c(std::false_type{});
    }
}

// Reads a ring entry and clears it. On the device the read goes to L2 (__ldcg): other
// multiprocessors' atomics wrote the entry, and an L1 line from an earlier read may be stale.
[[nodiscard]] BRAINEMU_HD inline std::int64_t take_entry(std::int64_t* at) {
#ifdef __CUDA_ARCH__
    const auto x = static_cast<std::int64_t>(__ldcg(reinterpret_cast<const long long*>(at)));
#else
    const std::int64_t x = *at;
#endif
    *at = 0;
    return x;
}

// How a pending-input bit is read and cleared: plainly on the host, atomically on the device
// (the neurons sharing a 32-bit word step concurrently there).
struct host_bits {
    BRAINEMU_HD bool take(std::uint32_t* word, std::uint32_t bit) const {
        const bool set = (*word & bit) != 0;
        *word &= ~bit;
        return set;
    }
};

// One step of neuron i in trial `trial`: reads and clears its ring entry, adds its stimuli,
// steps its model; true if it fired. With skip_resting (models that rest exactly, no currents), a
// neuron that was exactly at rest after its last step and has no input now is not touched: its step
// would leave every bit unchanged (the CPU engine's activity-driven stepping, same argument).
template <class Bits>
BRAINEMU_HD inline bool update_neuron(const device_view& d, std::uint32_t trial, std::uint32_t i,
                                      std::uint32_t step, Bits bits) {
    const std::uint64_t si = static_cast<std::uint64_t>(trial) * d.n + i;
    const std::uint32_t slot = step % d.slots;
    if (d.skip_resting) {
        const bool input = bits.take(d.pending_at(trial, slot) + i / 32, 1u << (i % 32));
        if (!input && d.pinned[i] == 0 && d.asleep[si] != 0) {
            return false;
        }
    }
    neuron_input in;
    in.unit_per_fx = d.unit_per_fx;
    in.fx0 = take_entry(d.ring_at(trial, slot, 0) + i);
    if (d.channels == 2) {
        in.fx1 = take_entry(d.ring_at(trial, slot, 1) + i);
    }
    add_stimuli(d, trial, i, step, in);
    const device_group& g = d.groups[d.group_of[i]];
    const std::int32_t& ref_steps = d.ref_steps[i];  // read only when the neuron fires
    bool fired = false;
    gpu_models::with_index(g.model, [&](auto model) {
        using M = decltype(model);
        const gpu_slot<M>& m = g.template slot<M>();
        const auto s = M::at(d.lane, d.refractory_left, si);
        with_device_kinds(d, [&](auto kinds) {
            fired = M::template step_one<decltype(kinds)>(m.params, m.derived, s, ref_steps, in);
        });
        if constexpr (rests_exactly<M>) {
            if (d.skip_resting) {
                d.asleep[si] = d.pinned[i] == 0 && M::at_rest(m.params, s) ? 1 : 0;
            }
        }
    });
    return fired;
}

// Synapse k of a spike emitted in `step` in trial `trial`: its fixed-point weight goes to its
// target's entry in the slot `delay` steps ahead, channel 1 for w < 0 in a two-channel ring
// (deliver_spikes_reference's arithmetic). `add(int64*, int64)` and `mark(uint32*, bit)` are
// plain on the host and atomic on the device.
template <class Add, class Mark>
BRAINEMU_HD inline void deliver_synapse(const device_view& d, std::uint32_t trial,
                                        std::uint32_t step, std::uint64_t k, Add add, Mark mark) {
    const float w = d.weight[k];
    const std::uint32_t ch = d.channels == 2 && w < 0.0f ? 1 : 0;
    const auto slot = static_cast<std::uint32_t>((std::uint64_t{step} + d.delay[k]) % d.slots);
    const std::uint32_t t = d.target[k];
    add(d.ring_at(trial, slot, ch) + t, to_fixed(w, d.fx_per_unit));
    if (d.skip_resting) {
        mark(d.pending_at(trial, slot) + t / 32, 1u << (t % 32));
    }
}

}  // namespace brainemu::cuda
