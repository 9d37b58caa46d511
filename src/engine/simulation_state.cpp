// The CPU engine's checkpoints (engine_state.hpp): its state between two run() calls, keyed
// by global id, and back. Both happen between intervals, when every spike of the past has been
// delivered into a ring buffer or a deferred run and no thread is stepping.

#include <algorithm>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "core/input_error.hpp"
#include "engine/block_state.hpp"
#include "engine/simulation.hpp"

namespace brainemu {
namespace {

[[noreturn]] void refuse(const std::string& what) {
    throw input_error({"", 0, "--resume"}, what);
}

model_state_table& table_for(engine_state& s, std::string_view model, const state_columns& cols) {
    for (model_state_table& t : s.models) {
        if (t.model == model) {
            return t;
        }
    }
    model_state_table t;
    t.model = std::string(model);
    for (const auto& c : cols.real) {
        t.real_names.emplace_back(c.name);
    }
    for (const auto& c : cols.integer) {
        t.integer_names.emplace_back(c.name);
    }
    t.real.resize(cols.real.size());
    t.integer.resize(cols.integer.size());
    s.models.push_back(std::move(t));
    return s.models.back();
}

}  // namespace

engine_state simulation::save_state() {
    engine_state s;
    s.step = step_;
    s.fx_per_unit = fx_per_unit_;
    for (auto& g : groups_) {
        std::visit(
            [&](auto& grp) {
                using M = typename std::decay_t<decltype(grp)>::model;
                const state_columns cols = grp.state.columns();
                model_state_table& t = table_for(s, M::name, cols);
                for (std::size_t i = 0; i < grp.range.size(); ++i) {
                    t.ids.push_back(net_->layout.global(grp.range.first + i));
                }
                for (std::size_t c = 0; c < cols.real.size(); ++c) {
                    t.real[c].insert(t.real[c].end(), cols.real[c].values.begin(),
                                     cols.real[c].values.end());
                }
                for (std::size_t c = 0; c < cols.integer.size(); ++c) {
                    t.integer[c].insert(t.integer[c].end(), cols.integer[c].values.begin(),
                                        cols.integer[c].values.end());
                }
            },
            g);
    }
    // Input on its way: the ring as it will be once every deferred run is added (a copy; the
    // sums are integers, so adding them now or in their step gives the same values).
    for (const auto& stp : blocks_) {
        const block_state& st = *stp;
        ring_buffer ring = st.ring;
        due_queue due = st.due;
        for (std::uint32_t slot = 0; slot < ring.slots(); ++slot) {
            apply_due(st.delivery, fx_per_unit_, due[slot], ring, slot);
        }
        std::vector<std::uint8_t> two_channel(st.local_size(), 0);
        for (const auto& part : st.parts) {
            const neuron_id first = range_of(groups_[part.group]).first + part.local.first;
            std::fill_n(two_channel.begin() + static_cast<std::ptrdiff_t>(first - st.range.first),
                        part.local.size(), channels_of(groups_[part.group]) == 2 ? 1 : 0);
        }
        const std::uint32_t now = ring.slot_of(step_);
        for (std::uint32_t slot = 0; slot < ring.slots(); ++slot) {
            const std::uint64_t step = step_ + (slot + ring.slots() - now) % ring.slots();
            for (int ch = 0; ch < ring.channels(); ++ch) {
                const std::int64_t* fx = ring.channel(slot, ch);
                for (std::uint32_t k = 0; k < st.local_size(); ++k) {
                    if (fx[k] != 0) {
                        // A one-channel model sums both channels of a two-channel ring.
                        const auto channel = static_cast<std::uint32_t>(two_channel[k] ? ch : 0);
                        s.pending.push_back(
                            {net_->layout.global(st.range.first + k), step, channel, fx[k]});
                    }
                }
            }
        }
    }
    s.canonicalise();
    return s;
}

void simulation::restore_state(const engine_state& s) {
    // Every rank must reach the voltage exchange below, or none: a refusal on one rank (its
    // share of the state does not fit) is agreed on before it.
    std::exception_ptr refused;
    try {
        restore_held(s);
    } catch (const input_error&) {
        refused = std::current_exception();
    }
    const bool any_refused =
        comm_.size() > 1 ? comm_.max_all(refused ? 1.0 : 0.0) > 0.0 : refused != nullptr;
    if (refused) {
        std::rethrow_exception(refused);
    }
    if (any_refused) {
        return;  // the rank that refused says why; this engine is not run
    }
    if (!net_->gap_junctions.empty()) {
        // The next step couples through the restored voltages, as if published after the last.
        for (auto& st : blocks_) {
            publish_voltages(*st, step_ + 1);
        }
        if (comm_.size() > 1) {
            comm_.share(gap_v_[(step_ + 1) % 2]);
        }
    }
}

void simulation::restore_held(const engine_state& s) {
    BE_ASSERT(step_ == 0, "a checkpoint is restored into a fresh engine");
    if (s.fx_per_unit != fx_per_unit_) {
        refuse(
            fmt::format("the checkpoint's input is in fixed point of {} units per pA or mV and "
                        "this network's is {}: it was written for other weights",
                        s.fx_per_unit, fx_per_unit_));
    }
    // Neurons held here, found by engine index; each must be restored exactly once.
    std::vector<std::uint8_t> restored(net_->size, 0);
    std::uint64_t held = 0;
    for (const auto& g : groups_) {
        held += range_of(g).size();
    }
    std::uint64_t count = 0;
    auto group_of = [&](neuron_id engine_index) -> any_model_group* {
        auto it = std::upper_bound(
            groups_.begin(), groups_.end(), engine_index,
            [](neuron_id i, const any_model_group& g) { return i < range_of(g).first; });
        if (it == groups_.begin()) {
            return nullptr;
        }
        --it;
        return range_of(*it).contains(engine_index) ? &*it : nullptr;
    };
    for (const model_state_table& t : s.models) {
        for (std::size_t row = 0; row < t.ids.size(); ++row) {
            const neuron_id id = t.ids[row];
            if (id >= net_->size) {
                refuse(fmt::format("the checkpoint has neuron {} and this network {} neurons", id,
                                   net_->size));
            }
            const neuron_id e = net_->layout.engine(id);
            any_model_group* g = group_of(e);
            if (g == nullptr) {
                continue;  // another rank's
            }
            if (restored[e] != 0) {
                refuse(fmt::format("the checkpoint has neuron {} twice", id));
            }
            restored[e] = 1;
            ++count;
            std::visit(
                [&](auto& grp) {
                    using M = typename std::decay_t<decltype(grp)>::model;
                    const state_columns cols = grp.state.columns();
                    if (t.model != M::name) {
                        refuse(
                            fmt::format("neuron {} is a {} neuron in the checkpoint and a {} "
                                        "neuron here",
                                        id, t.model, M::name));
                    }
                    bool same = t.real.size() == cols.real.size() &&
                                t.integer.size() == cols.integer.size();
                    for (std::size_t c = 0; same && c < cols.real.size(); ++c) {
                        same = t.real_names[c] == cols.real[c].name;
                    }
                    for (std::size_t c = 0; same && c < cols.integer.size(); ++c) {
                        same = t.integer_names[c] == cols.integer[c].name;
                    }
                    if (!same) {
                        refuse(
                            fmt::format("the checkpoint's {} state has other variables than "
                                        "this brainemu's {}",
                                        t.model, M::name));
                    }
                    const std::size_t i = e - grp.range.first;
                    for (std::size_t c = 0; c < cols.real.size(); ++c) {
                        cols.real[c].values[i] = t.real[c][row];
                    }
                    for (std::size_t c = 0; c < cols.integer.size(); ++c) {
                        cols.integer[c].values[i] = t.integer[c][row];
                    }
                },
                *g);
        }
    }
    if (count != held) {
        refuse(fmt::format("the checkpoint has the state of {} of the {} neurons held here", count,
                           held));
    }
    step_ = s.step;
    measured_from_ = step_;
    for (auto& stp : blocks_) {
        block_state& st = *stp;
        if (st.sparse) {
            st.restored_input.assign(st.ring.slots(), {});
        }
    }
    for (const pending_input& p : s.pending) {
        if (p.id >= net_->size) {
            refuse(fmt::format("the checkpoint has input for neuron {} of {}", p.id, net_->size));
        }
        const neuron_id e = net_->layout.engine(p.id);
        if (group_of(e) == nullptr) {
            continue;
        }
        auto it = std::find_if(blocks_.begin(), blocks_.end(),
                               [&](const auto& b) { return b->range.contains(e); });
        BE_ASSERT(it != blocks_.end(), "a held neuron outside every block");
        block_state& st = **it;
        if (p.step < step_ || p.step - step_ >= st.ring.slots() ||
            p.channel >= static_cast<std::uint32_t>(st.ring.channels())) {
            refuse(fmt::format(
                "the checkpoint has input for neuron {} at step {} on channel {}; "
                "this network's delays reach steps {} to {} on {} channel(s)",
                p.id, p.step, p.channel, step_, step_ + st.ring.slots() - 1, st.ring.channels()));
        }
        // Well inside int64, as every sum the engine forms is (choose_fx_per_unit): a crafted
        // value could otherwise overflow the ring's addition.
        if (p.fx > (std::int64_t{1} << 62) || p.fx < -(std::int64_t{1} << 62)) {
            refuse(
                fmt::format("the checkpoint has input {} for neuron {}: beyond the fixed "
                            "point's range",
                            p.fx, p.id));
        }
        const std::uint32_t slot = st.ring.slot_of(p.step);
        const auto k = static_cast<std::uint32_t>(e - st.range.first);
        st.ring.channel(slot, static_cast<int>(p.channel))[k] += p.fx;
        if (st.sparse) {
            st.restored_input[slot].push_back(k);
        }
    }
    for (auto& stp : blocks_) {
        if (stp->sparse) {
            rebuild_awake(*stp);
        }
    }
}

// Between steps (and before the first) the sparse engine keeps awake exactly the neurons that
// are pinned or not at rest (each step puts the others to sleep), none of them marked as
// having input yet. Used when it starts and when it restores a checkpoint.
void simulation::rebuild_awake(block_state& st) {
    std::visit(
        [&](auto& g) {
            using M = typename std::decay_t<decltype(g)>::model;
            if constexpr (rests_exactly<M>) {
                const auto group_off = static_cast<std::uint32_t>(st.range.first - g.range.first);
                const cpu_lanes<M> lanes(g.state);
                st.awake.list.clear();
                std::fill(st.awake.flag.begin(), st.awake.flag.end(), std::uint8_t{0});
                for (std::uint32_t k = 0; k < st.local_size(); ++k) {
                    if (st.pinned[k] != 0 || !M::at_rest(g.params, lanes.at(k + group_off))) {
                        st.awake.flag[k] = 1;
                        st.awake.list.push_back(k);
                    }
                }
            }
        },
        groups_[st.parts.front().group]);
}

}  // namespace brainemu
