// The readable table, the JSON and the SVG chart.

#include <gtest/gtest.h>

#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"
#include "plan/plan_text.hpp"
#include "plan/svg_chart.hpp"

namespace brainemu::plan {
namespace {

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

plan_inputs inputs(const std::string& preset, const std::string& cluster) {
    plan_request r;
    r.preset = preset;
    r.cluster = cluster;
    return resolve_plan(r).inputs;
}

TEST(Output, Quantities) {
    EXPECT_EQ(format_quantity(770.67e9, "B"), "771 GB");
    EXPECT_EQ(format_quantity(24.08e9, "B/s"), "24.1 GB/s");
    EXPECT_EQ(format_quantity(6.536e20, "FLOP/s"), "654 EFLOP/s");
    EXPECT_EQ(format_quantity(0.0, "B"), "0 B");
    EXPECT_EQ(format_ratio(0.25), "0.25 (4x short)");
    EXPECT_EQ(format_ratio(74.75), "74.8 (surplus)");
    EXPECT_EQ(format_count(145245.0), "145,245");
}

TEST(Output, TableNamesTheBindingAxisAndBothTiers) {
    const plan_inputs in = inputs("freeman-pessimistic", "mid-2020s");
    const std::string text = plan_text(in, compute_plan(in));
    EXPECT_NE(text.find("binding axis: memory, 4.28x short"), std::string::npos) << text;
    EXPECT_NE(text.find("scale-up link"), std::string::npos);
    EXPECT_NE(text.find("scale-out link"), std::string::npos);
    EXPECT_NE(text.find("37.4 (surplus)"), std::string::npos);  // 900 GB/s one way
    EXPECT_NE(text.find("2.64 (surplus)"), std::string::npos);
}

TEST(Output, JsonHasRatiosOnlyForAFixedDeviceCount) {
    plan_request r;  // human LIF, as many H100 as needed
    const plan_inputs free_count = resolve_plan(r).inputs;
    const nlohmann::json j = plan_json(free_count, compute_plan(free_count));
    EXPECT_FALSE(j.contains("supply_over_demand"));
    EXPECT_TRUE(j["devices_needed"].contains("memory"));
    EXPECT_EQ(j["binding_axis"], "memory");
    EXPECT_EQ(j["inputs"]["state_bytes_per_neuron"], nullptr);  // not set: the model decides
    const plan_inputs fugaku = inputs("freeman-optimistic", "fugaku");
    const nlohmann::json f = plan_json(fugaku, compute_plan(fugaku));
    EXPECT_FALSE(f["supply_over_demand"].contains("scale_up"));  // Tofu-D is one tier
    EXPECT_TRUE(f["supply_over_demand"].contains("scale_out"));
}

TEST(Output, SvgHasOnePanelPerAxisAndMarksTheBindingOne) {
    const plan_inputs in = inputs("freeman-pessimistic", "mid-2020s");
    const std::string svg = plan_chart_svg(in, compute_plan(in));
    EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0), 0u);
    EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
    EXPECT_EQ(occurrences(svg, "<text"), occurrences(svg, "</text>"));
    EXPECT_EQ(occurrences(svg, "(binds)"), 1u);
    EXPECT_NE(svg.find("memory (binds)"), std::string::npos);
    for (const char* title : {"compute", "memory bandwidth", "scale-up link", "scale-out link"}) {
        EXPECT_NE(svg.find(title), std::string::npos) << title;
    }
    EXPECT_EQ(occurrences(svg, "<rect"), 2u * 5u + 1u + 2u);  // bars, background, legend

    const plan_inputs fugaku = inputs("freeman-optimistic", "fugaku");
    const std::string one_tier = plan_chart_svg(fugaku, compute_plan(fugaku));
    EXPECT_EQ(one_tier.find("scale-up link"), std::string::npos);
}

TEST(Output, SvgEscapesUserText) {
    plan_inputs in = inputs("freeman-optimistic", "mid-2020s");
    in.org.name = "rat & <mouse>";
    const std::string svg = plan_chart_svg(in, compute_plan(in));
    EXPECT_NE(svg.find("rat &amp; &lt;mouse&gt;"), std::string::npos);
    EXPECT_EQ(svg.find("<mouse>"), std::string::npos);
}

TEST(Output, CatalogListingNamesEverything) {
    const std::string text = catalog_text(catalog::builtin());
    for (const char* name : {"worm", "human-cortex", "mc-hh", "stdp", "mi355x", "a64fx",
                             "mid-2020s", "fugaku", "freeman-pessimistic"}) {
        EXPECT_NE(text.find(name), std::string::npos) << name;
    }
}

}  // namespace
}  // namespace brainemu::plan
