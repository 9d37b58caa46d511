#include "report/format.hpp"

#include <array>
#include <cmath>

#include <fmt/format.h>

namespace brainemu::report {
namespace {

// Three significant digits: 1.23, 12.3, 123.
std::string three_digits(double v) {
    const double a = std::abs(v);
    if (a >= 100.0 || a == 0.0) {
        return fmt::format("{:.0f}", v);
    }
    return a >= 10.0 ? fmt::format("{:.1f}", v) : fmt::format("{:.2f}", v);
}

}  // namespace

std::string format_bytes(double bytes) {
    constexpr std::array<const char*, 6> units{"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
    std::size_t u = 0;
    while (std::abs(bytes) >= 1024.0 && u + 1 < units.size()) {
        bytes /= 1024.0;
        ++u;
    }
    return u == 0 ? fmt::format("{:.0f} B", bytes) : three_digits(bytes) + " " + units[u];
}

std::string format_seconds(double s) {
    const double a = std::abs(s);
    if (a == 0.0) {
        return "0 s";
    }
    if (a < 1e-6) {
        return three_digits(s * 1e9) + " ns";
    }
    if (a < 1e-3) {
        return three_digits(s * 1e6) + " µs";
    }
    if (a < 1.0) {
        return three_digits(s * 1e3) + " ms";
    }
    if (a < 120.0) {
        return three_digits(s) + " s";
    }
    if (a < 7200.0) {
        return three_digits(s / 60.0) + " min";
    }
    return three_digits(s / 3600.0) + " h";
}

std::string format_si(double value, std::string_view unit) {
    constexpr std::array<const char*, 7> prefixes{"", "k", "M", "G", "T", "P", "E"};
    std::size_t p = 0;
    while (std::abs(value) >= 999.5 && p + 1 < prefixes.size()) {
        value /= 1000.0;
        ++p;
    }
    std::string out = three_digits(value);
    if (!unit.empty() || p > 0) {
        out += " ";
        out += prefixes[p];
        out += unit;
    }
    return out;
}

std::string format_count(double value) {
    if (!std::isfinite(value)) {
        return "n/a";
    }
    std::string digits = fmt::format("{:.0f}", std::abs(value));
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) {
            out += ',';
        }
        out += digits[i];
    }
    return value < 0.0 ? "-" + out : out;
}

std::string format_tick(double value, double step) {
    if (std::abs(value) < step * 1e-9) {
        return "0";
    }
    // Large ticks take an SI suffix, with as many decimals as the step needs in that unit.
    constexpr std::array<std::pair<double, const char*>, 4> scales{
        {{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
    for (const auto& [scale, suffix] : scales) {
        if (std::abs(value) >= scale) {
            const int decimals =
                std::max(0, -static_cast<int>(std::floor(std::log10(step / scale) + 1e-9)));
            return fmt::format("{:.{}f}{}", value / scale, decimals, suffix);
        }
    }
    const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
    return fmt::format("{:.{}f}", value, decimals);
}

}  // namespace brainemu::report
