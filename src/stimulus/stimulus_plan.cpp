#include "stimulus/stimulus_plan.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/fixed_point.hpp"
#include "core/random_stream.hpp"

namespace brainemu {
namespace {

std::vector<std::uint32_t> local_targets(const std::vector<neuron_id>& targets, index_range block) {
    std::vector<std::uint32_t> out;
    for (neuron_id t : targets) {
        if (block.contains(t)) {
            out.push_back(static_cast<std::uint32_t>(t - block.first));
        }
    }
    return out;
}

}  // namespace

std::uint32_t first_step_at(double ms, double dt_ms) {
    if (ms <= 0.0) {
        return 0;
    }
    const double steps = std::ceil(ms / dt_ms - 1e-9);
    return steps >= 4.0e9 ? 4000000000u : static_cast<std::uint32_t>(steps);
}

std::vector<double> poisson_count_cdf(double lambda) {
    std::vector<double> cdf;
    double q = std::exp(-lambda);
    cdf.push_back(q);
    for (std::uint32_t k = 1; q > 0.0; ++k) {
        q *= lambda / k;
        cdf.push_back(cdf.back() + q);
    }
    return cdf;
}

stimulus_plan::stimulus_plan(std::span<const stimulus> stimuli, index_range block, double dt_ms,
                             std::uint64_t seed, std::span<const std::uint32_t> global_of)
    : block_(block), seed_(seed), global_of_(global_of) {
    for (std::size_t idx = 0; idx < stimuli.size(); ++idx) {
        const stimulus& s = stimuli[idx];
        const std::uint32_t start = first_step_at(s.start_ms, dt_ms);
        const std::uint32_t stop = first_step_at(s.stop_ms, dt_ms);
        if (const auto* p = std::get_if<poisson_stimulus>(&s.what)) {
            const bool voltage = p->receptor == receptor_kind::voltage;
            uses_voltage_ |= voltage;
            if (!voltage) {
                max_abs_syn_weight_ = std::max(max_abs_syn_weight_, fixed_point_weight(*p, dt_ms));
            }
            const double lambda = p->rate_hz * dt_ms * 1e-3;
            poisson_plan plan{
                local_targets(s.targets, block),
                start,
                stop,
                lambda,
                std::exp(-lambda),
                p->weight,
                voltage,
                purpose_code(stream_purpose::stimulus, static_cast<std::uint32_t>(idx)),
                {},
                {},
                0.0};
            if (lambda < 30.0) {
                plan.cdf = poisson_count_cdf(lambda);
            }
            poissons_.push_back(std::move(plan));
        } else if (const auto* c = std::get_if<current_stimulus>(&s.what)) {
            current_plan plan;
            plan.targets = local_targets(s.targets, block);
            // Clip the piecewise-constant current to [start, stop).
            plan.change_steps.push_back(0);
            plan.amplitudes_pA.push_back(0.0);
            for (std::size_t i = 0; i < c->times_ms.size(); ++i) {
                plan.change_steps.push_back(
                    std::clamp(first_step_at(c->times_ms[i], dt_ms), start, stop));
                plan.amplitudes_pA.push_back(c->amplitudes_pA[i]);
            }
            plan.change_steps.push_back(stop);
            plan.amplitudes_pA.push_back(0.0);
            currents_.push_back(std::move(plan));
        } else if (const auto* sp = std::get_if<spike_times_stimulus>(&s.what)) {
            spike_plan plan;
            plan.weight = sp->weight;
            plan.voltage = sp->receptor == receptor_kind::voltage;
            uses_voltage_ |= plan.voltage;
            if (!plan.voltage) {
                max_abs_syn_weight_ = std::max(max_abs_syn_weight_, std::abs(sp->weight));
            }
            for (const auto& [neuron, t_ms] : sp->events) {
                const double steps = std::round(t_ms / dt_ms);
                if (block.contains(neuron) && steps >= 0.0 && steps < 4.0e9) {
                    const auto step = static_cast<std::uint32_t>(steps);
                    plan.events.emplace_back(step, neuron - block.first);
                }
            }
            std::sort(plan.events.begin(), plan.events.end());
            spikes_.push_back(std::move(plan));
        }
    }
}

void stimulus_plan::add_event(const stimulus_targets& out, std::uint32_t local, double amount,
                              bool voltage) {
    if (voltage) {
        out.v_jump_mV[local] += amount;
        touched_v_.push_back(local);
        return;
    }
    const std::int64_t fx = to_fixed(amount, out.fx_per_unit);
    if (out.syn_ch1 != nullptr && amount < 0.0) {
        out.syn_ch1[local] += fx;
    } else {
        out.syn_ch0[local] += fx;
    }
}

void stimulus_plan::apply(std::uint32_t step, const stimulus_targets& out) {
    // Voltage jumps last one step: clear last step's (only those entries were written).
    for (std::uint32_t local : touched_v_) {
        out.v_jump_mV[local] = 0.0;
    }
    touched_v_.clear();
    for (poisson_plan& p : poissons_) {
        if (step < p.start_step || step >= p.stop_step) {
            continue;
        }
        if (p.lambda >= 30.0) {
            for (std::uint32_t local : p.targets) {
                random_stream rs(seed_, p.purpose, global(local), step);
                const std::uint32_t n = rs.poisson(p.lambda);
                if (n != 0) {
                    add_event(out, local, n * p.weight, p.voltage);
                }
            }
            continue;
        }
        // Neuron i's uniform is lane i % 4 of the Philox call for i / 4: a pure function of
        // (seed, stimulus, neuron, step), whichever block asks.
        if (!p.voltage && p.fx_built_for != out.fx_per_unit) {
            p.fx_by_count.clear();
            for (std::uint32_t n = 0; n < 16; ++n) {
                p.fx_by_count.push_back(to_fixed(n * p.weight, out.fx_per_unit));
            }
            p.fx_built_for = out.fx_per_unit;
        }
        std::int64_t* syn = out.syn_ch1 != nullptr && p.weight < 0.0 ? out.syn_ch1 : out.syn_ch0;
        const double* cdf = p.cdf.data();
        const auto last = static_cast<std::uint32_t>(p.cdf.size() - 1);
        neuron_id quad = UINT64_MAX;
        std::array<double, 4> u{};
        for (std::uint32_t local : p.targets) {
            const neuron_id id = global(local);
            if (id / 4 != quad) {
                quad = id / 4;
                u = uniform_quad(seed_, p.purpose, quad, step);
            }
            std::uint32_t n = 0;
            while (n < last && u[id % 4] >= cdf[n]) {
                ++n;
            }
            if (n == 0) {
                continue;
            }
            if (!p.voltage && n < 16) {
                syn[local] += p.fx_by_count[n];
            } else {
                add_event(out, local, n * p.weight, p.voltage);
            }
        }
    }
    // Currents are piecewise constant: the array is rebuilt only in steps where one changes.
    bool changed = step == 0 || !currents_initialised_;
    for (current_plan& c : currents_) {
        while (c.next < c.change_steps.size() && c.change_steps[c.next] <= step) {
            changed |= c.amplitude != c.amplitudes_pA[c.next];
            c.amplitude = c.amplitudes_pA[c.next];
            ++c.next;
        }
    }
    if (changed && !currents_.empty()) {
        std::fill(out.current_pA, out.current_pA + block_.size(), 0.0);
        for (const current_plan& c : currents_) {
            if (c.amplitude != 0.0) {
                for (std::uint32_t local : c.targets) {
                    out.current_pA[local] += c.amplitude;
                }
            }
        }
    }
    currents_initialised_ = true;
    for (spike_plan& s : spikes_) {
        while (s.next < s.events.size() && s.events[s.next].first < step) {
            ++s.next;  // events before the simulation's first step are dropped
        }
        while (s.next < s.events.size() && s.events[s.next].first == step) {
            add_event(out, s.events[s.next].second, s.weight, s.voltage);
            ++s.next;
        }
    }
}

std::size_t stimulus_plan::bytes() const {
    std::size_t n = 0;
    for (const auto& p : poissons_) {
        n += p.targets.capacity() * sizeof(std::uint32_t) + p.cdf.capacity() * sizeof(double) +
             p.fx_by_count.capacity() * sizeof(std::int64_t);
    }
    n += touched_v_.capacity() * sizeof(std::uint32_t);
    for (const auto& c : currents_) {
        n += c.targets.capacity() * sizeof(std::uint32_t) +
             c.change_steps.capacity() * sizeof(std::uint32_t) +
             c.amplitudes_pA.capacity() * sizeof(double);
    }
    for (const auto& s : spikes_) {
        n += s.events.capacity() * sizeof(std::pair<std::uint32_t, std::uint32_t>);
    }
    return n;
}

}  // namespace brainemu
