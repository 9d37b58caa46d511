#pragma once
// The dated parts the timeline learns from (the catalog's accelerators and the roadmap's
// announced ones) and, per supply axis, the growth trend fitted over them.

#include <array>
#include <string>
#include <vector>

#include "plan/devices.hpp"
#include "plan/plan.hpp"
#include "plan/trend_fit.hpp"

namespace brainemu::plan {

struct dated_part {
    device dev;
    std::string vendor;
    bool announced = false;
    std::string source;  // the roadmap's sources, or the catalog entry's
};

// The catalog's accelerators (a64fx and cpu-node are not: a CPU node's memory and NIC say
// nothing about accelerator trends) and the roadmap's parts, by year. Figures the catalog
// marks as assumed, not published, are zeroed (= unknown) so that no fit counts them.
[[nodiscard]] std::vector<dated_part> dated_parts();

// Per-device supply on an axis as the plan counts it (scale-up one way, compute at
// `precision`); 0 when the part has no published figure or no such tier.
[[nodiscard]] double supply_of(const device& d, axis_kind axis, precision_kind precision);

struct supply_trends {
    std::array<trend_fit, axis_count> by_axis{};  // compute here is fp32
    std::array<trend_fit, 4> flop{};              // by precision_kind

    [[nodiscard]] const trend_fit& of(axis_kind axis, precision_kind precision) const;
};

[[nodiscard]] supply_trends fit_supply_trends(const std::vector<dated_part>& parts);

}  // namespace brainemu::plan
