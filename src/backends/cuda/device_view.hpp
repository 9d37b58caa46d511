#pragma once
// The GPU engine's data as flat arrays (structure of arrays), seen through raw pointers: the
// CUDA kernels and their host emulation (emulated_device) read and write exactly this layout.
//
//   neurons      n engine indices; trial t's copy of neuron i at t * n + i
//   synapses     CSR rows by *source* (push delivery: a spike walks only its own row):
//                row_offsets[n + 1], target[], delay[] (steps), weight[] (float, as stored)
//   ring         int64 fixed point, [trial][slot][channel][neuron], slot = step mod slots
//   pending      with skip_resting: one bit per (trial, slot, neuron), set by delivery
//   stimuli      per neuron a list of stimulus indices (stim_offsets[n + 1], stim_index[]),
//                in the experiment's order; Poisson counts from the same Philox streams as the
//                CPU engine, looked up in the same CDF tables (cdf[])
//   spikes       per trial a buffer of spike_capacity records and a count, appended by atomics

#include <cstdint>

#include "core/host_device.hpp"
#include "core/spike_sink.hpp"

namespace brainemu::cuda {

enum class device_model : std::uint8_t { lif_psc_exp, lif_psc_delta, fly_lif };

// Parameters and propagators of one model group, copied from the model's params and derived
// (computed on the host, so the device does no exp()).
struct device_group {
    device_model kind = device_model::lif_psc_exp;
    // lif_psc_exp: e_l, v_reset, v_th, i_e and p22, p11_ex, p11_in, p21_ex, p21_in, p20
    // lif_psc_delta: e_l, v_reset, v_th, i_e and p33 (in p22), p30 (in p20)
    // fly_lif: v_0 (in e_l), v_reset, v_th and p_vv (in p22), p_vg (in p21_ex), p_gg (in p11_ex)
    double e_l = 0.0, v_reset = 0.0, v_th = 0.0, i_e = 0.0;
    double p22 = 0.0, p11_ex = 0.0, p11_in = 0.0, p21_ex = 0.0, p21_in = 0.0, p20 = 0.0;
};

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
    double fx_per_unit = 1.0, unit_per_fx = 1.0;
    // Which inputs the CPU engine's models would see (step_input's non-null pointers).
    bool has_current = false, has_jump = false;
    bool skip_resting = false;  // fly_lif only: neurons exactly at rest without input skip

    const std::uint64_t* row_offsets = nullptr;
    const std::uint32_t* target = nullptr;
    const std::uint16_t* delay = nullptr;
    const float* weight = nullptr;

    const device_group* groups = nullptr;
    const std::uint16_t* group_of = nullptr;  // per neuron
    const std::int32_t* ref_steps = nullptr;  // per neuron (stimuli may override)
    const std::uint8_t* pinned = nullptr;     // per neuron: a stimulus target (skip_resting)

    double* v = nullptr;  // [trial * n + i]
    double* a = nullptr;  // lif_psc_exp: I_ex; fly_lif: g
    double* b = nullptr;  // lif_psc_exp: I_in
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
