#pragma once
// Least-squares growth trends: ln(value) against year, one common slope with an intercept per
// group (vendor), so that one vendor's larger parts do not pass for growth over time.

#include <span>
#include <string>

namespace brainemu::plan {

struct trend_point {
    double year = 0.0;
    double value = 0.0;  // <= 0: unknown, skipped
    std::string group;   // the vendor: each group gets its own intercept
};

struct trend_fit {
    double slope_per_year = 0.0;  // d ln(value) / d year
    double slope_se = 0.0;        // its standard error
    double r_squared = 0.0;  // within groups: the share of ln(value)'s spread the year explains
    int points = 0;          // used: known values in groups of two or more
    int groups = 0;

    // At least one residual degree of freedom: a slope and a standard error to trust.
    [[nodiscard]] bool usable() const { return points >= groups + 2; }
    // Growth per two years at the slope moved by `se_steps` standard errors.
    [[nodiscard]] double growth_per_2y(double se_steps = 0.0) const;
};

// A group with one known point carries no information on the slope (its intercept absorbs it)
// and is left out; so are points with value <= 0. With a single group this is ordinary least
// squares.
[[nodiscard]] trend_fit fit_log_trend(std::span<const trend_point> points);

}  // namespace brainemu::plan
