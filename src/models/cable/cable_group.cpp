#include "models/cable/cable_group.hpp"

#include <algorithm>
#include <cmath>

#include "core/assert.hpp"

namespace brainemu {
namespace {

// NEURON's ion defaults where a model sets nothing (nrn eion.cpp): ENa, EK, and the calcium
// concentrations inside and out (mM).
constexpr double kDefaultEna = 50.0, kDefaultEk = -77.0;
constexpr double kDefaultCai = 5e-5, kDefaultCao = 2.0;
constexpr double kEhcn = -45.0;  // Ih's reversal, part of the published channel
constexpr double kFaraday = 96485.33212;
// Densities (S/cm^2, mA/cm^2) on an area in um^2 to uS and nA.
constexpr double kPerUm2 = 1e-2;
// NEURON differentiates a mechanism's current by voltage numerically over this step (mV).
constexpr double kDvDiff = 0.001;

// The jump of B per unit weight: Exp2Syn's peak normalisation; 1 for ExpSyn.
double synapse_factor(const synapse_params& p) {
    if (p.single_exponential()) {
        return 1.0;
    }
    const double tau1 = std::min(p.tau1_ms, 0.9999 * p.tau2_ms);
    const double tp = tau1 * p.tau2_ms / (p.tau2_ms - tau1) * std::log(p.tau2_ms / tau1);
    return 1.0 / (-std::exp(-tp / tau1) + std::exp(-tp / p.tau2_ms));
}

}  // namespace

std::uint32_t cable_group::add_cell(const morphology& m, const cell_biophysics& b,
                                    double threshold_mv) {
    const std::uint32_t cell = cells();
    const std::uint32_t base = tree_.append(m, b.membrane);
    first_section_.push_back(base);
    soma_.push_back(tree_.node_at(base, 0.5));
    threshold_mv_.push_back(threshold_mv);
    above_.push_back(false);
    const std::uint32_t n = tree_.nodes();
    ena_.resize(n, kDefaultEna);
    ek_.resize(n, kDefaultEk);
    cai_.resize(n, kDefaultCai);
    cao_.resize(n, kDefaultCao);
    for (std::uint32_t local = 0; local < m.sections.size(); ++local) {
        const section_mask type = mask_of(m.sections[local].type);
        const std::uint32_t s = base + local;
        for (std::uint32_t k = 0; k < tree_.segments(s); ++k) {
            const std::uint32_t node = tree_.node_of(s, k);
            for (const reversal& r : b.reversals) {
                if ((r.where & type) != 0) {
                    (r.of == ion::na ? ena_ : ek_)[node] = r.e_mv;
                }
            }
            for (const channel_density& d : b.channels) {
                if ((d.where & type) == 0 || d.gbar_s_per_cm2 == 0.0) {
                    continue;
                }
                auto it = std::find_if(channels_.begin(), channels_.end(),
                                       [&](const channel_array& a) { return a.kind == d.kind; });
                if (it == channels_.end()) {
                    channels_.push_back({d.kind, {}, {}, {}});
                    it = channels_.end() - 1;
                }
                it->node.push_back(node);
                it->g_max_us.push_back(d.gbar_s_per_cm2 * tree_.area_um2(node) * kPerUm2);
                it->state.resize(it->state.size() + info(d.kind).states, 0.0);
            }
            if (b.calcium && (b.calcium->where & type) != 0) {
                calcium_.node.push_back(node);
                calcium_.params.push_back(*b.calcium);
            }
        }
    }
    // Kinds in a fixed order, so that the arithmetic is the same whatever order cells came in.
    std::sort(channels_.begin(), channels_.end(),
              [](const channel_array& a, const channel_array& c) { return a.kind < c.kind; });
    current_.assign(n, 0.0);
    conductance_.assign(n, 0.0);
    ica_.assign(n, 0.0);
    return cell;
}

std::uint32_t cable_group::add_synapse(std::uint32_t cell, std::uint32_t section, double x,
                                       const synapse_params& p) {
    BE_ASSERT(p.tau1_ms >= 0 && p.tau2_ms > 0, "synaptic time constants are positive");
    syn_.node.push_back(tree_.node_at(first_section_[cell] + section, x));
    syn_.params.push_back(p);
    syn_.factor.push_back(synapse_factor(p));
    syn_.a.push_back(0.0);
    syn_.b.push_back(0.0);
    return static_cast<std::uint32_t>(syn_.node.size() - 1);
}

std::uint32_t cable_group::compartments() const {
    std::uint32_t n = 0;
    for (std::uint32_t i = 0; i < tree_.nodes(); ++i) {
        n += tree_.area_um2(i) > 0 ? 1U : 0U;
    }
    return n;
}

namespace {
template <class T>
std::uint64_t bytes_of(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}
}  // namespace

std::uint64_t cable_group::channel_instances() const {
    std::uint64_t n = 0;
    for (const channel_array& a : channels_) {
        n += a.node.size();
    }
    return n;
}

double cable_group::flop_per_step() const {
    double f = 18.0 * tree_.nodes() + 26.0 * static_cast<double>(calcium_.node.size()) +
               8.0 * static_cast<double>(syn_.node.size());
    for (const channel_array& a : channels_) {
        f += info(a.kind).flop_per_step * static_cast<double>(a.node.size());
    }
    return f;
}

std::uint64_t cable_group::synapse_bytes() const {
    return bytes_of(syn_.node) + bytes_of(syn_.params) + bytes_of(syn_.factor) + bytes_of(syn_.a) +
           bytes_of(syn_.b) + bytes_of(syn_.decay_a) + bytes_of(syn_.decay_b) + bytes_of(pending_);
}

std::uint64_t cable_group::bytes() const {
    std::uint64_t b = tree_.bytes() + bytes_of(first_section_) + bytes_of(soma_) +
                      bytes_of(threshold_mv_) + bytes_of(ena_) + bytes_of(ek_) + bytes_of(cai_) +
                      bytes_of(cao_) + bytes_of(current_) + bytes_of(conductance_) +
                      bytes_of(ica_) + bytes_of(calcium_.node) + bytes_of(calcium_.params) +
                      synapse_bytes() + bytes_of(clamps_);
    for (const channel_array& a : channels_) {
        b += bytes_of(a.node) + bytes_of(a.g_max_us) + bytes_of(a.state);
    }
    return b;
}

double cable_group::reversal_mv(ion i, std::uint32_t node) const {
    switch (i) {
        case ion::na:
            return ena_[node];
        case ion::k:
            return ek_[node];
        case ion::ca:
            return nernst_mv(cai_[node], cao_[node], 2, celsius_);
        case ion::hcn:
            return kEhcn;
    }
    return 0.0;
}

void cable_group::initialize(double v_mv) {
    tree_.initialize(v_mv);
    // The cells are complete: what pushing grew beyond the contents is handed back.
    for (channel_array& a : channels_) {
        a.node.shrink_to_fit();
        a.g_max_us.shrink_to_fit();
        a.state.shrink_to_fit();
    }
    for (auto* a : {&ena_, &ek_, &cai_, &cao_, &syn_.factor, &syn_.a, &syn_.b}) {
        a->shrink_to_fit();
    }
    calcium_.node.shrink_to_fit();
    calcium_.params.shrink_to_fit();
    syn_.node.shrink_to_fit();
    syn_.params.shrink_to_fit();
    std::fill(cai_.begin(), cai_.end(), kDefaultCai);
    for (std::size_t i = 0; i < calcium_.node.size(); ++i) {
        cai_[calcium_.node[i]] = calcium_.params[i].min_cai_mm;
    }
    for (channel_array& a : channels_) {
        const std::size_t stride = info(a.kind).states;
        for (std::size_t i = 0; i < a.node.size(); ++i) {
            brainemu::initialize(a.kind, {v_mv, cai_[a.node[i]], celsius_}, &a.state[i * stride]);
        }
    }
    std::fill(syn_.a.begin(), syn_.a.end(), 0.0);
    std::fill(syn_.b.begin(), syn_.b.end(), 0.0);
    pending_.clear();
    for (std::uint32_t c = 0; c < cells(); ++c) {
        above_[c] = tree_.v(soma_[c]) > threshold_mv_[c];
    }
}

void cable_group::deliver(std::uint32_t synapse, double time_ms, double weight_us) {
    BE_ASSERT(synapse < syn_.node.size(), "an event names an existing synapse");
    pending_.push_back({time_ms, synapse, weight_us});
}

void cable_group::step(double t_ms, double dt_ms, std::vector<cable_spike>& spikes) {
    // 1. Events due by the step's middle, in a fixed order.
    const double due = t_ms + 0.5 * dt_ms;
    auto later = std::partition(pending_.begin(), pending_.end(),
                                [&](const pending_event& e) { return e.time_ms <= due; });
    std::sort(pending_.begin(), later, [](const pending_event& x, const pending_event& y) {
        if (x.time_ms != y.time_ms) {
            return x.time_ms < y.time_ms;
        }
        return x.synapse != y.synapse ? x.synapse < y.synapse : x.weight_us < y.weight_us;
    });
    for (auto it = pending_.begin(); it != later; ++it) {
        const double jump = it->weight_us * syn_.factor[it->synapse];
        if (!syn_.params[it->synapse].single_exponential()) {
            syn_.a[it->synapse] += jump;
        }
        syn_.b[it->synapse] += jump;
    }
    pending_.erase(pending_.begin(), later);

    // 2. Currents and their slopes at v_n.
    std::fill(current_.begin(), current_.end(), 0.0);
    std::fill(conductance_.begin(), conductance_.end(), 0.0);
    std::fill(ica_.begin(), ica_.end(), 0.0);
    for (const channel_array& a : channels_) {
        const std::size_t stride = info(a.kind).states;
        const ion carried = info(a.kind).carries;
        for (std::size_t i = 0; i < a.node.size(); ++i) {
            const std::uint32_t node = a.node[i];
            const double v = tree_.v(node);
            const double e = reversal_mv(carried, node);
            const double* s = &a.state[i * stride];
            const double g = a.g_max_us[i] * open_fraction(a.kind, v, s);
            const double current = g * (v - e);
            double slope = g;
            if (a.kind == channel_kind::Nap) {
                // Its activation follows v instantly, so the slope has a gating term; NEURON
                // takes it as a difference quotient, and so does brainemu.
                const double g_up = a.g_max_us[i] * open_fraction(a.kind, v + kDvDiff, s);
                slope = (g_up * (v + kDvDiff - e) - current) / kDvDiff;
            }
            current_[node] += current;
            conductance_[node] += slope;
            if (carried == ion::ca) {
                ica_[node] += current;
            }
        }
    }
    for (std::size_t i = 0; i < syn_.node.size(); ++i) {
        const std::uint32_t node = syn_.node[i];
        const double g = syn_.b[i] - syn_.a[i];
        current_[node] += g * (tree_.v(node) - syn_.params[i].e_mv);
        conductance_[node] += g;
    }
    for (const current_clamp& c : clamps_) {
        if (due >= c.delay_ms && due < c.delay_ms + c.dur_ms) {
            current_[c.node] -= c.amp_na;
        }
    }

    // 3. The voltages.
    tree_.step(dt_ms, current_.data(), conductance_.data());

    // 4. Calcium first (the gates of SK read it), then the gates, then the synapses.
    for (std::size_t i = 0; i < calcium_.node.size(); ++i) {
        const std::uint32_t node = calcium_.node[i];
        const calcium_dynamics& p = calcium_.params[i];
        const double ica_density = ica_[node] / (tree_.area_um2(node) * kPerUm2);  // mA/cm^2
        const double influx = -10000.0 * ica_density * p.gamma / (2.0 * kFaraday * p.depth_um);
        const double target = p.min_cai_mm + influx * p.decay_ms;
        cai_[node] += (1.0 - std::exp(-dt_ms / p.decay_ms)) * (target - cai_[node]);
    }
    for (channel_array& a : channels_) {
        const std::size_t stride = info(a.kind).states;
        for (std::size_t i = 0; i < a.node.size(); ++i) {
            const std::uint32_t node = a.node[i];
            advance(a.kind, {tree_.v(node), cai_[node], celsius_}, dt_ms, &a.state[i * stride]);
        }
    }
    if (dt_ms != syn_.decay_dt_ms || syn_.decay_a.size() != syn_.node.size()) {
        syn_.decay_dt_ms = dt_ms;
        syn_.decay_a.resize(syn_.node.size());
        syn_.decay_b.resize(syn_.node.size());
        for (std::size_t i = 0; i < syn_.node.size(); ++i) {
            syn_.decay_a[i] = syn_.params[i].single_exponential()
                                  ? 0.0
                                  : std::exp(-dt_ms / syn_.params[i].tau1_ms);
            syn_.decay_b[i] = std::exp(-dt_ms / syn_.params[i].tau2_ms);
        }
    }
    for (std::size_t i = 0; i < syn_.node.size(); ++i) {
        syn_.a[i] *= syn_.decay_a[i];
        syn_.b[i] *= syn_.decay_b[i];
    }

    // 5. Spikes.
    for (std::uint32_t c = 0; c < cells(); ++c) {
        const bool above = tree_.v(soma_[c]) > threshold_mv_[c];
        if (above && !above_[c]) {
            spikes.push_back({c, t_ms + dt_ms});
        }
        above_[c] = above;
    }
}

}  // namespace brainemu
