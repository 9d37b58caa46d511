#pragma once
// The seam between partitions: once per communication interval every partition contributes the
// spikes its neurons emitted and receives everybody's. The local implementation is one process
// (its thread blocks are merged before the call); MPI ranks will implement the same interface.

#include <cstdint>
#include <span>
#include <vector>

#include "core/spike_sink.hpp"

namespace brainemu {

class communicator {
public:
    virtual ~communicator() = default;
    [[nodiscard]] virtual int rank() const = 0;
    [[nodiscard]] virtual int size() const = 0;
    // `local` holds this partition's spikes of one interval, sorted by (step, neuron);
    // `global` receives every partition's, sorted the same way.
    virtual void exchange(std::span<const spike_record> local,
                          std::vector<spike_record>& global) = 0;
    // Bytes this partition sent to other partitions so far (0 for one process).
    [[nodiscard]] virtual std::uint64_t bytes_sent() const = 0;
};

// One process holds every partition: exchange is a copy.
class local_communicator final : public communicator {
public:
    [[nodiscard]] int rank() const override { return 0; }
    [[nodiscard]] int size() const override { return 1; }
    void exchange(std::span<const spike_record> local, std::vector<spike_record>& global) override {
        global.assign(local.begin(), local.end());
    }
    [[nodiscard]] std::uint64_t bytes_sent() const override { return 0; }
};

}  // namespace brainemu
