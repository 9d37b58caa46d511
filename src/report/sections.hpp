#pragma once
// The report's sections, each an HTML fragment, empty when the run has no data for it.

#include <string>
#include <string_view>

#include "report/report.hpp"

namespace brainemu::report {

// <figure> with a title and a caption (both plain text, escaped here).
[[nodiscard]] std::string figure(std::string_view title, const std::string& svg,
                                 std::string_view caption = {});
[[nodiscard]] std::string section(std::string_view id, std::string_view title,
                                  const std::string& body);

[[nodiscard]] std::string header_section(const run_data& run);
[[nodiscard]] std::string activity_section(const run_data& run, const report_options& opt);
[[nodiscard]] std::string voltage_section(const run_data& run, const report_options& opt);
[[nodiscard]] std::string trials_section(const run_data& run, const report_options& opt);
[[nodiscard]] std::string workload_section(const run_data& run);
[[nodiscard]] std::string plan_section(const run_data& run);
[[nodiscard]] std::string config_section(const run_data& run);
// What was driven, silenced, recorded, with which models (from config.toml).
[[nodiscard]] std::string done_section(const run_data& run);
// The population-to-population in-degrees (K matrix), from profile.json's connectivity.
[[nodiscard]] std::string connectivity_section(const run_data& run);

}  // namespace brainemu::report
