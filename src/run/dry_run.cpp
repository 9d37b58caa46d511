#include "run/dry_run.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/input_error.hpp"
#include "profile/profile.hpp"
#include "report/spike_file.hpp"
#include "run/rank_books.hpp"

namespace brainemu {

dry_run_communicator::dry_run_communicator(const dry_run_request& req, double dt_ms)
    : req_(req), dt_ms_(dt_ms) {
    if (!req_.replay.empty()) {
        const report::spike_file f = report::read_spike_file(req_.replay);
        if (std::abs(f.dt_ms - dt_ms_) > 1e-12 * dt_ms_) {
            throw input_error(
                {req_.replay.string(), 0, "dt_ms"},
                fmt::format("recorded with dt = {} ms; this run steps {} ms", f.dt_ms, dt_ms_));
        }
        recorded_.reserve(f.spikes.size());
        for (const report::spike& s : f.spikes) {
            recorded_.push_back({s.step, s.neuron});
        }
    }
}

std::uint32_t dry_run_communicator::rank_of(neuron_id neuron) const {
    return split_block_of(neurons_, req_.ranks, neuron);  // as the layout cut them
}

void dry_run_communicator::setup(std::span<const neuron_id> needed, index_range mine,
                                 neuron_id neurons) {
    neurons_ = neurons;
    mine_ = mine;
    remote_.clear();
    for (neuron_id s : needed) {
        if (!mine.contains(s)) {
            remote_.push_back(s);
        }
    }
    // Ranks holding at least one remote source: remote_ is sorted, so ranks come in order.
    ranks_sending_ = 0;
    std::uint32_t last_rank = UINT32_MAX;
    for (neuron_id s : remote_) {
        const std::uint32_t q = rank_of(s);
        ranks_sending_ += q != last_rank ? 1 : 0;
        last_rank = q;
    }
    without_stand_in_ = 0;
    if (!req_.replay.empty()) {
        for (const spike_record& r : recorded_) {
            if (r.neuron >= neurons) {  // the network's size
                throw input_error({req_.replay.string(), 0, ""},
                                  fmt::format("neuron {} is outside this network of {} neurons",
                                              r.neuron, neurons));
            }
        }
        return;
    }
    // replicate: remote source s at offset o of its rank fires with this rank's neuron o.
    // A counting sort by offset (remote_ is sorted, so each offset's sources stay sorted).
    by_offset_begin_.assign(mine.size() + 1, 0);
    auto offset_of = [&](neuron_id s) {
        return s - split_block(neurons, req_.ranks, rank_of(s)).first;
    };
    for (neuron_id s : remote_) {
        const neuron_id o = offset_of(s);
        if (o < mine.size()) {
            ++by_offset_begin_[o + 1];
        } else {
            ++without_stand_in_;
        }
    }
    for (std::size_t o = 0; o < mine.size(); ++o) {
        by_offset_begin_[o + 1] += by_offset_begin_[o];
    }
    by_offset_source_.assign(by_offset_begin_.back(), 0);
    std::vector<std::uint32_t> cursor(by_offset_begin_.begin(), by_offset_begin_.end() - 1);
    for (neuron_id s : remote_) {
        const neuron_id o = offset_of(s);
        if (o < mine.size()) {
            by_offset_source_[cursor[o]++] = s;
        }
    }
}

void dry_run_communicator::exchange(std::uint64_t first_step, std::uint64_t end_step,
                                    std::span<const spike_record> local,
                                    std::vector<spike_record>& deliver) {
    deliver.assign(local.begin(), local.end());
    const std::size_t own = deliver.size();
    if (req_.replay.empty()) {
        for (const spike_record& r : local) {
            const neuron_id o = r.neuron - mine_.first;
            for (std::uint32_t k = by_offset_begin_[o]; k < by_offset_begin_[o + 1]; ++k) {
                deliver.push_back({r.step, by_offset_source_[k]});
            }
        }
    } else {
        while (next_recorded_ < recorded_.size() && recorded_[next_recorded_].step < first_step) {
            ++next_recorded_;  // a warm-up not recorded, or steps before this run
        }
        for (; next_recorded_ < recorded_.size() && recorded_[next_recorded_].step < end_step;
             ++next_recorded_) {
            const spike_record& r = recorded_[next_recorded_];
            if (!mine_.contains(r.neuron) &&
                std::binary_search(remote_.begin(), remote_.end(), r.neuron)) {
                deliver.push_back(r);
            }
        }
    }
    spikes_received_ += deliver.size() - own;
    std::sort(deliver.begin(), deliver.end());
}

void dry_run_communicator::share(std::vector<double>&) {
    throw input_error({"", 0, "--dry-run-rank"},
                      "a dry run has no stand-in for gap-junction partners' voltages");
}

void dry_run_communicator::reset_counts() {
    spikes_received_ = 0;
}

dry_run_record dry_run_communicator::record() const {
    dry_run_record r;
    r.rank = req_.rank;
    r.ranks = req_.ranks;
    r.first_neuron = mine_.first;
    r.stand_in = req_.replay.empty() ? std::string("replicate") : "replay:" + req_.replay.string();
    r.remote_sources = remote_.size();
    r.ranks_sending = ranks_sending_;
    r.sources_without_stand_in = without_stand_in_;
    r.spikes_received = spikes_received_;
    r.bytes_received = spikes_received_ * sizeof(spike_wire);
    return r;
}

namespace {

index_range held_range(const network& net) {
    index_range held{UINT64_MAX, 0};
    for (std::size_t p = 0; p < net.synapses.partitions.size(); ++p) {
        if (net.layout.holds(p)) {
            held.first = std::min(held.first, net.synapses.partitions[p].first);
            held.last = std::max(held.last, net.synapses.partitions[p].last);
        }
    }
    return held.first < held.last ? held : index_range{0, 0};
}

}  // namespace

std::vector<population_rate> held_population_rates(const network& net,
                                                   std::span<const std::uint32_t> counts,
                                                   double seconds) {
    const index_range held = held_range(net);
    BE_ASSERT(counts.size() == held.size(), "counts of the held neurons, from the first on");
    std::vector<population_rate> out;
    for (const population& pop : net.populations) {
        const neuron_id lo = std::max(pop.range.first, held.first);
        const neuron_id hi = std::min(pop.range.last, held.last);
        if (lo >= hi) {
            continue;
        }
        population_rate r{pop.name, hi - lo, 0, 0.0, pop.reference_rate_hz};
        for (neuron_id i = lo; i < hi; ++i) {
            r.spikes += counts[i - held.first];
        }
        r.rate_hz = seconds > 0.0
                        ? static_cast<double>(r.spikes) / (static_cast<double>(r.neurons) * seconds)
                        : 0.0;
        out.push_back(r);
    }
    return out;
}

void add_dry_run_books(run_profile_record& profile, const engine& eng, const network& net,
                       const dry_run_communicator& comm, std::span<const std::uint32_t> counts,
                       std::optional<std::uint64_t> network_synapses_total) {
    const dry_run_record d = comm.record();
    const index_range held = held_range(net);
    profile.network_neurons_total = net.size;
    profile.network_synapses_total = network_synapses_total;
    profile.neurons = held.size();
    profile.ranks = d.ranks;
    std::map<std::string, double> rates;
    std::uint64_t spikes = 0;
    const double seconds = profile.simulated_ms * 1e-3;
    for (const population_rate& r : held_population_rates(net, counts, seconds)) {
        rates[r.name] = r.rate_hz;
        spikes += r.spikes;
    }
    profile.population_rates_hz = rates;
    profile.mean_rate_hz =
        seconds > 0.0 && held.size() > 0
            ? static_cast<double>(spikes) / (static_cast<double>(held.size()) * seconds)
            : 0.0;
    partition_record mine = own_part_books(eng, net);
    mine.spikes_received = d.spikes_received;
    mine.bytes_received = d.bytes_received;
    profile.partitions = std::vector<partition_record>{mine};
    profile.partitioning = partitioning_record{"contiguous", d.ranks, 0.0, false,
                                               "dry run: this rank alone, others stood in"};
    profile.dry_run = d;
}

}  // namespace brainemu
