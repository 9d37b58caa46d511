// --ranges: the cited input ranges, their propagation (tornado, per-axis corners, flips), and
// the text, JSON and SVG outputs.

#include "plan/ranges.hpp"

#include <algorithm>
#include <cmath>

#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "plan/input_ranges.hpp"
#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"
#include "plan/plan_text.hpp"
#include "plan/tornado_svg.hpp"

namespace brainemu::plan {
namespace {

plan_inputs resolved(const std::string& preset, const std::string& organism = "") {
    plan_request r;
    r.preset = preset;
    r.organism = organism;
    return resolve_plan(r).inputs;
}

const input_range* find(const std::vector<input_range>& rows, const std::string& name) {
    const auto it = std::find_if(rows.begin(), rows.end(),
                                 [&](const input_range& r) { return r.name == name; });
    return it == rows.end() ? nullptr : &*it;
}

const input_sensitivity& find(const ranges_result& r, const std::string& name) {
    for (const input_sensitivity& s : r.inputs) {
        if (s.range.name == name) {
            return s;
        }
    }
    ADD_FAILURE() << "no row for " << name;
    return r.inputs.front();
}

std::string range_error_field(const plan_inputs& in, const std::string& text) {
    try {
        (void)input_ranges(in, {text});
    } catch (const input_error& e) {
        return e.where().field;
    }
    ADD_FAILURE() << "expected input_error for --range " << text;
    return {};
}

TEST(InputRanges, OrganismSpecificRowsWinAndOthersUseAStatedFactor) {
    const std::vector<input_range> human = input_ranges(resolved("", "human"));
    ASSERT_NE(find(human, "synapses"), nullptr);
    EXPECT_EQ(find(human, "synapses")->low, 1.5e14);    // SoBE
    EXPECT_EQ(find(human, "synapses")->high, 6.02e14);  // Freeman
    const std::vector<input_range> mouse = input_ranges(resolved("", "mouse"));
    EXPECT_EQ(find(mouse, "synapses")->low, 1e11);
    EXPECT_EQ(find(mouse, "synapses")->high, 7e11);
    const plan_inputs fish = resolved("", "zebrafish-larva");
    const std::vector<input_range> fish_rows = input_ranges(fish);
    const input_range* s = find(fish_rows, "synapses");
    ASSERT_NE(s, nullptr);
    EXPECT_DOUBLE_EQ(s->low, fish.org.synapses / 2.0);
    EXPECT_DOUBLE_EQ(s->high, fish.org.synapses * 2.0);
    EXPECT_NE(s->source.find("factor 2"), std::string::npos) << s->source;
    for (const input_range& r : human) {
        EXPECT_NE(r.source.find("planner-facts"), std::string::npos) << r.name;
        EXPECT_LE(r.low, r.central) << r.name;
        EXPECT_LE(r.central, r.high) << r.name;
    }
}

TEST(InputRanges, InputsThePlanDoesNotUseAreLeftOut) {
    const std::vector<input_range> lif = input_ranges(resolved(""));  // locality model
    EXPECT_EQ(find(lif, "compartments"), nullptr);
    EXPECT_EQ(find(lif, "cross_fraction"), nullptr);
    EXPECT_EQ(find(lif, "flop_per_synapse_step"), nullptr);
    EXPECT_NE(find(lif, "long_range_share"), nullptr);
    const std::vector<input_range> freeman = input_ranges(resolved("freeman-pessimistic"));
    EXPECT_NE(find(freeman, "compartments"), nullptr);
    EXPECT_NE(find(freeman, "cross_fraction"), nullptr);  // fixed at 0.1
    EXPECT_EQ(find(freeman, "long_range_share"), nullptr);
    EXPECT_EQ(find(freeman, "flop_per_compartment_step")->high, 690.0);  // reading B
}

TEST(InputRanges, ACentralOutsideItsRangeWidensItAndSaysSo) {
    // The optimistic preset charges no synaptic FLOP, below Carlsmith's 1 FLOP per event.
    const std::vector<input_range> rows = input_ranges(resolved("freeman-optimistic"));
    const input_range* r = find(rows, "flop_per_event");
    ASSERT_NE(r, nullptr);
    EXPECT_TRUE(r->widened);
    EXPECT_EQ(r->low, 0.0);
    EXPECT_EQ(r->high, 1e4);
    EXPECT_NE(r->source.find("widened"), std::string::npos);
}

TEST(InputRanges, UserRangesReplaceOrAdd) {
    const plan_inputs in = resolved("freeman-pessimistic");
    const std::vector<input_range> rows =
        input_ranges(in, {"bytes_per_synapse=16..32", "device_memory_bytes=80e9..288e9"});
    EXPECT_EQ(find(rows, "bytes_per_synapse")->low, 16.0);
    EXPECT_EQ(find(rows, "bytes_per_synapse")->high, 64.0);  // widened to the plan's 64
    EXPECT_EQ(find(rows, "bytes_per_synapse")->source.rfind("--range", 0), 0u);
    EXPECT_EQ(find(rows, "device_memory_bytes")->high, 288e9);
}

TEST(InputRanges, BadRangesNameTheField) {
    const plan_inputs in = resolved("");
    EXPECT_EQ(range_error_field(in, "firing=1..10"), "--range firing");
    EXPECT_EQ(range_error_field(in, "bytes_per_synapse=64..8"), "--range bytes_per_synapse");
    EXPECT_EQ(range_error_field(in, "mean_rate_hz=-1..10"), "--range mean_rate_hz");
    EXPECT_EQ(range_error_field(in, "overhead_factor=0.5..2"), "--range overhead_factor");
    EXPECT_EQ(range_error_field(in, "bytes_per_synapse"), "--range");
    EXPECT_EQ(range_error_field(in, "bytes_per_synapse=a..8"), "--range");
    // Without --set cross_fraction the locality model decides it: nothing to vary around.
    EXPECT_EQ(range_error_field(in, "cross_fraction=0.05..0.3"), "--range cross_fraction");
}

// Memory against compute with nothing else in play (bandwidth and both tiers far in surplus),
// D devices. Compute demand C = N * 4 FLOP * 1e4 steps/s + S * rate * 20 FLOP does not depend
// on bytes per synapse b; memory demand is 2 (N * 16 B + S * b). Memory binds once its ratio
// M D / (2 (16 N + S b)) falls below compute's F D / C, i.e. above
//   b* = (C M / (2 F) - 16 N) / S.
// With N = 8.6e10, S = 6.02e14, 10 Hz, F = 1e14 FLOP/s and M = 2e13 B: C = 1.2384e17 FLOP/s and
// b* = (1.2384e16 - 1.376e12) / 6.02e14 = 20.57 B.
TEST(Ranges, FlipPointMatchesTheClosedForm) {
    plan_inputs in = resolved("", "human");
    apply_overrides(in, {"precision=fp32", "synapses_per_neuron=7000", "mean_rate_hz=10",
                         "devices=1000", "device_flop_per_s=1e14", "device_memory_bytes=2e13",
                         "device_memory_bandwidth_bytes_per_s=1e20", "scale_up_bytes_per_s=1e20",
                         "scale_out_bytes_per_s=1e20", "overhead_factor=2", "bytes_per_neuron=16",
                         "flop_per_compartment_step=4", "steps_per_s=1e4", "flop_per_event=20"});
    const double n = in.org.neurons;
    const double s = in.org.synapses;
    const double c = n * 4.0 * 1e4 + s * 10.0 * 20.0;
    const double b_star = (c * 2e13 / (2.0 * 1e14) - 16.0 * n) / s;
    EXPECT_NEAR(b_star, 20.57, 0.01);

    const ranges_result r = propagate_ranges(in, input_ranges(in, {"bytes_per_synapse=1..100"}));
    const input_sensitivity& b = find(r, "bytes_per_synapse");
    EXPECT_EQ(b.at_low.binding, axis_kind::compute);
    EXPECT_EQ(b.at_high.binding, axis_kind::memory);
    ASSERT_EQ(b.flips.size(), 1u);
    EXPECT_EQ(b.flips[0].from, axis_kind::compute);
    EXPECT_EQ(b.flips[0].to, axis_kind::memory);
    // Bisection stops at 0.1% of the sampled interval around the flip (9 log-spaced points over
    // 1..100: 17.8..31.6, so 0.014 B).
    EXPECT_NEAR(b.flips[0].value, b_star, 0.014);
}

TEST(Ranges, AxisRangesBracketCentralAndEveryOneAtATimeEnd) {
    const plan_inputs in = resolved("freeman-pessimistic");
    const ranges_result r = propagate_ranges(in, input_ranges(in));
    for (const axis_range& a : r.axes) {
        if (!a.present) {
            continue;
        }
        EXPECT_LE(a.demand.low, a.demand.central) << to_string(a.kind);
        EXPECT_LE(a.demand.central, a.demand.high) << to_string(a.kind);
        EXPECT_LE(a.supply_over_demand.low, a.supply_over_demand.central) << to_string(a.kind);
        EXPECT_LE(a.supply_over_demand.central, a.supply_over_demand.high) << to_string(a.kind);
        EXPECT_LT(a.demand.low, a.demand.high) << to_string(a.kind);
        // The corners are the extremes: no input moved alone gets past them.
        for (const input_sensitivity& s : r.inputs) {
            for (const range_point* p : {&s.at_low, &s.at_high}) {
                const double d = p->result.axis(a.kind).demand_total;
                EXPECT_LE(a.demand.low, d * (1.0 + 1e-12)) << s.range.name;
                EXPECT_GE(a.demand.high, d * (1.0 - 1e-12)) << s.range.name;
            }
        }
    }
    const double central = compute_plan(in).axis(axis_kind::compute).demand_total;
    EXPECT_EQ(r.axes[0].demand.central, central);
}

TEST(Ranges, BindingAxesPossibleHoldTheCentralOneAndEveryEnd) {
    const plan_inputs in = resolved("freeman-pessimistic");
    const ranges_result r = propagate_ranges(in, input_ranges(in));
    const auto& possible = r.binding_axes_possible;
    auto has = [&](axis_kind a) {
        return std::find(possible.begin(), possible.end(), a) != possible.end();
    };
    EXPECT_EQ(r.central.binding, compute_plan(in).binding);
    EXPECT_TRUE(has(r.central.binding));
    for (const input_sensitivity& s : r.inputs) {
        EXPECT_TRUE(has(s.at_low.binding)) << s.range.name;
        EXPECT_TRUE(has(s.at_high.binding)) << s.range.name;
        EXPECT_EQ(s.flips.empty(), s.at_low.binding == s.at_high.binding) << s.range.name;
    }
    // Sorted by the swing of the central binding axis, widest first.
    for (std::size_t i = 1; i < r.inputs.size(); ++i) {
        EXPECT_GE(swing(r.inputs[i - 1], r.central.binding), swing(r.inputs[i], r.central.binding));
    }
}

TEST(Ranges, WithoutAFixedCountRatiosAreAtTheCentralNeed) {
    const plan_inputs in = resolved("");  // as many H100 as needed
    const ranges_result r = propagate_ranges(in, input_ranges(in));
    EXPECT_FALSE(r.devices_fixed);
    EXPECT_EQ(r.devices, compute_plan(in).devices);
    for (const input_sensitivity& s : r.inputs) {
        EXPECT_EQ(s.at_low.result.devices, r.devices);
    }
    const axis_range& memory = r.axes[static_cast<std::size_t>(axis_kind::memory)];
    EXPECT_LT(memory.devices_needed.low, memory.devices_needed.high);
}

TEST(Ranges, JsonTextAndSvg) {
    const plan_inputs in = resolved("freeman-pessimistic");
    const ranges_result r = propagate_ranges(in, input_ranges(in));
    const nlohmann::json j = ranges_json(r);
    ASSERT_TRUE(j["inputs"].is_array());
    ASSERT_FALSE(j["inputs"].empty());
    for (const char* key : {"name", "low", "central", "high", "source", "binding_at_low",
                            "binding_at_high", "flip_at"}) {
        EXPECT_TRUE(j["inputs"][0].contains(key)) << key;
    }
    for (const char* axis : {"compute", "memory", "memory_bandwidth", "scale_up", "scale_out"}) {
        for (const char* key : {"low", "central", "high"}) {
            EXPECT_TRUE(j["axes"][axis]["demand"].contains(key)) << axis << key;
            EXPECT_TRUE(j["axes"][axis]["supply_over_demand"].contains(key)) << axis << key;
        }
    }
    EXPECT_TRUE(j["binding_axes_possible"].is_array());

    const std::string text = ranges_text(r);
    EXPECT_NE(text.find("binding axes possible: "), std::string::npos) << text;
    EXPECT_NE(text.find("planner-facts 6.3: NEST GPU 4 B .. NEST off-grid 16 B"),
              std::string::npos);

    const std::string svg = tornado_svg(in, r);
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    std::size_t open = 0;
    std::size_t close = 0;
    for (auto at = svg.find("<text"); at != std::string::npos; at = svg.find("<text", at + 1)) {
        ++open;
    }
    for (auto at = svg.find("</text>"); at != std::string::npos; at = svg.find("</text>", at + 1)) {
        ++close;
    }
    EXPECT_EQ(open, close);
    EXPECT_NE(svg.find("supply/demand per device (ratio, log scale"), std::string::npos);
    for (const input_sensitivity& s : r.inputs) {
        EXPECT_NE(svg.find(">" + s.range.name + "  "), std::string::npos) << s.range.name;
    }
}

}  // namespace
}  // namespace brainemu::plan
