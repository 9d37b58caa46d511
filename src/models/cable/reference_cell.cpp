#include "models/cable/reference_cell.hpp"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace brainemu {
namespace {

struct tree_builder {
    std::vector<swc_point> points;

    std::int64_t add(section_type t, double x, double y, double z, double r, std::int64_t parent) {
        const auto id = static_cast<std::int64_t>(points.size()) + 1;
        points.push_back({id, t, x, y, z, r, parent, id});
        return id;
    }
    // A section of two 25 um steps from `from` along (dx, dy) and its subtree of `depth` more
    // levels, each branch turning by +-0.4 rad and narrowing by 0.8.
    void branch(section_type t, std::int64_t from, double angle, double radius, int depth) {
        const swc_point start = points[static_cast<std::size_t>(from - 1)];
        const double dx = std::cos(angle), dy = std::sin(angle);
        const std::int64_t mid =
            add(t, start.x + 25 * dx, start.y + 25 * dy, start.z, radius, from);
        const std::int64_t end =
            add(t, start.x + 50 * dx, start.y + 50 * dy, start.z, radius * 0.9, mid);
        if (depth > 0) {
            branch(t, end, angle + 0.4, radius * 0.8, depth - 1);
            branch(t, end, angle - 0.4, radius * 0.8, depth - 1);
        }
    }
};

}  // namespace

morphology reference_morphology() {
    tree_builder b;
    const std::int64_t soma = b.add(section_type::soma, 0, 0, 0, 5.0, -1);
    for (int k = 0; k < 5; ++k) {  // basal trees, 15 sections each, spread below the soma
        const double angle = std::numbers::pi * (1.15 + 0.175 * k);
        const swc_point& s = b.points[0];
        const std::int64_t root = b.add(section_type::dend, s.x + 5 * std::cos(angle),
                                        s.y + 5 * std::sin(angle), 0, 1.0, soma);
        b.branch(section_type::dend, root, angle, 1.0, 3);
    }
    // The apical dendrite: a trunk of four sections up the y axis, then a tuft of 7.
    std::int64_t trunk = b.add(section_type::apic, 0, 5, 0, 1.5, soma);
    for (int k = 0; k < 4; ++k) {
        const double y = b.points[static_cast<std::size_t>(trunk - 1)].y;
        trunk = b.add(section_type::apic, 0, y + 25, 0, 1.4, trunk);
        trunk = b.add(section_type::apic, 0, y + 50, 0, 1.3, trunk);
        if (k < 3) {  // an oblique at each trunk joint
            b.branch(section_type::apic, trunk, k % 2 == 0 ? 0.3 : std::numbers::pi - 0.3, 0.6, 0);
        }
    }
    b.branch(section_type::apic, trunk, std::numbers::pi / 2 + 0.4, 1.0, 1);
    b.branch(section_type::apic, trunk, std::numbers::pi / 2 - 0.4, 1.0, 1);
    morphology m = sections_from_swc(b.points, "(brainemu's reference cell)");
    replace_axon_with_stub(m);
    segment_by_length(m, 20.0);
    return m;
}

cell_biophysics reference_biophysics() {
    // Allen Cell Types 472363762 (Scnn1a), perisomatic fit, as its NeuroML export gives it.
    cell_biophysics b;
    b.source = "Allen Cell Types 472363762 (Scnn1a), perisomatic";
    const section_mask soma = mask_of(section_type::soma);
    const double e_pas = -92.4991149902;
    b.membrane.soma = {1.0, 138.28, 5.71880766722e-06, e_pas};
    b.membrane.axon = {1.0, 138.28, 0.000457387600765, e_pas};
    b.membrane.dend = {2.12, 138.28, 3.23932732744e-06, e_pas};
    b.membrane.apic = {2.12, 138.28, 9.58618554762e-05, e_pas};
    b.channels = {
        {channel_kind::Im, soma, 0.00120211549788},
        {channel_kind::Ih, soma, 4.12225901169e-05},
        {channel_kind::NaTs, soma, 0.98228995893},
        {channel_kind::Nap, soma, 0.000209348990528},
        {channel_kind::K_P, soma, 0.0517583609208},
        {channel_kind::K_T, soma, 0.000731607145298},
        {channel_kind::SK, soma, 0.000192220048789},
        {channel_kind::Kv3_1, soma, 0.0572648034027},
        {channel_kind::Ca_HVA, soma, 0.000535997318392},
        {channel_kind::Ca_LVA, soma, 0.00700612943581},
    };
    b.reversals = {{ion::na, soma, 53.0}, {ion::k, soma, -107.0}};
    b.calcium = calcium_dynamics{soma, 0.0012510775510599999, 717.91660042899991, 0.1, 1e-4};
    return b;
}

}  // namespace brainemu
