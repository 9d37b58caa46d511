#include "backends/cuda/emulated_device.hpp"

#include <algorithm>

#include "backends/cuda/device_step.hpp"

namespace brainemu::cuda {
namespace {

// The device's atomicAdd on unsigned 64-bit words: two's complement, wrapping.
struct host_add {
    void operator()(std::int64_t* at, std::int64_t x) const {
        *at = static_cast<std::int64_t>(static_cast<std::uint64_t>(*at) +
                                        static_cast<std::uint64_t>(x));
    }
};
struct host_mark {
    void operator()(std::uint32_t* word, std::uint32_t bit) const { *word |= bit; }
};

}  // namespace

emulated_device::emulated_device(std::shared_ptr<const device_problem> problem)
    : device_engine(std::move(problem)) {
    const device_problem& p = *problem_;
    const std::size_t nt = std::size_t{p.n} * p.trials;
    lanes_.resize(p.lanes);
    lanes_[0] = p.v0;
    for (std::uint32_t k = 1; k < p.lanes; ++k) {
        lanes_[k].assign(nt, 0.0);
    }
    refractory_left_.assign(nt, 0);
    asleep_.assign(nt, 0);
    ring_.assign(nt * p.slots * p.channels, 0);
    view_ = view_sizes(p);
    pending_.assign(std::size_t{p.trials} * p.slots * view_.pending_words, 0);
    view_.row_offsets = p.row_offsets.data();
    view_.target = p.target.data();
    view_.delay = p.delay.data();
    view_.weight = p.weight.data();
    view_.groups = p.groups.data();
    view_.group_of = p.group_of.data();
    view_.ref_steps = p.ref_steps.data();
    view_.pinned = p.pinned.data();
    for (std::uint32_t k = 0; k < p.lanes; ++k) {
        view_.lane[k] = lanes_[k].data();
    }
    view_.refractory_left = refractory_left_.data();
    view_.asleep = asleep_.data();
    view_.ring = ring_.data();
    view_.pending = pending_.data();
    view_.stim_offsets = p.stim_offsets.data();
    view_.stim_index = p.stim_index.data();
    view_.stim = p.stim.data();
    view_.cdf = p.cdf.data();
    view_.change_steps = p.change_steps.data();
    view_.amplitudes = p.amplitudes.data();
    view_.seeds = p.seeds.data();
}

std::uint64_t emulated_device::steps_per_batch() const {
    return problem_->interval;
}

void emulated_device::advance(std::uint64_t first, std::uint64_t steps,
                              std::vector<std::vector<spike_record>>& spikes) {
    const device_view& d = view_;
    // Phase 1 (the update kernel): every step of the interval, every trial and neuron.
    for (std::uint64_t s = first; s < first + steps; ++s) {
        const auto step = static_cast<std::uint32_t>(s);
        for (std::uint32_t t = 0; t < d.trials; ++t) {
            for (std::uint32_t i = 0; i < d.n; ++i) {
                if (update_neuron(d, t, i, step, host_bits{})) {
                    spikes[t].push_back({step, i});
                }
            }
        }
    }
    // Phase 2 (the delivery kernel): every spike's row, into slots at least D_min ahead.
    for (std::uint32_t t = 0; t < d.trials; ++t) {
        for (const spike_record& r : spikes[t]) {
            for (std::uint64_t k = d.row_offsets[r.neuron]; k < d.row_offsets[r.neuron + 1]; ++k) {
                deliver_synapse(d, t, r.step, k, host_add{}, host_mark{});
            }
        }
    }
}

double emulated_device::voltage(std::uint32_t trial, neuron_id neuron) const {
    return lanes_[0][std::size_t{trial} * problem_->n + neuron];
}

}  // namespace brainemu::cuda
