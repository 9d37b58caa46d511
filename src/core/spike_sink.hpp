#pragma once
// Output seams: the engine hands recorded data to these interfaces; src/io implements them
// (files), tests implement them in memory.

#include <cstdint>
#include <span>

namespace brainemu {

// One spike: the step in which the neuron crossed threshold, and its global index. 16 bytes in
// memory; files and messages carry narrower forms (spike_writer, the MPI communicator).
struct spike_record {
    std::uint32_t step;
    std::uint64_t neuron;
    friend bool operator==(const spike_record&, const spike_record&) = default;
    friend auto operator<=>(const spike_record&, const spike_record&) = default;
};

class spike_sink {
public:
    virtual ~spike_sink() = default;
    // Called once per communication interval with that interval's spikes, sorted by
    // (step, neuron); successive calls are in time order.
    virtual void write(std::span<const spike_record> spikes) = 0;
};

class sample_sink {
public:
    virtual ~sample_sink() = default;
    // One row of sampled values (in the order of the recorded neurons) at `step`.
    virtual void write(std::uint32_t step, std::span<const float> values) = 0;
};

}  // namespace brainemu
