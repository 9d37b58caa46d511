#include "backends/cuda/device_engine.hpp"

#include <algorithm>

#include "core/assert.hpp"

namespace brainemu::cuda {

device_engine::device_engine(std::shared_ptr<const device_problem> problem)
    : problem_(std::move(problem)),
      counts_(std::size_t{problem_->n} * problem_->trials, 0),
      batch_(problem_->trials) {}

void device_engine::run(std::uint64_t steps, std::span<const trial_outputs> outputs,
                        const progress_fn& progress) {
    BE_ASSERT(step_ + steps < (std::uint64_t{1} << 32), "step counter is 32-bit in records");
    BE_ASSERT(outputs.empty() || outputs.size() == problem_->trials, "one output per trial");
    const auto t0 = std::chrono::steady_clock::now();
    const std::uint64_t last = step_ + steps;
    const device_problem& p = *problem_;
    while (step_ < last) {
        const std::uint64_t n = std::min(steps_per_batch(), last - step_);
        for (auto& b : batch_) {
            b.clear();
        }
        advance(step_, n, batch_);
        ++launches_;
        for (std::uint32_t t = 0; t < p.trials; ++t) {
            std::uint32_t* counts = counts_.data() + std::size_t{t} * p.n;
            for (const spike_record& r : batch_[t]) {
                ++counts[r.neuron];
                stats_.synaptic_events += p.row_offsets[r.neuron + 1] - p.row_offsets[r.neuron];
            }
            stats_.spikes += batch_[t].size();
            if (!outputs.empty() && outputs[t].spikes != nullptr && !batch_[t].empty()) {
                outputs[t].spikes->write(batch_[t]);
            }
        }
        step_ += n;
        stats_.steps += n;
        if (progress) {
            const double wall =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            progress({step_, last, stats_.spikes, wall});
        }
    }
    stats_.wall_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

engine_facts device_engine::facts() const {
    engine_facts f;
    f.backend = "cuda";
    f.device = name();
    f.interval_steps = problem_->interval;
    f.launches = launches_;
    f.device_bytes = problem_->device_bytes();
    return f;
}

void device_engine::reset_counters() {
    stats_ = {};
    launches_ = 0;
    std::fill(counts_.begin(), counts_.end(), 0u);
}

std::span<const std::uint32_t> device_engine::spike_counts(std::uint32_t trial) const {
    return std::span<const std::uint32_t>(counts_).subspan(std::size_t{trial} * problem_->n,
                                                           problem_->n);
}

}  // namespace brainemu::cuda
