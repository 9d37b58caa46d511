#include "engine/simulation.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <exception>
#include <thread>

#include "core/assert.hpp"
#include "core/fixed_point.hpp"
#include "core/random_stream.hpp"
#include "engine/block_state.hpp"
#include "engine/delivery.hpp"
#include "engine/ring_buffer.hpp"
#include "engine/spin_barrier.hpp"
#include "stimulus/stimulus_plan.hpp"

namespace brainemu {

namespace {

using clock_type = std::chrono::steady_clock;
double seconds_since(clock_type::time_point t0) {
    return std::chrono::duration<double>(clock_type::now() - t0).count();
}

template <class M>
model_group<M> make_group(const model_assignment& a, const typename M::params& p, double dt_ms,
                          std::uint64_t seed, const neuron_layout& layout) {
    model_group<M> g;
    g.range = a.range;
    g.params = p;
    g.derived = M::derived::from(p, dt_ms);
    g.state.resize(a.range.size(), p, g.derived);
    if (!draws_initial_voltage(a.v_init)) {
        return g;  // the model's resting potential
    }
    for (std::size_t i = 0; i < a.range.size(); ++i) {
        g.state.v_mV[i] = initial_voltage(a.v_init, seed, layout.global(a.range.first + i));
        if constexpr (starts_from_voltage<M>) {
            M::start_from_voltage(p, g.state, i);
        }
    }
    return g;
}

}  // namespace

simulation::simulation(network net, std::span<const model_assignment> models,
                       std::vector<stimulus> stimuli, simulation_config config, communicator& comm)
    : simulation(std::make_shared<const network>(std::move(net)), models, std::move(stimuli),
                 std::move(config), comm) {}

simulation::simulation(std::shared_ptr<const network> net, std::span<const model_assignment> models,
                       std::vector<stimulus> stimuli, simulation_config config, communicator& comm)
    : net_(std::move(net)), stimuli_(std::move(stimuli)), config_(std::move(config)), comm_(comm) {
    BE_ASSERT(!net_->synapses.partitions.empty(), "the network has no partitions");
    for (const model_assignment& a : models) {
        groups_.push_back(std::visit(
            [&](const auto& p) -> any_model_group {
                using M = typename model_of<std::decay_t<decltype(p)>>::type;
                return make_group<M>(a, p, config_.dt_ms, config_.seed, net_->layout);
            },
            a.params));
    }
    std::sort(groups_.begin(), groups_.end(),
              [](const auto& x, const auto& y) { return range_of(x).first < range_of(y).first; });
    // This process holds a contiguous run of partitions (all of them without MPI); the model
    // groups must tile exactly its neurons.
    const auto& parts = net_->synapses.partitions;
    for (std::size_t p = 0; p < parts.size(); ++p) {
        if (net_->layout.holds(p)) {
            held_.push_back(p);
        }
    }
    BE_ASSERT(!held_.empty(), "this process holds no partition");
    for (std::size_t p : held_) {
        BE_ASSERT(parts[p].size() < (neuron_id{1} << 32), "a partition of 2^32 neurons or more");
    }
    neuron_id covered = parts[held_.front()].first;
    for (const auto& g : groups_) {
        BE_ASSERT(range_of(g).first == covered, "model groups must tile the held neurons");
        covered = range_of(g).last;
    }
    BE_ASSERT(covered == parts[held_.back()].last, "model groups must cover every held neuron");

    // Stimuli that override the refractory period of their targets (Shiu et al.'s Poisson).
    for (const stimulus& s : stimuli_) {
        if (!s.refractory_ms) {
            continue;
        }
        const std::int32_t steps = refractory_steps(*s.refractory_ms, config_.dt_ms);
        for (auto& g : groups_) {
            std::visit(
                [&](auto& grp) {
                    // Models without a refractory period (izhikevich, hh) have none to override.
                    if constexpr (requires { grp.state.ref_steps; }) {
                        for (neuron_id t : s.targets) {
                            if (grp.range.contains(t)) {
                                grp.state.ref_steps[t - grp.range.first] = steps;
                            }
                        }
                    }
                },
                g);
        }
    }

    // Every rank must choose the same interval and fixed-point scale: both from the whole
    // network (held blocks here, reduced over ranks).
    const std::uint64_t d_local = net_->synapses.min_delay();
    const std::uint64_t d_min = comm_.min_all(d_local > 0 ? d_local : UINT64_MAX);
    // Without synapses no spike needs exchanging; 10 steps keeps the barrier cost negligible.
    // Gap junctions couple voltages every step, so partitions must meet every step.
    interval_ = !net_->gap_junctions.empty()       ? 1
                : d_min != UINT64_MAX && d_min > 0 ? static_cast<std::uint32_t>(d_min)
                                                   : 10;
    const std::uint32_t slots = std::max<std::uint32_t>(net_->synapses.max_delay(), 1);

    double max_stim_weight = 0.0;
    for (std::size_t p : held_) {
        const index_range part = parts[p];
        auto st = std::make_unique<block_state>(
            part,
            stimulus_plan(stimuli_, part, config_.dt_ms, config_.seed, net_->layout.global_of));
        max_stim_weight = std::max(max_stim_weight, st->stim.max_abs_synaptic_weight());
        blocks_.push_back(std::move(st));
    }
    fx_per_unit_ = choose_fx_per_unit(comm_.max_all(net_->synapses.max_abs_weight()),
                                      comm_.max_all(net_->synapses.max_in_degree()),
                                      comm_.max_all(max_stim_weight));

    for (std::size_t b = 0; b < blocks_.size(); ++b) {
        block_state& st = *blocks_[b];
        const std::size_t p = held_[b];
        int channels = 1;
        for (std::size_t gi = 0; gi < groups_.size(); ++gi) {
            const index_range gr = range_of(groups_[gi]);
            const neuron_id lo = std::max(gr.first, st.range.first);
            const neuron_id hi = std::min(gr.last, st.range.last);
            if (lo < hi) {
                st.parts.push_back({gi,
                                    {static_cast<std::uint32_t>(lo - gr.first),
                                     static_cast<std::uint32_t>(hi - gr.first)}});
                channels = std::max(channels, channels_of(groups_[gi]));
            }
        }
        st.ring = ring_buffer(slots, channels, st.local_size());
        st.due.resize(slots);
        for (std::size_t k = net_->synapses.first_block[p]; k < net_->synapses.first_block[p + 1];
             ++k) {
            const synapse_block& sb = net_->synapses.blocks[k];
            st.delivery.push_back(make_delivery_block(
                sb, static_cast<std::uint32_t>(sb.targets.first - st.range.first), channels,
                fx_per_unit_));
        }
        if (st.stim.uses_current()) {
            st.current_pA.assign(st.local_size(), 0.0);
        }
        if (st.stim.uses_voltage()) {
            st.v_jump_mV.assign(st.local_size(), 0.0);
        }
        if (!net_->gap_junctions.empty()) {
            st.total_pA.assign(st.local_size(), 0.0);
            const auto& offsets = net_->gap_junctions.offsets;
            for (std::uint32_t k = 0; k < st.local_size(); ++k) {
                const neuron_id i = st.range.first + k;
                if (offsets[i + 1] > offsets[i]) {
                    st.gap_local.push_back(k);
                }
            }
        }
        record_state(st);
        if (config_.skip_resting && config_.reference_paths == false && st.parts.size() == 1 &&
            net_->gap_junctions.empty() &&
            std::all_of(st.delivery.begin(), st.delivery.end(),
                        [](const delivery_block& d) { return deferrable(*d.block); })) {
            start_sparse(st);
        }
    }
    // Counts cover the neurons held here where they are one range of global ids (an identity
    // layout), so that a rank of a huge network holds no counter per neuron of the network.
    if (net_->layout.permuted()) {
        spike_counts_.assign(net_->size, 0);
    } else {
        counts_from_ = parts[held_.front()].first;
        spike_counts_.assign(parts[held_.back()].last - counts_from_, 0);
    }
    config_.voltage_every_steps = std::max<std::uint32_t>(1, config_.voltage_every_steps);
    if (comm_.size() > 1) {
        // Which sources this rank's synapses listen to: their spikes must be sent here.
        std::vector<neuron_id> needed;
        for (std::size_t p : held_) {
            for (std::size_t k = net_->synapses.first_block[p];
                 k < net_->synapses.first_block[p + 1]; ++k) {
                net_->synapses.blocks[k].for_each_row(
                    [&](neuron_id source, std::uint64_t, std::uint64_t) {
                        needed.push_back(source);
                    });
            }
        }
        std::sort(needed.begin(), needed.end());
        needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
        comm_.setup(needed, {parts[held_.front()].first, parts[held_.back()].last}, net_->size);
    }
    if (!net_->gap_junctions.empty()) {
        // Step 0 couples through the initial voltages, published as if after step -1.
        gap_v_[0].assign(net_->size, 0.0);
        gap_v_[1].assign(net_->size, 0.0);
        for (auto& st : blocks_) {
            publish_voltages(*st, step_ + 1);
        }
        if (comm_.size() > 1) {
            comm_.share(gap_v_[(step_ + 1) % 2]);  // other ranks' initial voltages
        }
    }
}

// Coupling currents for step s from the voltages after step s - 1, summed over each neuron's
// partners in their fixed order: I_i = sum_j g_ij (V_j - V_i), in pA (nS x mV).
void simulation::couple(block_state& st, std::uint64_t s) {
    const std::vector<double>& v = gap_v_[(s + 1) % 2];
    if (st.current_pA.empty()) {
        std::fill(st.total_pA.begin(), st.total_pA.end(), 0.0);
    } else {
        std::copy(st.current_pA.begin(), st.current_pA.end(), st.total_pA.begin());
    }
    const gap_junction_table& gj = net_->gap_junctions;
    for (std::uint32_t k : st.gap_local) {
        const neuron_id i = st.range.first + k;
        double current = 0.0;
        for (std::uint64_t e = gj.offsets[i]; e < gj.offsets[i + 1]; ++e) {
            current += gj.g_nS[e] * (v[gj.other[e]] - v[i]);
        }
        st.total_pA[k] += current;
    }
}

void simulation::publish_voltages(block_state& st, std::uint64_t s) {
    std::vector<double>& v = gap_v_[s % 2];
    for (std::uint32_t k : st.gap_local) {
        v[st.range.first + k] = voltage(st.range.first + k);
    }
}

simulation::~simulation() = default;

void simulation::run(std::uint64_t steps, std::span<const trial_outputs> outputs,
                     const progress_fn& progress) {
    BE_ASSERT(outputs.size() <= 1, "the CPU engine runs one trial");
    const trial_outputs out = outputs.empty() ? trial_outputs{} : outputs.front();
    run(steps, out.spikes, out.voltages, progress);
}

engine_facts simulation::facts() const {
    engine_facts f;
    f.backend = "cpu";
    f.threads = threads();
    f.interval_steps = interval_;
    return f;
}

// Activity-driven stepping for a block whose one model can step neuron by neuron: every
// stimulus target is stepped every step (pinned), and so is every neuron not at rest now.
void simulation::start_sparse(block_state& st) {
    std::visit(
        [&](auto& g) {
            using M = typename std::decay_t<decltype(g)>::model;
            if constexpr (rests_exactly<M>) {
                if (!M::can_rest(g.params)) {
                    return;  // resting neurons would fire: step them all
                }
                const std::uint32_t n = st.local_size();
                st.sparse = true;
                st.awake.flag.assign(n, 0);
                st.pinned.assign(n, 0);
                for (const stimulus& s : stimuli_) {
                    for (neuron_id t : s.targets) {
                        if (st.range.contains(t)) {
                            st.pinned[t - st.range.first] = 1;
                        }
                    }
                }
            }
        },
        groups_[st.parts.front().group]);
    if (st.sparse) {
        rebuild_awake(st);
    }
}

double simulation::voltage(neuron_id neuron) const {
    for (const auto& g : groups_) {
        if (range_of(g).contains(neuron)) {
            return std::visit(
                [&](const auto& grp) { return grp.state.v_mV[neuron - grp.range.first]; }, g);
        }
    }
    BE_ASSERT(false, "no such neuron");
}

// Where each recorded value of this block lives: a pointer into its model group's state column
// (state arrays keep their size for the life of the engine).
void simulation::record_state(block_state& st) {
    static const std::vector<std::string> voltage_only{"v_mV"};
    const std::vector<std::string>& variables =
        config_.record_variables.empty() ? voltage_only : config_.record_variables;
    const std::size_t n = config_.record_voltages.size();
    for (std::size_t j = 0; j < n; ++j) {
        const neuron_id neuron = config_.record_voltages[j];
        if (!st.range.contains(neuron)) {
            continue;
        }
        for (auto& g : groups_) {
            if (!range_of(g).contains(neuron)) {
                continue;
            }
            std::visit(
                [&](auto& grp) {
                    const std::size_t i = neuron - grp.range.first;
                    const state_columns cols = grp.state.columns();
                    for (std::size_t k = 0; k < variables.size(); ++k) {
                        block_state::recorded_value r{static_cast<std::uint32_t>(k * n + j),
                                                      nullptr, nullptr};
                        for (const auto& c : cols.real) {
                            r.real = c.name == variables[k] ? &c.values[i] : r.real;
                        }
                        for (const auto& c : cols.integer) {
                            r.integer = c.name == variables[k] ? &c.values[i] : r.integer;
                        }
                        BE_ASSERT(r.real != nullptr || r.integer != nullptr,
                                  "recorded variable missing from the model (checked when the "
                                  "experiment is built)");
                        st.recorded.push_back(r);
                    }
                },
                g);
        }
    }
}

// Step pipeline of one block for the steps [first, first + n) of an interval, per step:
//  1. stimuli add this step's input to the ring slot (fixed point) and the current/jump arrays;
//  2. every model group steps its neurons (reads the slot, integrates, tests threshold);
//  3. spikes are appended to the block's interval list; the slot is cleared; voltages sampled.
// Nothing here touches another block's data, so blocks run without locks.
void simulation::update_interval(std::size_t b, std::uint64_t first, std::uint32_t n, int parity) {
    if (blocks_[b]->sparse) {
        update_interval_sparse(b, first, n, parity);
        return;
    }
    block_state& st = *blocks_[b];
    std::vector<spike_record>& spikes = st.spikes[static_cast<std::size_t>(parity)];
    spikes.clear();
    const double unit_per_fx = 1.0 / fx_per_unit_;
    for (std::uint64_t s = first; s < first + n; ++s) {
        const auto step = static_cast<std::uint32_t>(s);
        const std::uint32_t slot = st.ring.slot_of(s);
        apply_due(st.delivery, fx_per_unit_, st.due[slot], st.ring, slot);
        std::int64_t* ch0 = st.ring.channel(slot, 0);
        std::int64_t* ch1 = st.ring.channels() == 2 ? st.ring.channel(slot, 1) : nullptr;
        st.stim.apply(step, {ch0, ch1, fx_per_unit_, st.current_pA.data(), st.v_jump_mV.data()});
        const bool coupled = !st.total_pA.empty();
        if (coupled) {
            couple(st, s);
        }
        const std::vector<double>& current = coupled ? st.total_pA : st.current_pA;
        for (const auto& part : st.parts) {
            std::visit(
                [&](auto& g) {
                    using M = typename std::decay_t<decltype(g)>::model;
                    const auto off = static_cast<std::uint32_t>(g.range.first + part.local.first -
                                                                st.range.first);
                    step_input in;
                    in.syn_ch0 = ch0 + off;
                    in.syn_ch1 = ch1 ? ch1 + off : nullptr;
                    in.unit_per_fx = unit_per_fx;
                    in.current_pA = current.empty() ? nullptr : current.data() + off;
                    in.v_jump_mV = st.v_jump_mV.empty() ? nullptr : st.v_jump_mV.data() + off;
                    M::step(g.params, g.derived, g.state, part.local, in, st.fired);
                    for (std::uint32_t i : st.fired) {
                        const neuron_id neuron = g.range.first + i;
                        spikes.push_back({step, neuron});
                        ++spike_counts_[net_->layout.global(neuron) - counts_from_];
                    }
                    st.fired.clear();
                },
                groups_[part.group]);
        }
        st.updates += st.local_size();
        if (coupled) {
            publish_voltages(st, s);
        }
        // The models consumed (read and cleared) this slot.
        sample_voltages(st, first, s, parity);
    }
}

// This block's recorded voltages after step s of the interval starting at `first`. Frames are
// double-buffered like the spike lists: thread 0 may still be writing the previous interval's.
void simulation::sample_voltages(block_state& st, std::uint64_t first, std::uint64_t s,
                                 int parity) {
    const std::uint32_t every = config_.voltage_every_steps;
    const std::size_t columns = config_.recorded_columns();
    if (columns == 0 || s % every != 0) {
        return;
    }
    const std::size_t frame = (s - (first + every - 1) / every * every) / every;
    float* frames = frames_.data() + static_cast<std::size_t>(parity) * frames_.size() / 2;
    for (const block_state::recorded_value& r : st.recorded) {
        frames[frame * columns + r.column] =
            static_cast<float>(r.real != nullptr ? *r.real : static_cast<double>(*r.integer));
    }
}

// The activity-driven variant (one model group per block, every block deferred): per step,
// deferred input wakes its targets, stimuli's targets are always awake, the awake neurons
// step, and those back at rest (exactly) fall asleep.
void simulation::update_interval_sparse(std::size_t b, std::uint64_t first, std::uint32_t n,
                                        int parity) {
    block_state& st = *blocks_[b];
    std::vector<spike_record>& spikes = st.spikes[static_cast<std::size_t>(parity)];
    spikes.clear();
    const double unit_per_fx = 1.0 / fx_per_unit_;
    std::visit(
        [&](auto& g) {
            using M = typename std::decay_t<decltype(g)>::model;
            if constexpr (rests_exactly<M>) {
                const auto group_off = static_cast<std::uint32_t>(st.range.first - g.range.first);
                const cpu_lanes<M> lanes(g.state);
                for (std::uint64_t s = first; s < first + n; ++s) {
                    const auto step = static_cast<std::uint32_t>(s);
                    const std::uint32_t slot = st.ring.slot_of(s);
                    apply_due(st.delivery, fx_per_unit_, st.due[slot], st.ring, slot, &st.awake);
                    if (!st.restored_input.empty()) {
                        for (std::uint32_t k : st.restored_input[slot]) {
                            st.awake.wake(k);
                        }
                        st.restored_input[slot].clear();
                    }
                    step_input in;
                    in.syn_ch0 = st.ring.channel(slot, 0);
                    in.syn_ch1 = st.ring.channels() == 2 ? st.ring.channel(slot, 1) : nullptr;
                    in.unit_per_fx = unit_per_fx;
                    in.current_pA = st.current_pA.empty() ? nullptr : st.current_pA.data();
                    in.v_jump_mV = st.v_jump_mV.empty() ? nullptr : st.v_jump_mV.data();
                    st.stim.apply(step, {in.syn_ch0, in.syn_ch1, fx_per_unit_, st.current_pA.data(),
                                         st.v_jump_mV.data()});
                    st.fired.clear();
                    with_kinds(in, [&](auto kinds) {
                        using K = decltype(kinds);
                        // Neurons without input this step take none: no synaptic input, no
                        // jump (the only current is the pinned stimulus targets').
                        using quiet = input_kinds<K::two, false, false>;
                        neuron_input none;
                        none.unit_per_fx = unit_per_fx;
                        for (std::uint32_t k : st.awake.list) {
                            const bool input = (st.awake.flag[k] & 2) != 0 || st.pinned[k] != 0;
                            const std::uint32_t i = k + group_off;
                            const bool fired =
                                input
                                    ? M::template step_one<K>(g.params, g.derived, lanes.at(i),
                                                              lanes.ref_steps[i],
                                                              take_input<K>(in, k))
                                    : M::template step_one<quiet>(g.params, g.derived, lanes.at(i),
                                                                  lanes.ref_steps[i], none);
                            if (fired) {
                                st.fired.push_back(k);
                            }
                        }
                    });
                    st.updates += st.awake.list.size();
                    std::sort(st.fired.begin(), st.fired.end());
                    for (std::uint32_t k : st.fired) {
                        const neuron_id neuron = st.range.first + k;
                        spikes.push_back({step, neuron});
                        ++spike_counts_[net_->layout.global(neuron) - counts_from_];
                    }
                    std::erase_if(st.awake.list, [&](std::uint32_t k) {
                        const bool sleep =
                            st.pinned[k] == 0 && M::at_rest(g.params, lanes.at(k + group_off));
                        st.awake.flag[k] = sleep ? 0 : 1;
                        return sleep;
                    });
                    sample_voltages(st, first, s, parity);
                }
            }
        },
        groups_[st.parts.front().group]);
}

void simulation::deliver(std::size_t b, std::span<const spike_record> spikes) {
    block_state& st = *blocks_[b];
    for (std::uint32_t i = 0; i < st.delivery.size(); ++i) {
        const delivery_block& d = st.delivery[i];
        if (config_.reference_paths) {
            st.events += deliver_spikes_reference(d, fx_per_unit_, spikes, st.ring);
        } else if (deferrable(*d.block)) {
            st.events += defer_spikes(i, d, spikes, st.ring, st.due);
        } else {
            st.events += deliver_spikes(d, fx_per_unit_, spikes, st.ring);
        }
    }
}

// Thread 0, between the barriers: merge the blocks' spikes, exchange with other partitions,
// hand spikes and voltage frames to the sinks.
void simulation::merge_and_record(std::uint64_t first, std::uint32_t n, int parity) {
    auto t0 = clock_type::now();
    merged_.clear();
    for (auto& st : blocks_) {
        const auto& s = st->spikes[static_cast<std::size_t>(parity)];
        merged_.insert(merged_.end(), s.begin(), s.end());
    }
    // Blocks are contiguous in engine order, so sorting by (step, neuron) only interleaves steps.
    std::stable_sort(merged_.begin(), merged_.end(),
                     [](const spike_record& x, const spike_record& y) { return x.step < y.step; });
    const bool several = comm_.size() > 1;
    if (several) {
        comm_.exchange(first, first + n, merged_, global_);
        if (!net_->gap_junctions.empty()) {
            comm_.share(gap_v_[first % 2]);  // the interval is this one step
        }
        comm_.gather(merged_, gathered_);
    }
    stats_.spikes += merged_.size();
    auto t1 = clock_type::now();
    blocks_[0]->time.communication_s += std::chrono::duration<double>(t1 - t0).count();
    const std::vector<spike_record>& all = several ? gathered_ : merged_;
    if (spike_out_ != nullptr && !all.empty()) {
        if (net_->layout.permuted()) {
            // Outputs name neurons by global id, in (step, id) order, whatever the layout.
            recorded_.clear();
            for (const spike_record& r : all) {
                recorded_.push_back({r.step, net_->layout.global(r.neuron)});
            }
            std::sort(recorded_.begin(), recorded_.end());
            spike_out_->write(recorded_);
        } else {
            spike_out_->write(all);
        }
    }
    if (several && !config_.record_voltages.empty()) {
        // Each recorded neuron's column is written by the rank holding it and is 0 on every
        // other: a sum over ranks assembles the frames one process would write (every rank
        // takes part; only rank 0 has a sink).
        const std::size_t half = frames_.size() / 2;
        comm_.sum_all(
            std::span<float>(frames_.data() + static_cast<std::size_t>(parity) * half, half));
    }
    if (voltage_out_ != nullptr && !config_.record_voltages.empty()) {
        const std::uint32_t every = config_.voltage_every_steps;
        const std::size_t columns = config_.recorded_columns();
        const float* frames =
            frames_.data() + static_cast<std::size_t>(parity) * frames_.size() / 2;
        std::size_t frame = 0;
        for (std::uint64_t s = (first + every - 1) / every * every; s < first + n; s += every) {
            voltage_out_->write(static_cast<std::uint32_t>(s),
                                std::span<const float>(frames + frame * columns, columns));
            ++frame;
        }
    }
    if (several && !config_.record_voltages.empty()) {
        // Back to 0 outside this rank's columns before this half is summed again (two
        // intervals on; every thread is past the barrier that follows this merge).
        const std::size_t half = frames_.size() / 2;
        const auto begin = frames_.begin() + static_cast<std::ptrdiff_t>(parity * half);
        std::fill(begin, begin + static_cast<std::ptrdiff_t>(half), 0.0F);
    }
    blocks_[0]->time.recording_s += seconds_since(t1);
}

void simulation::run(std::uint64_t steps, spike_sink* spikes, sample_sink* voltages,
                     const progress_fn& progress, double progress_every_s) {
    BE_ASSERT(step_ + steps < (std::uint64_t{1} << 32), "step counter is 32-bit in records");
    spike_out_ = spikes;
    voltage_out_ = voltages;
    stop_at_.store(UINT64_MAX);
    const std::size_t frames_per_interval = interval_ / config_.voltage_every_steps + 2;
    frames_.assign(2 * frames_per_interval * config_.recorded_columns(), 0.0f);

    const std::uint64_t first_step = step_;
    const std::uint64_t last_step = step_ + steps;
    const auto start = clock_type::now();
    auto last_progress = start;
    std::exception_ptr error;
    spin_barrier sync(static_cast<int>(blocks_.size()));
    const bool one_rank = comm_.size() == 1;

    // Per interval: update (each block alone) | barrier | thread 0 merges, records and, with
    // several ranks, exchanges (then a second barrier, as everyone needs the exchange's
    // result) | every block delivers every spike into its own ring. With one rank a block
    // reads the other blocks' interval lists directly, so one barrier per interval suffices.
    auto worker = [&](std::size_t b) {
        block_state& st = *blocks_[b];
        int parity = 0;
        for (std::uint64_t first = first_step; first < last_step; first += interval_) {
            const auto n =
                static_cast<std::uint32_t>(std::min<std::uint64_t>(interval_, last_step - first));
            auto t0 = clock_type::now();
            update_interval(b, first, n, parity);
            auto t1 = clock_type::now();
            st.time.update_s += std::chrono::duration<double>(t1 - t0).count();
            sync.arrive_and_wait();
            auto t2 = clock_type::now();
            st.time.waiting_s += std::chrono::duration<double>(t2 - t1).count();
            // A failure in thread 0 (a sink, the exchange, the progress callback) stops every
            // thread at the same interval: the stop is set during interval i for interval
            // i + 1, and every thread reads it after the barrier that follows.
            if (stop_at_.load() <= first) {
                return;
            }
            if (b == 0) {
                try {
                    merge_and_record(first, n, parity);
                    if (progress && seconds_since(last_progress) >= progress_every_s) {
                        last_progress = clock_type::now();
                        progress({first + n, last_step, stats_.spikes, seconds_since(start)});
                    }
                } catch (...) {
                    error = std::current_exception();
                    stop_at_.store(first + interval_);
                }
            }
            auto t3 = clock_type::now();
            if (one_rank) {
                for (const auto& other : blocks_) {
                    deliver(b, other->spikes[static_cast<std::size_t>(parity)]);
                }
            } else {
                sync.arrive_and_wait();
                st.time.waiting_s += seconds_since(t3);
                if (stop_at_.load() != UINT64_MAX) {
                    return;  // the exchange may have failed half way
                }
                t3 = clock_type::now();
                deliver(b, global_);
            }
            st.time.delivery_s += seconds_since(t3);
            parity ^= 1;
        }
    };
    {
        std::vector<std::jthread> threads;
        for (std::size_t b = 1; b < blocks_.size(); ++b) {
            threads.emplace_back(worker, b);
        }
        worker(0);
    }
    if (error) {
        std::rethrow_exception(error);
    }
    step_ = last_step;
    stats_.steps = step_ - measured_from_;
    stats_.wall_s += seconds_since(start);
    stats_.neuron_updates = 0;
    stats_.synaptic_events = 0;
    stats_.per_thread.clear();
    for (const auto& st : blocks_) {
        stats_.neuron_updates += st->updates;
        stats_.synaptic_events += st->events;
        stats_.per_thread.push_back(st->time);
    }
    stats_.time = blocks_[0]->time;
    if (progress) {
        progress({step_, last_step, stats_.spikes, seconds_since(start)});
    }
}

void simulation::reset_counters() {
    stats_ = {};
    measured_from_ = step_;
    std::fill(spike_counts_.begin(), spike_counts_.end(), 0u);
    for (auto& st : blocks_) {
        st->updates = 0;
        st->events = 0;
        st->time = {};
    }
}

resident_bytes simulation::memory() const {
    resident_bytes m;
    for (const auto& g : groups_) {
        m.state += std::visit([](const auto& grp) { return grp.state.bytes(); }, g);
    }
    m.state += spike_counts_.capacity() * sizeof(std::uint32_t);
    m.synapses = net_->synapses.bytes() + net_->gap_junctions.bytes();
    m.state += (gap_v_[0].capacity() + gap_v_[1].capacity()) * sizeof(double);
    for (const auto& st : blocks_) {
        m.ring_buffers += st->ring.bytes();
        m.ring_buffers += st->due.capacity() * sizeof(std::vector<deferred_range>);
        for (const auto& q : st->due) {
            m.ring_buffers += q.capacity() * sizeof(deferred_range);
        }
        m.stimuli += st->stim.bytes() + (st->current_pA.capacity() + st->v_jump_mV.capacity() +
                                         st->total_pA.capacity()) *
                                            sizeof(double);
        m.state += st->gap_local.capacity() * sizeof(std::uint32_t);
        m.recorders +=
            (st->spikes[0].capacity() + st->spikes[1].capacity()) * sizeof(spike_record) +
            st->recorded.capacity() * sizeof(block_state::recorded_value);
        for (const delivery_block& d : st->delivery) {
            m.synapses += d.bytes();
        }
    }
    m.recorders +=
        (merged_.capacity() + global_.capacity() + gathered_.capacity() + recorded_.capacity()) *
            sizeof(spike_record) +
        frames_.capacity() * sizeof(float);
    return m;
}

}  // namespace brainemu
