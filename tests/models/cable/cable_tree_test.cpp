#include "models/cable/cable_tree.hpp"

#include <numbers>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

// A soma alone is one RC compartment: backward Euler gives v' = (C/dt v + g e + I) / (C/dt + g)
// exactly, and the soma's zero-area end node carries no current, so the tree solve must
// reproduce the recursion to rounding: 1e-9 mV, as the end node's coupling (~10^4 times the
// membrane's conductance) costs a few of double's digits in the elimination.
TEST(cable_tree, a_lone_soma_is_the_rc_recursion) {
    morphology m = sections_from_swc({{1, section_type::soma, 0, 0, 0, 5.0, -1, 1}}, "soma.swc");
    segment_by_length(m, 20.0);
    const membrane_params p{1.0, 100.0, 1e-4, -70.0};
    cable_tree cell(m, p);
    const double area = std::numbers::pi * 10 * 10;  // the 10 um cylinder's side
    const double c = p.cm_uf_per_cm2 * area * 1e-5, g = p.g_pas_s_per_cm2 * area * 1e-2;
    const double dt = 0.025, current = 0.005;  // 16 mV above rest at steady state
    cell.initialize(-65.0);
    std::vector<double> injected(cell.nodes(), 0.0);
    injected[cell.node_at(0, 0.5)] = current;
    double v = -65.0;
    for (int n = 0; n < 4000; ++n) {  // 100 ms: 10 time constants
        cell.step(dt, injected);
        v = (c / dt * v + g * p.e_pas_mv + current) / (c / dt + g);
        ASSERT_NEAR(cell.v(cell.node_at(0, 0.5)), v, 1e-9) << "step " << n;
    }
    EXPECT_NEAR(v, p.e_pas_mv + current / g, 1e-3);  // e^-10 of the 21 mV start away
}

}  // namespace
}  // namespace brainemu
