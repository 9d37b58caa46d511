#pragma once
// The GPU engine emulated on the host, one thread: the kernels' per-neuron and per-synapse
// functions (device_step.hpp) called in a loop over the same flat arrays, in the order the
// kernels' phases run (every neuron of every trial for each step of an interval, then every
// spike's row). What it cannot show is the CUDA layer itself: launches, copies, atomics'
// visibility, occupancy (docs/cuda.md).

#include "backends/cuda/device_engine.hpp"

namespace brainemu::cuda {

class emulated_device final : public device_engine {
public:
    explicit emulated_device(std::shared_ptr<const device_problem> problem);
    [[nodiscard]] double voltage(std::uint32_t trial, neuron_id neuron) const override;
    [[nodiscard]] const char* name() const override { return "emulated"; }

private:
    void advance(std::uint64_t first, std::uint64_t steps,
                 std::vector<std::vector<spike_record>>& spikes) override;
    [[nodiscard]] std::uint64_t steps_per_batch() const override;

    std::vector<std::vector<double>> lanes_;  // device_view::lane
    std::vector<std::int32_t> refractory_left_;
    std::vector<std::uint8_t> asleep_;
    std::vector<std::int64_t> ring_;
    std::vector<std::uint32_t> pending_;
    device_view view_;
};

}  // namespace brainemu::cuda
