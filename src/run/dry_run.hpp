#pragma once
// A dry run: one rank of a K-rank run, built and run alone (docs/scaling.md). The network is
// laid out in K contiguous parts and only part R is built; the spikes the other ranks would
// send come from a stand-in, so that this rank's memory, build time, update and delivery work
// and the traffic it receives are measured for K far beyond one machine.
//
// Stand-ins for the other ranks' spikes:
// - replicate: every other rank fires as this one does. The neuron at offset o of rank q
//   spikes whenever the neuron at offset o of this rank does (ranks are equal contiguous parts
//   within one neuron; for a network whose parts are alike, such as the cortex sheet on its
//   torus, that is the same activity statistics, not the same spikes);
// - replay: the spikes of a recorded run of the same network (its spikes.bin), so that a dry
//   run reproduces one rank of a real run exactly.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/communicator.hpp"
#include "engine/engine.hpp"
#include "network/network.hpp"
#include "profile/profile.hpp"
#include "profile/record/run_profile_record.hpp"

namespace brainemu {

struct dry_run_request {
    std::uint32_t rank = 0, ranks = 1;
    std::filesystem::path replay;  // empty: replicate
};

class dry_run_communicator final : public communicator {
public:
    // `dt_ms` checks a replayed file against the run.
    dry_run_communicator(const dry_run_request& req, double dt_ms);

    [[nodiscard]] int rank() const override { return static_cast<int>(req_.rank); }
    [[nodiscard]] int size() const override { return static_cast<int>(req_.ranks); }
    void setup(std::span<const neuron_id> needed, index_range mine, neuron_id neurons) override;
    void exchange(std::uint64_t first_step, std::uint64_t end_step,
                  std::span<const spike_record> local, std::vector<spike_record>& deliver) override;
    // This process is the only one: what it gathers, reduces and shares is its own.
    void gather(std::span<const spike_record> local, std::vector<spike_record>& all) override {
        all.assign(local.begin(), local.end());
    }
    void share(std::vector<double>&) override;
    [[nodiscard]] std::uint64_t min_all(std::uint64_t x) override { return x; }
    [[nodiscard]] double max_all(double x) override { return x; }
    void sum_all(std::span<std::uint32_t>) override {}
    void sum_all(std::span<float>) override {}
    [[nodiscard]] std::vector<std::string> allgather(const std::string& text) override {
        return {text};
    }
    // What this rank sends depends on what the ranks not built here need: not counted.
    [[nodiscard]] std::vector<std::uint64_t> spikes_sent_to() const override { return {}; }
    [[nodiscard]] std::vector<std::uint64_t> bytes_sent_to() const override { return {}; }
    void reset_counts() override;

    // The run's facts for profile.json (after a run).
    [[nodiscard]] dry_run_record record() const;

private:
    [[nodiscard]] std::uint32_t rank_of(neuron_id neuron) const;

    dry_run_request req_;
    double dt_ms_;
    neuron_id neurons_ = 0;  // the network's; ranks hold split_block(neurons_, ranks, rank)
    index_range mine_{};
    std::vector<neuron_id> remote_;  // needed sources held by other ranks, sorted
    std::uint64_t ranks_sending_ = 0, without_stand_in_ = 0;
    // replicate: the remote sources standing at each offset of this rank (CSR).
    std::vector<std::uint32_t> by_offset_begin_;
    std::vector<neuron_id> by_offset_source_;
    // replay: the recorded spikes (by step) and how far the run has read them.
    std::vector<spike_record> recorded_;
    std::size_t next_recorded_ = 0;
    std::uint64_t spikes_received_ = 0;
};

// Rates over the neurons this process ran (the populations cut to its part); `counts` are
// theirs, from the first held global id on.
[[nodiscard]] std::vector<population_rate> held_population_rates(
    const network& net, std::span<const std::uint32_t> counts, double seconds);

// A dry run's profile: the top-level figures are this rank's (neurons and synapses held,
// spikes of its neurons, rates over its neurons: `counts` as held_population_rates takes
// them), beside the whole network's size, with the
// stand-in's facts in `dry_run` and this rank as the one entry of `partitions`.
void add_dry_run_books(run_profile_record& profile, const engine& eng, const network& net,
                       const dry_run_communicator& comm, std::span<const std::uint32_t> counts,
                       std::optional<std::uint64_t> network_synapses_total);

}  // namespace brainemu
