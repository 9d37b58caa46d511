#pragma once
// Numbers for people, with their units: the report never prints a bare number of bytes or
// seconds.

#include <string>
#include <string_view>

namespace brainemu::report {

// Binary prefixes, as `brainemu run` prints memory: "512 B", "3.4 MiB", "1.21 GiB".
[[nodiscard]] std::string format_bytes(double bytes);
// Three significant digits with the unit that keeps the number readable: "850 µs", "2.31 s",
// "4.2 min".
[[nodiscard]] std::string format_seconds(double seconds);
// Three significant digits with a decimal SI prefix: "12.3 kHz", "4.56 M" (unit may be empty).
[[nodiscard]] std::string format_si(double value, std::string_view unit);
// Thousands separated: "10,000,000".
[[nodiscard]] std::string format_count(double value);
// Shortest label of a tick on an axis whose ticks are `step` apart: "0.5", "20", "1.5M".
[[nodiscard]] std::string format_tick(double value, double step);

}  // namespace brainemu::report
