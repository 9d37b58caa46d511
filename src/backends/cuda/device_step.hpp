#pragma once
// One neuron's step and one synapse's delivery, as the GPU engine runs them: plain functions
// over device_view, compiled by nvcc for the kernels (cuda_engine.cu) and by g++ for the host
// emulation (emulated_device.cpp) that the host tests compare with the CPU engine bit for bit.
//
// Each model step repeats, operation for operation, the CPU model's step (src/models/*.hpp):
// the same expressions in the same order, so with floating-point contraction off on both
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

// This step's input of one neuron, gathered before its model steps.
struct neuron_input {
    std::int64_t fx0 = 0, fx1 = 0;  // ring channels 0 and 1 (plus synaptic stimulus events)
    double current_pA = 0.0;        // external current (has_current)
    double jump_mV = 0.0;           // voltage-receptor events (has_jump)
};

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

// lif_psc_exp::integrate and the threshold scan of lif_psc_exp::step, for one neuron.
BRAINEMU_HD inline bool step_lif_psc_exp(const device_view& d, const device_group& p,
                                         std::uint64_t si, std::int32_t ref_steps,
                                         const neuron_input& in) {
    double& v = d.v[si];
    double& ie = d.a[si];
    double& ii = d.b[si];
    std::int32_t& ref = d.refractory_left[si];
    const double in_ex = static_cast<double>(in.fx0) * d.unit_per_fx;
    double in_in = 0.0;
    if (d.channels == 2) {
        in_in = static_cast<double>(in.fx1) * d.unit_per_fx;
    }
    double i_ext = p.i_e;
    if (d.has_current) {
        i_ext = p.i_e + in.current_pA;
    }
    const bool active = ref == 0;
    double vn = p.e_l + (v - p.e_l) * p.p22 + ie * p.p21_ex + ii * p.p21_in + i_ext * p.p20;
    if (d.has_jump) {
        vn += in.jump_mV;
    }
    v = active ? vn : v;
    ref = active ? 0 : ref - 1;
    ie = ie * p.p11_ex + in_ex;
    ii = ii * p.p11_in + in_in;
    if (v >= p.v_th) {
        v = p.v_reset;
        ref = ref_steps;
        return true;
    }
    return false;
}

// lif_psc_delta::step for one neuron.
BRAINEMU_HD inline bool step_lif_psc_delta(const device_view& d, const device_group& p,
                                           std::uint64_t si, std::int32_t ref_steps,
                                           const neuron_input& in) {
    double& v = d.v[si];
    std::int32_t& ref = d.refractory_left[si];
    double jump = static_cast<double>(d.channels == 2 ? in.fx0 + in.fx1 : in.fx0) * d.unit_per_fx;
    if (ref == 0) {
        const double i_ext = p.i_e + (d.has_current ? in.current_pA : 0.0);
        if (d.has_jump) {
            jump += in.jump_mV;
        }
        v = p.e_l + (v - p.e_l) * p.p22 + i_ext * p.p20 + jump;
    } else {
        --ref;
    }
    if (v >= p.v_th) {
        v = p.v_reset;
        ref = ref_steps;
        return true;
    }
    return false;
}

// fly_lif::step_one for one neuron.
BRAINEMU_HD inline bool step_fly_lif(const device_view& d, const device_group& p, std::uint64_t si,
                                     std::int32_t ref_steps, const neuron_input& in) {
    double& v = d.v[si];
    double& g = d.a[si];
    std::int32_t& ref = d.refractory_left[si];
    const double syn =
        static_cast<double>(d.channels == 2 ? in.fx0 + in.fx1 : in.fx0) * d.unit_per_fx;
    if (ref != 0) {
        --ref;
        return false;  // frozen, and the input is lost
    }
    v = p.e_l + (v - p.e_l) * p.p22 + g * p.p21_ex;
    g *= p.p11_ex;
    const bool fire = v > p.v_th;
    g += syn;
    if (d.has_jump) {
        v += in.jump_mV;
    }
    if (fire) {
        v = p.v_reset;
        g = 0.0;
        ref = ref_steps - 1 > 0 ? ref_steps - 1 : 0;
    }
    return fire;
}

// fly_lif::at_rest: a step without input leaves every bit of such a neuron's state as it is.
[[nodiscard]] BRAINEMU_HD inline bool fly_at_rest(const device_view& d, const device_group& p,
                                                  std::uint64_t si) {
    return d.refractory_left[si] == 0 && d.v[si] == p.e_l && d.a[si] == 0.0;
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
// steps its model; true if it fired. With skip_resting (fly_lif, no currents), a neuron that
// was exactly at rest after its last step and has no input now is not touched: its step would
// leave every bit unchanged (the CPU engine's activity-driven stepping, same argument).
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
    in.fx0 = take_entry(d.ring_at(trial, slot, 0) + i);
    if (d.channels == 2) {
        in.fx1 = take_entry(d.ring_at(trial, slot, 1) + i);
    }
    add_stimuli(d, trial, i, step, in);
    const device_group& p = d.groups[d.group_of[i]];
    const std::int32_t ref_steps = d.ref_steps[i];
    bool fired = false;
    switch (p.kind) {
        case device_model::lif_psc_exp:
            fired = step_lif_psc_exp(d, p, si, ref_steps, in);
            break;
        case device_model::lif_psc_delta:
            fired = step_lif_psc_delta(d, p, si, ref_steps, in);
            break;
        case device_model::fly_lif:
            fired = step_fly_lif(d, p, si, ref_steps, in);
            break;
    }
    if (d.skip_resting) {
        d.asleep[si] = d.pinned[i] == 0 && fly_at_rest(d, p, si) ? 1 : 0;
    }
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
