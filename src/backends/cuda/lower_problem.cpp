#include "backends/cuda/lower_problem.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/fixed_point.hpp"
#include "core/input_error.hpp"
#include "core/random_stream.hpp"
#include "stimulus/stimulus_plan.hpp"

namespace brainemu::cuda {
namespace {

[[noreturn]] void unsupported(const std::string& what) {
    throw input_error({"", 0, "--backend cuda"}, what);
}

// A model group as the GPU engine runs it: the model's own params and derived::from, its
// resting voltage, how many state lanes it needs and whether its neurons can rest exactly.
struct lowered_group {
    device_group group;
    double rest_mV = 0.0;
    std::uint32_t lanes = 1;
    bool can_rest = false;
};

lowered_group lower_group(const model_params& mp, double dt_ms) {
    lowered_group out;
    std::visit(
        [&](const auto& p) {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            if constexpr (gpu_model<M>) {
                out.group.model = gpu_models::index_of<M>();
                out.group.template slot<M>() = {p, M::derived::from(p, dt_ms)};
                out.rest_mV = M::rest_mV(p);
                out.lanes = M::lanes;
                if constexpr (rests_exactly<M>) {
                    out.can_rest = M::can_rest(p);
                }
            } else {
                unsupported(
                    fmt::format("the GPU engine runs {}; this experiment uses {} (run it with "
                                "--backend cpu)",
                                gpu_models::names(), M::name));
            }
        },
        mp);
    return out;
}

std::int32_t group_ref_steps(const model_params& mp, double dt_ms) {
    return std::visit(
        [&](const auto& p) -> std::int32_t {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            if constexpr (requires { M::derived::from(p, dt_ms).ref_steps; }) {
                return M::derived::from(p, dt_ms).ref_steps;
            } else {
                return 0;
            }
        },
        mp);
}

int group_channels(const model_params& mp) {
    return std::visit(
        [](const auto& p) {
            using M = typename model_of<std::decay_t<decltype(p)>>::type;
            return M::channels(p);
        },
        mp);
}

// Push delivery needs every neuron's outgoing synapses in one row: the blocks' rows (by
// source, per target block) concatenated in block order. Order within a row does not matter:
// input is summed in fixed point.
void lower_synapses(const network& net, device_problem& out) {
    const auto n = static_cast<std::uint32_t>(net.size);  // checked by lower_problem
    out.row_offsets.assign(std::size_t{n} + 1, 0);
    for (const synapse_block& b : net.synapses.blocks) {
        b.for_each_row([&](neuron_id s, std::uint64_t first, std::uint64_t last) {
            out.row_offsets[s + 1] += last - first;
        });
    }
    for (std::uint32_t s = 0; s < n; ++s) {
        out.row_offsets[s + 1] += out.row_offsets[s];
    }
    const std::uint64_t total = out.row_offsets[n];
    out.target.resize(total);
    out.delay.resize(total);
    out.weight.resize(total);
    std::vector<std::uint64_t> cursor(out.row_offsets.begin(), out.row_offsets.end() - 1);
    for (const synapse_block& b : net.synapses.blocks) {
        for (std::uint32_t row = 0; row < b.rows(); ++row) {
            const auto s = static_cast<std::uint32_t>(b.source_of(row));
            const std::uint64_t first = b.row_offsets[row], last = b.row_offsets[row + 1];
            for (std::uint64_t k = first; k < last; ++k) {
                const std::uint64_t at = cursor[s] + (k - first);
                out.target[at] = static_cast<std::uint32_t>(b.targets.first + b.target_of(k));
                out.weight[at] = b.weight(k);
                if (b.delays != delay_kind::runs) {
                    out.delay[at] = b.delay(row, k);
                }
            }
            if (b.delays == delay_kind::runs) {  // one pass over the runs, not one per synapse
                std::uint64_t k = first;
                const auto [first_run, end_run] = b.run_offsets.row(row);
                for (std::uint64_t r = first_run; r < end_run; ++r) {
                    for (; k < first + b.run_end(r); ++k) {
                        out.delay[cursor[s] + (k - first)] = b.run_delay(r);
                    }
                }
            }
            cursor[s] += last - first;
        }
    }
}

void lower_stimuli(std::span<const stimulus> stimuli, double dt_ms, device_problem& out) {
    const std::uint32_t n = out.n;
    std::vector<std::uint32_t> count(std::size_t{n} + 1, 0);
    for (std::size_t idx = 0; idx < stimuli.size(); ++idx) {
        const stimulus& s = stimuli[idx];
        device_stimulus d;
        d.start_step = first_step_at(s.start_ms, dt_ms);
        d.stop_step = first_step_at(s.stop_ms, dt_ms);
        d.purpose = purpose_code(stream_purpose::stimulus, static_cast<std::uint32_t>(idx));
        if (const auto* p = std::get_if<poisson_stimulus>(&s.what)) {
            const double lambda = p->rate_hz * dt_ms * 1e-3;
            if (!(lambda < 30.0)) {
                unsupported(fmt::format(
                    "{}: a Poisson mean of {} events per step (30 or more) is drawn by a search "
                    "through lgamma() and exp() that the GPU engine does not repeat bit for bit",
                    s.name.empty() ? fmt::format("stimulus[{}]", idx) : s.name, lambda));
            }
            const bool voltage = p->receptor == receptor_kind::voltage;
            d.kind = voltage ? device_stimulus_kind::poisson_voltage
                             : device_stimulus_kind::poisson_synapse;
            out.has_jump |= voltage;
            d.weight = p->weight;
            const std::vector<double> cdf = poisson_count_cdf(lambda);
            d.cdf_first = static_cast<std::uint32_t>(out.cdf.size());
            d.cdf_last = static_cast<std::uint32_t>(cdf.size() - 1);
            out.cdf.insert(out.cdf.end(), cdf.begin(), cdf.end());
        } else if (const auto* c = std::get_if<current_stimulus>(&s.what)) {
            // stimulus_plan's lowering: 0 until the first change, clipped to [start, stop).
            d.kind = device_stimulus_kind::current;
            out.has_current = true;
            d.change_first = static_cast<std::uint32_t>(out.change_steps.size());
            out.change_steps.push_back(0);
            out.amplitudes.push_back(0.0);
            for (std::size_t i = 0; i < c->times_ms.size(); ++i) {
                out.change_steps.push_back(
                    std::clamp(first_step_at(c->times_ms[i], dt_ms), d.start_step, d.stop_step));
                out.amplitudes.push_back(c->amplitudes_pA[i]);
            }
            out.change_steps.push_back(d.stop_step);
            out.amplitudes.push_back(0.0);
            d.change_count = static_cast<std::uint32_t>(out.change_steps.size()) - d.change_first;
        } else {
            unsupported(fmt::format("{}: spike-time stimuli are not implemented on the GPU yet",
                                    s.name.empty() ? fmt::format("stimulus[{}]", idx) : s.name));
        }
        out.stim.push_back(d);
        for (neuron_id t : s.targets) {
            ++count[t + 1];
        }
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        count[i + 1] += count[i];
    }
    out.stim_offsets.assign(count.begin(), count.end());
    out.stim_index.resize(count[n]);
    out.pinned.assign(n, 0);
    std::vector<std::uint64_t> cursor(count.begin(), count.end() - 1);
    for (std::size_t idx = 0; idx < stimuli.size(); ++idx) {  // per neuron in stimulus order
        for (neuron_id t : stimuli[idx].targets) {
            out.stim_index[cursor[t]++] = static_cast<std::uint32_t>(idx);
            out.pinned[t] = 1;
        }
    }
}

double max_stimulus_weight(std::span<const stimulus> stimuli, double dt_ms) {
    double w = 0.0;  // stimulus_plan::max_abs_synaptic_weight, over every stimulus
    for (const stimulus& s : stimuli) {
        if (const auto* p = std::get_if<poisson_stimulus>(&s.what)) {
            if (p->receptor != receptor_kind::voltage) {
                w = std::max(w, fixed_point_weight(*p, dt_ms));
            }
        } else if (const auto* sp = std::get_if<spike_times_stimulus>(&s.what)) {
            if (sp->receptor != receptor_kind::voltage) {
                w = std::max(w, std::abs(sp->weight));
            }
        }
    }
    return w;
}

}  // namespace

device_problem lower_problem(const network& net, std::span<const model_assignment> models,
                             std::span<const stimulus> stimuli, const simulation_config& config,
                             std::span<const std::uint64_t> seeds) {
    if (!net.gap_junctions.empty()) {
        unsupported("gap junctions are not implemented on the GPU yet (run with --backend cpu)");
    }
    if (net.size > UINT32_MAX) {
        unsupported("the GPU engine indexes neurons with 32 bits: at most 2^32 - 1 neurons");
    }
    if (net.layout.permuted() || !net.layout.built.empty()) {
        unsupported(
            "the GPU engine runs the whole network in one process, in id order: no "
            "--parts, partition files, MPI ranks, or models chosen for scattered neurons "
            "([[model.override]] that splits a contiguous range)");
    }
    if (!config.record_voltages.empty()) {
        unsupported(
            "recording voltages or other state is not implemented on the GPU yet "
            "(record.voltages, record.state)");
    }
    if (seeds.empty()) {
        unsupported("no trials to run");
    }
    device_problem out;
    out.n = static_cast<std::uint32_t>(net.size);
    out.trials = static_cast<std::uint32_t>(seeds.size());
    out.dt_ms = config.dt_ms;
    out.seeds.assign(seeds.begin(), seeds.end());

    // Model groups must tile the neurons (as the CPU engine asserts).
    std::vector<const model_assignment*> sorted;
    for (const model_assignment& a : models) {
        sorted.push_back(&a);
    }
    std::sort(sorted.begin(), sorted.end(),
              [](const auto* x, const auto* y) { return x->range.first < y->range.first; });
    if (sorted.size() > 65535) {
        unsupported("more than 65,535 model groups");
    }
    out.group_of.assign(out.n, 0);
    out.ref_steps.assign(out.n, 0);
    out.v0.assign(std::size_t{out.n} * out.trials, 0.0);
    neuron_id covered = 0;
    int channels = 1;
    bool all_can_rest = !sorted.empty();
    for (std::size_t gi = 0; gi < sorted.size(); ++gi) {
        const model_assignment& a = *sorted[gi];
        if (a.range.first != covered) {
            unsupported("model groups must cover every neuron once");
        }
        covered = a.range.last;
        const lowered_group g = lower_group(a.params, config.dt_ms);
        out.groups.push_back(g.group);
        out.lanes = std::max(out.lanes, g.lanes);
        channels = std::max(channels, group_channels(a.params));
        all_can_rest &= g.can_rest;
        const std::int32_t ref = group_ref_steps(a.params, config.dt_ms);
        for (neuron_id i = a.range.first; i < a.range.last; ++i) {
            out.group_of[i] = static_cast<std::uint16_t>(gi);
            out.ref_steps[i] = ref;
            for (std::uint32_t t = 0; t < out.trials; ++t) {
                out.v0[std::size_t{t} * out.n + i] = draws_initial_voltage(a.v_init)
                                                         ? initial_voltage(a.v_init, seeds[t], i)
                                                         : g.rest_mV;
            }
        }
    }
    if (covered != out.n) {
        unsupported("model groups must cover every neuron once");
    }
    // One ring for all neurons: as many channels as the widest group needs (the CPU engine
    // decides per thread partition; the two agree whenever groups agree, and always with one
    // partition).
    out.channels = static_cast<std::uint32_t>(channels);
    for (const stimulus& s : stimuli) {
        if (s.refractory_ms) {
            const std::int32_t steps = refractory_steps(*s.refractory_ms, config.dt_ms);
            for (neuron_id t : s.targets) {
                out.ref_steps[t] = steps;
            }
        }
    }

    const std::uint64_t d_min = net.synapses.min_delay();
    out.interval = d_min > 0 ? static_cast<std::uint32_t>(d_min) : 10;
    out.slots = std::max<std::uint32_t>(net.synapses.max_delay(), 1);
    out.fx_per_unit =
        choose_fx_per_unit(net.synapses.max_abs_weight(), net.synapses.max_in_degree(),
                           max_stimulus_weight(stimuli, config.dt_ms));
    lower_synapses(net, out);
    lower_stimuli(stimuli, config.dt_ms, out);
    out.skip_resting = config.skip_resting && all_can_rest && !out.has_current;
    return out;
}

device_view view_sizes(const device_problem& p) {
    device_view v;
    v.n = p.n;
    v.trials = p.trials;
    v.slots = p.slots;
    v.channels = p.channels;
    v.lanes = p.lanes;
    v.fx_per_unit = p.fx_per_unit;
    v.unit_per_fx = 1.0 / p.fx_per_unit;
    v.has_current = p.has_current;
    v.has_jump = p.has_jump;
    v.skip_resting = p.skip_resting;
    v.pending_words = (p.n + 31) / 32;
    return v;
}

resident_bytes device_problem::resident() const {
    const std::uint64_t nt = std::uint64_t{n} * trials;
    resident_bytes r;
    r.synapses = row_offsets.size() * 8 + target.size() * (4 + 2 + 4);
    r.state = groups.size() * sizeof(device_group) + n * (2 + 4 + 1) + nt * (8 * lanes + 4 + 1);
    r.ring_buffers = nt * slots * channels * 8 + nt * slots / 8;
    r.stimuli = stim_offsets.size() * 8 + stim_index.size() * 4 +
                stim.size() * sizeof(device_stimulus) + cdf.size() * 8 + change_steps.size() * 12 +
                trials * 8;
    return r;
}

std::uint64_t device_problem::device_bytes() const {
    return resident().total();
}

}  // namespace brainemu::cuda
