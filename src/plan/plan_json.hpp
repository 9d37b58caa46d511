#pragma once
// The planner's JSON output (--json). A plan has at least compute_flop_per_s,
// memory_bytes_total, memory_bytes_per_device, interconnect_bytes_per_s_per_device, devices,
// binding_axis and, when the device count is fixed (a cluster), supply_over_demand by axis.

#include <nlohmann/json.hpp>

#include "plan/locality_model.hpp"
#include "plan/plan.hpp"
#include "plan/ranges.hpp"
#include "plan/sweep.hpp"
#include "plan/sweep_grid.hpp"
#include "plan/timeline.hpp"

namespace brainemu::plan {

[[nodiscard]] nlohmann::json plan_json(const plan_inputs& in, const plan_result& r);
[[nodiscard]] nlohmann::json sweep_json(const sweep_result& s);
[[nodiscard]] nlohmann::json sweep_grid_json(const sweep_grid& g);
[[nodiscard]] nlohmann::json timeline_json(const timeline_result& t);
[[nodiscard]] nlohmann::json ranges_json(const ranges_result& r);
[[nodiscard]] nlohmann::json locality_fit_json(const locality_fit& f);

}  // namespace brainemu::plan
