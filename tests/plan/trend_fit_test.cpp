// Fitted supply trends (trend_fit, supply_trends), the roadmap, and the timeline built on them:
// the band, a --set trend replacing the fit, and the first part meeting an axis.

#include "plan/trend_fit.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <gtest/gtest.h>

#include "plan/plan_json.hpp"
#include "plan/plan_request.hpp"
#include "plan/roadmap.hpp"
#include "plan/supply_trends.hpp"
#include "plan/timeline.hpp"

namespace brainemu::plan {
namespace {

TEST(TrendFit, RecoversAnExactExponential) {
    // 5 x 1.5^(year - 2020): slope ln 1.5 per year, 2.25x per two years, no scatter.
    std::vector<trend_point> pts;
    for (int y = 2020; y <= 2024; ++y) {
        pts.push_back({double(y), 5.0 * std::pow(1.5, y - 2020), "a"});
    }
    const trend_fit f = fit_log_trend(pts);
    EXPECT_NEAR(f.slope_per_year, std::log(1.5), 1e-12);
    EXPECT_NEAR(f.growth_per_2y(), 2.25, 1e-12);
    EXPECT_NEAR(f.slope_se, 0.0, 1e-12);
    EXPECT_NEAR(f.r_squared, 1.0, 1e-12);
    EXPECT_EQ(f.points, 5);
    EXPECT_EQ(f.groups, 1);
    EXPECT_TRUE(f.usable());
}

TEST(TrendFit, StandardErrorMatchesAHandComputation) {
    // ln(value) = 0, 1, 1, 3 at years 0..3 (offset to 2020). By hand: Sxx = 5, Sxy = 4.5,
    // slope 0.9; residuals 0.1, 0.2, -0.7, 0.4, SSR 0.7, s^2 = 0.7 / (4 - 2) = 0.35,
    // se = sqrt(0.35 / 5) = sqrt(0.07); Syy = 4.75, r^2 = 1 - 0.7 / 4.75.
    const std::vector<trend_point> pts = {{2020, std::exp(0.0), "a"},
                                          {2021, std::exp(1.0), "a"},
                                          {2022, std::exp(1.0), "a"},
                                          {2023, std::exp(3.0), "a"}};
    const trend_fit f = fit_log_trend(pts);
    EXPECT_NEAR(f.slope_per_year, 0.9, 1e-12);
    EXPECT_NEAR(f.slope_se, std::sqrt(0.07), 1e-12);
    EXPECT_NEAR(f.r_squared, 1.0 - 0.7 / 4.75, 1e-12);
    EXPECT_NEAR(f.growth_per_2y(1.0), std::exp(2.0 * (0.9 + std::sqrt(0.07))), 1e-9);
    EXPECT_NEAR(f.growth_per_2y(-1.0), std::exp(2.0 * (0.9 - std::sqrt(0.07))), 1e-9);
}

TEST(TrendFit, EachVendorGetsItsOwnIntercept) {
    // Two vendors growing 2x a year, one 10x larger and shipping later: pooled, the size gap
    // would read as extra growth; with an intercept each, the slope is exact.
    std::vector<trend_point> pts;
    for (int y = 0; y < 3; ++y) {
        pts.push_back({2020.0 + y, std::pow(2.0, y), "small"});
        pts.push_back({2022.0 + y, 10.0 * std::pow(2.0, y + 2), "large"});
    }
    const trend_fit f = fit_log_trend(pts);
    EXPECT_NEAR(f.slope_per_year, std::log(2.0), 1e-12);
    EXPECT_EQ(f.groups, 2);
    std::vector<trend_point> pooled = pts;
    for (trend_point& p : pooled) {
        p.group = "one";
    }
    EXPECT_GT(fit_log_trend(pooled).slope_per_year, std::log(2.0) * 1.1);
}

TEST(TrendFit, UnknownValuesAndLoneVendorsCarryNoWeight) {
    const std::vector<trend_point> pts = {
        {2020, 1.0, "a"}, {2021, 0.0, "a"}, {2022, 4.0, "a"},
        {2023, 8.0, "a"}, {2030, 1e9, "b"},  // one point: its intercept absorbs it
    };
    const trend_fit f = fit_log_trend(pts);
    EXPECT_EQ(f.points, 3);
    EXPECT_EQ(f.groups, 1);
    // Two points: an exact line, but no residual to estimate its error from.
    EXPECT_FALSE(
        fit_log_trend(std::vector<trend_point>{{2020, 1.0, "a"}, {2022, 2.0, "a"}}).usable());
    EXPECT_FALSE(fit_log_trend(
                     std::vector<trend_point>{{2020, 1.0, "a"}, {2020, 2.0, "a"}, {2020, 3.0, "a"}})
                     .usable());
}

TEST(Roadmap, EveryPartIsAnnouncedDatedAndSourced) {
    for (const roadmap_part& r : roadmap_parts()) {
        EXPECT_TRUE(r.announced) << r.dev.name;
        EXPECT_GE(r.dev.year, 2026.0) << r.dev.name;
        ASSERT_FALSE(r.sources.empty()) << r.dev.name;
        for (const roadmap_source& s : r.sources) {
            EXPECT_FALSE(s.publisher.empty()) << r.dev.name;
            EXPECT_FALSE(s.title.empty()) << r.dev.name;
            EXPECT_FALSE(s.date.empty()) << r.dev.name;
        }
    }
}

TEST(SupplyTrends, FitOverAcceleratorsOnlyInYearOrder) {
    const std::vector<dated_part> parts = dated_parts();
    for (const dated_part& p : parts) {
        EXPECT_NE(p.dev.name, "a64fx");
        EXPECT_NE(p.dev.name, "cpu-node");
    }
    EXPECT_TRUE(std::is_sorted(parts.begin(), parts.end(), [](const auto& a, const auto& b) {
        return a.dev.year < b.dev.year;
    }));
    const supply_trends t = fit_supply_trends(parts);
    // Memory per device has the most published points: 7 NVIDIA, 4 AMD (catalog + roadmap).
    const trend_fit& memory = t.of(axis_kind::memory, precision_kind::fp32);
    EXPECT_EQ(memory.points, 11);
    EXPECT_EQ(memory.groups, 2);
    EXPECT_GT(memory.growth_per_2y(), 1.0);
    // The compute fit follows the precision asked for.
    EXPECT_NE(t.of(axis_kind::compute, precision_kind::fp64).slope_per_year,
              t.of(axis_kind::compute, precision_kind::fp32).slope_per_year);
}

dated_part part(const char* name, double year, double memory_bytes, bool announced = false) {
    dated_part p;
    p.dev.name = name;
    p.dev.year = year;
    p.dev.memory_bytes = memory_bytes;
    p.announced = announced;
    p.source = std::string("source of ") + name;
    return p;
}

TEST(FirstPart, TheEarliestPartThatMeetsTheDemand) {
    std::vector<dated_part> parts = {part("a", 2023, 100e9), part("b", 2026, 300e9, true),
                                     part("c", 2025, 250e9), part("unknown", 2024, 0.0)};
    const auto c = first_part_meeting(parts, axis_kind::memory, precision_kind::fp32, 200e9);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->name, "c");  // 2025, before b (2026) though listed after it
    EXPECT_EQ(c->year, 2025.0);
    EXPECT_EQ(c->source, "source of c");
    const auto b = first_part_meeting(parts, axis_kind::memory, precision_kind::fp32, 260e9);
    ASSERT_TRUE(b.has_value());
    EXPECT_EQ(b->name, "b");
    EXPECT_TRUE(b->announced);
    EXPECT_FALSE(first_part_meeting(parts, axis_kind::memory, precision_kind::fp32, 1e12));
    // Scale-up counts one direction: 1 TB/s two-way carries 0.5 TB/s of demand, not 0.6.
    parts[0].dev.scale_up_bytes_per_s = 1e12;
    parts[0].dev.scale_up_domain_devices = 8;
    EXPECT_TRUE(first_part_meeting(parts, axis_kind::scale_up, precision_kind::fp32, 0.5e12));
    EXPECT_FALSE(first_part_meeting(parts, axis_kind::scale_up, precision_kind::fp32, 0.6e12));
}

plan_inputs freeman_on(const char* cluster) {
    plan_request r;
    r.preset = "freeman-pessimistic";
    r.cluster = cluster;
    return resolve_plan(r).inputs;
}

TEST(Timeline, TheBandBracketsTheCentralYear) {
    const plan_inputs in = freeman_on("h100-100k");
    const timeline_result t = project_timeline(in, compute_plan(in));
    ASSERT_FALSE(t.axes.empty());
    for (const timeline_axis& a : t.axes) {
        EXPECT_EQ(a.origin, growth_origin_kind::fit) << to_string(a.kind);
        EXPECT_LE(a.growth_low_per_2y, a.growth_per_2y);
        EXPECT_LE(a.growth_per_2y, a.growth_high_per_2y);
        EXPECT_LE(a.year_met_low, a.year_met) << to_string(a.kind);
        EXPECT_LE(a.year_met, a.year_met_high) << to_string(a.kind);
        EXPECT_DOUBLE_EQ(a.year_met, year_met(t.base_year, a.ratio_now, a.growth_per_2y));
    }
    EXPECT_LE(t.year_feasible_low, t.year_feasible);
    EXPECT_LE(t.year_feasible, t.year_feasible_high);
}

TEST(Timeline, HandBuiltTrendsGiveHandComputedYears) {
    plan_inputs in = freeman_on("mid-2020s");
    const plan_result p = compute_plan(in);
    const double ratio = p.axis(axis_kind::memory).ratio;
    ASSERT_LT(ratio, 1.0);
    // Memory doubling every two years give or take 0.1 in ln per year; every other axis with
    // too few points to fit, so it falls back to Freeman's figure.
    supply_trends trends;
    trend_fit& m = trends.by_axis[static_cast<std::size_t>(axis_kind::memory)];
    m.slope_per_year = std::log(2.0) / 2.0;
    m.slope_se = 0.1;
    m.points = 5;
    m.groups = 1;
    const std::vector<dated_part> parts = {
        part("big", 2030, p.axis(axis_kind::memory).demand_per_device)};
    const timeline_result t = project_timeline(in, p, parts, trends);
    for (const timeline_axis& a : t.axes) {
        if (a.kind == axis_kind::memory) {
            const double gap = std::log(1.0 / ratio);
            EXPECT_NEAR(a.year_met, 2024.0 + 2.0 * gap / std::log(2.0), 1e-9);
            EXPECT_NEAR(a.year_met_low, 2024.0 + gap / (std::log(2.0) / 2.0 + 0.1), 1e-9);
            EXPECT_NEAR(a.year_met_high, 2024.0 + gap / (std::log(2.0) / 2.0 - 0.1), 1e-9);
            ASSERT_TRUE(a.first_part.has_value());
            EXPECT_EQ(a.first_part->name, "big");
        } else {
            EXPECT_EQ(a.origin, growth_origin_kind::freeman);
            EXPECT_EQ(a.growth_low_per_2y, a.growth_high_per_2y);
            EXPECT_FALSE(a.first_part.has_value());  // "big" lists memory only
        }
        if (a.kind == axis_kind::compute) {
            EXPECT_EQ(a.growth_per_2y, freeman_flop_per_2y);
        }
    }
}

TEST(Timeline, ASetTrendReplacesTheFitForItsAxisOnly) {
    plan_inputs in = freeman_on("h100-100k");
    const timeline_result fitted = project_timeline(in, compute_plan(in));
    apply_overrides(in, {"trend_flop_per_2y=3"});
    const timeline_result set = project_timeline(in, compute_plan(in));
    ASSERT_EQ(fitted.axes.size(), set.axes.size());
    for (std::size_t i = 0; i < set.axes.size(); ++i) {
        const timeline_axis& a = set.axes[i];
        if (a.kind == axis_kind::compute) {
            EXPECT_EQ(a.origin, growth_origin_kind::set);
            EXPECT_EQ(a.trend_input, "trend_flop_per_2y");
            EXPECT_EQ(a.growth_per_2y, 3.0);
            EXPECT_EQ(a.year_met_low, a.year_met_high);
            EXPECT_NE(fitted.axes[i].growth_per_2y, 3.0);
        } else {
            EXPECT_EQ(a.origin, growth_origin_kind::fit);
            EXPECT_EQ(a.growth_per_2y, fitted.axes[i].growth_per_2y);
        }
    }
    const nlohmann::json j = timeline_json(set);
    EXPECT_EQ(j["axes"]["compute"]["growth_origin"], "set");
    EXPECT_EQ(j["axes"]["memory"]["growth_origin"], "fit");
    for (const char* key : {"base_year", "devices", "axes", "year_feasible", "last_axis"}) {
        EXPECT_TRUE(j.contains(key)) << key;
    }
    EXPECT_TRUE(j["axes"]["memory"].contains("year_met_high"));
    EXPECT_TRUE(j["axes"]["memory"].contains("first_part_meeting"));
}

}  // namespace
}  // namespace brainemu::plan
