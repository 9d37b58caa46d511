#pragma once
// The seam between processes: once per communication interval every rank contributes the
// spikes its neurons emitted and receives those it must deliver. The local implementation is
// one process (its thread blocks are merged before the call); the MPI one (src/backends/mpi)
// sends each spike once to every rank that holds at least one of its targets.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/index_range.hpp"
#include "core/spike_sink.hpp"

namespace brainemu {

// A spike as messages carry it: its step, and its neuron as an offset into the sending rank's
// range (a rank holds fewer than 2^32 neurons), so that a spike costs 8 bytes on the wire in a
// network of any size. The books count these bytes.
struct spike_wire {
    std::uint32_t step;
    std::uint32_t offset;
};

class communicator {
public:
    virtual ~communicator() = default;
    [[nodiscard]] virtual int rank() const = 0;
    [[nodiscard]] virtual int size() const = 0;

    // Called once, by every rank, before the first exchange: `needed` lists the sources
    // (engine indices, sorted, unique) of the synapses held here, whose spikes must reach this
    // rank; `mine` is the range of engine indices this rank runs (ranks hold consecutive
    // ranges); `neurons` is the whole network's size.
    virtual void setup(std::span<const neuron_id> needed, index_range mine, neuron_id neurons) = 0;
    // `local` holds this rank's spikes of the interval of steps [first_step, end_step), sorted
    // by (step, neuron); `deliver` receives every spike this rank must deliver (its own and the
    // others' that it needs), sorted the same way.
    virtual void exchange(std::uint64_t first_step, std::uint64_t end_step,
                          std::span<const spike_record> local,
                          std::vector<spike_record>& deliver) = 0;
    // Rank 0 receives every rank's spikes of the interval (for writing), sorted by (step,
    // neuron); other ranks receive nothing.
    virtual void gather(std::span<const spike_record> local, std::vector<spike_record>& all) = 0;
    // Every rank's values of v over its range reach every rank (gap
    // junctions: partners' voltages of the last step).
    virtual void share(std::vector<double>& v) = 0;
    // Reductions over ranks, so that every rank chooses the same interval and fixed-point scale.
    [[nodiscard]] virtual std::uint64_t min_all(std::uint64_t x) = 0;
    [[nodiscard]] virtual double max_all(double x) = 0;
    // Element-wise sum over ranks, in place (spike counts per neuron).
    virtual void sum_all(std::span<std::uint32_t> counts) = 0;
    // Element-wise sum over ranks, in place, of values each of which one rank holds and the
    // others leave 0 (voltage frames: exact, as x + 0 = x).
    virtual void sum_all(std::span<float> values) = 0;
    // Every rank's text, in rank order, on every rank (profiles, errors, experiment checks).
    [[nodiscard]] virtual std::vector<std::string> allgather(const std::string& text) = 0;

    // Spikes and bytes (spike_wire) this rank sent to each rank since setup (counted where they
    // are sent; the diagonal stays 0).
    [[nodiscard]] virtual std::vector<std::uint64_t> spikes_sent_to() const = 0;
    [[nodiscard]] virtual std::vector<std::uint64_t> bytes_sent_to() const = 0;
    virtual void reset_counts() = 0;
};

// One process holds every partition: exchange is a copy.
class local_communicator final : public communicator {
public:
    [[nodiscard]] int rank() const override { return 0; }
    [[nodiscard]] int size() const override { return 1; }
    void setup(std::span<const neuron_id>, index_range, neuron_id) override {}
    void exchange(std::uint64_t, std::uint64_t, std::span<const spike_record> local,
                  std::vector<spike_record>& deliver) override {
        deliver.assign(local.begin(), local.end());
    }
    void gather(std::span<const spike_record> local, std::vector<spike_record>& all) override {
        all.assign(local.begin(), local.end());
    }
    void share(std::vector<double>&) override {}
    [[nodiscard]] std::uint64_t min_all(std::uint64_t x) override { return x; }
    [[nodiscard]] double max_all(double x) override { return x; }
    void sum_all(std::span<std::uint32_t>) override {}
    void sum_all(std::span<float>) override {}
    [[nodiscard]] std::vector<std::string> allgather(const std::string& text) override {
        return {text};
    }
    [[nodiscard]] std::vector<std::uint64_t> spikes_sent_to() const override { return {0}; }
    [[nodiscard]] std::vector<std::uint64_t> bytes_sent_to() const override { return {0}; }
    void reset_counts() override {}
};

}  // namespace brainemu
