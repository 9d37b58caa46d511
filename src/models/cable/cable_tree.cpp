#include "models/cable/cable_tree.hpp"

#include <cmath>

#include "core/assert.hpp"

namespace brainemu {

const membrane_params& membrane_by_type::of(section_type t) const {
    switch (t) {
        case section_type::soma:
            return soma;
        case section_type::axon:
            return axon;
        case section_type::dend:
            return dend;
        case section_type::apic:
            return apic;
    }
    return soma;
}

std::uint32_t cable_tree::append(const morphology& m, const membrane_by_type& membranes) {
    // Sections may name parents that come later in NEURON's order (the axon stubs come last but
    // hang from the soma; dendrites may be listed before the apical trunk they do not hang
    // from): number sections parents first.
    const std::size_t n = m.sections.size();
    std::vector<std::uint32_t> order;
    std::vector<bool> placed(n, false);
    order.reserve(n);
    while (order.size() < n) {
        const std::size_t before = order.size();
        for (std::size_t s = 0; s < n; ++s) {
            const std::int32_t par = m.sections[s].parent;
            if (!placed[s] && (par < 0 || placed[static_cast<std::size_t>(par)])) {
                placed[s] = true;
                order.push_back(static_cast<std::uint32_t>(s));
            }
        }
        BE_ASSERT(order.size() > before, "a morphology's sections form a tree");
    }
    const auto base = static_cast<std::uint32_t>(first_node_.size());
    first_node_.resize(base + n, 0);
    end_node_.resize(base + n, 0);
    nseg_.resize(base + n, 0);
    for (std::uint32_t local : order) {
        const cable_section& sec = m.sections[local];
        const std::uint32_t s = base + local;
        const membrane_params& p = membranes.of(sec.type);
        const std::vector<segment_geometry> g = segments_of(sec, p.ra_ohm_cm);
        nseg_[s] = sec.nseg;
        first_node_[s] = nodes();
        std::int32_t attach = -1;
        if (sec.parent >= 0) {
            attach = static_cast<std::int32_t>(
                node_at(base + static_cast<std::uint32_t>(sec.parent), sec.parent_x));
        }
        for (std::uint32_t k = 0; k < sec.nseg; ++k) {
            const double r = g[k].r_near_mohm + (k > 0 ? g[k - 1].r_far_mohm : 0.0);
            parent_.push_back(k == 0 ? attach : static_cast<std::int32_t>(nodes() - 1));
            g_parent_us_.push_back(parent_.back() < 0 ? 0.0 : 1.0 / r);  // 1 / megohm = uS
            c_nf_.push_back(p.cm_uf_per_cm2 * g[k].area_um2 * 1e-5);
            area_um2_.push_back(g[k].area_um2);
            g_leak_us_.push_back(p.g_pas_s_per_cm2 * g[k].area_um2 * 1e-2);
            e_leak_mv_.push_back(p.e_pas_mv);
        }
        end_node_[s] = nodes();
        parent_.push_back(static_cast<std::int32_t>(nodes() - 1));
        g_parent_us_.push_back(1.0 / g[sec.nseg - 1].r_far_mohm);
        c_nf_.push_back(0.0);
        area_um2_.push_back(0.0);
        g_leak_us_.push_back(0.0);
        e_leak_mv_.push_back(p.e_pas_mv);
    }
    v_.assign(e_leak_mv_.begin(), e_leak_mv_.end());
    diag_.assign(nodes(), 0.0);
    rhs_.assign(nodes(), 0.0);
    return base;
}

std::uint32_t cable_tree::node_at(std::uint32_t section, double x) const {
    if (x >= 1.0) {
        return end_node_[section];
    }
    const auto k = static_cast<std::uint32_t>(std::floor(x * nseg_[section]));
    return first_node_[section] + (k < nseg_[section] ? k : nseg_[section] - 1);
}

namespace {
template <class T>
std::uint64_t bytes_of(const std::vector<T>& v) {
    return v.capacity() * sizeof(T);
}
}  // namespace

std::uint64_t cable_tree::bytes() const {
    return bytes_of(parent_) + bytes_of(g_parent_us_) + bytes_of(c_nf_) + bytes_of(area_um2_) +
           bytes_of(g_leak_us_) + bytes_of(e_leak_mv_) + bytes_of(first_node_) +
           bytes_of(end_node_) + bytes_of(nseg_) + bytes_of(v_) + bytes_of(diag_) + bytes_of(rhs_) +
           bytes_of(fixed_diag_);
}

void cable_tree::initialize(double v_mv) {
    for (auto* a :
         {&g_parent_us_, &c_nf_, &area_um2_, &g_leak_us_, &e_leak_mv_, &v_, &diag_, &rhs_}) {
        a->shrink_to_fit();
    }
    parent_.shrink_to_fit();
    first_node_.shrink_to_fit();
    end_node_.shrink_to_fit();
    nseg_.shrink_to_fit();
    v_.assign(nodes(), v_mv);
}

void cable_tree::step(double dt_ms, const std::vector<double>& injected) {
    if (injected.empty()) {
        step(dt_ms, nullptr, nullptr);
        return;
    }
    std::vector<double> outward(injected.size());
    for (std::size_t i = 0; i < injected.size(); ++i) {
        outward[i] = -injected[i];
    }
    step(dt_ms, outward.data(), nullptr);
}

void cable_tree::step(double dt_ms, const double* current, const double* conductance) {
    const std::uint32_t n = nodes();
    // The part of the diagonal that does not change from step to step (C/dt, the leak, the
    // couplings), kept until dt changes.
    if (dt_ms != fixed_dt_ms_ || fixed_diag_.size() != n) {
        fixed_dt_ms_ = dt_ms;
        fixed_diag_.assign(n, 0.0);
        for (std::uint32_t i = 0; i < n; ++i) {
            fixed_diag_[i] += c_nf_[i] / dt_ms + g_leak_us_[i];
            if (parent_[i] >= 0) {
                fixed_diag_[i] += g_parent_us_[i];
                fixed_diag_[static_cast<std::uint32_t>(parent_[i])] += g_parent_us_[i];
            }
        }
    }
    // (C/dt + g_membrane + sum of couplings) dv - sum of couplings dv_neighbour
    //     = -i_membrane(v) - sum of couplings (v - v_neighbour)
    for (std::uint32_t i = 0; i < n; ++i) {
        diag_[i] = fixed_diag_[i] + (conductance ? conductance[i] : 0.0);
        rhs_[i] = -g_leak_us_[i] * (v_[i] - e_leak_mv_[i]) - (current ? current[i] : 0.0);
    }
    for (std::uint32_t i = 0; i < n; ++i) {
        if (parent_[i] >= 0) {
            const auto p = static_cast<std::uint32_t>(parent_[i]);
            const double axial = g_parent_us_[i] * (v_[i] - v_[p]);
            rhs_[i] -= axial;
            rhs_[p] += axial;
        }
    }
    // Leaves to root: fold each node into its parent (the off-diagonal is -g both ways); the
    // diagonal's inverse is kept for the way back (one division a node).
    for (std::uint32_t i = n; i-- > 0;) {
        const double inv = 1.0 / diag_[i];
        diag_[i] = inv;
        if (parent_[i] >= 0) {
            const auto p = static_cast<std::uint32_t>(parent_[i]);
            const double f = g_parent_us_[i] * inv;
            diag_[p] -= f * g_parent_us_[i];
            rhs_[p] += f * rhs_[i];
        }
    }
    // Root to leaves: each change from its parent's; the voltage moves by it.
    for (std::uint32_t i = 0; i < n; ++i) {
        const double from_parent =
            parent_[i] >= 0 ? g_parent_us_[i] * rhs_[static_cast<std::uint32_t>(parent_[i])] : 0.0;
        rhs_[i] = (rhs_[i] + from_parent) * diag_[i];
        v_[i] += rhs_[i];
    }
}

}  // namespace brainemu
