#include "plan/trend_fit.hpp"

#include <cmath>
#include <map>
#include <vector>

namespace brainemu::plan {

double trend_fit::growth_per_2y(double se_steps) const {
    return std::exp(2.0 * (slope_per_year + se_steps * slope_se));
}

trend_fit fit_log_trend(std::span<const trend_point> points) {
    std::map<std::string, std::vector<const trend_point*>> by_group;
    for (const trend_point& p : points) {
        if (p.value > 0.0) {
            by_group[p.group].push_back(&p);
        }
    }
    // The within-group estimator: centring year and ln(value) on each group's means removes
    // the group intercepts, and the slope is the ordinary one on the centred data.
    struct centred {
        double x, y;
    };
    std::vector<centred> c;
    trend_fit out;
    for (const auto& [group, members] : by_group) {
        if (members.size() < 2) {
            continue;
        }
        double mx = 0.0;
        double my = 0.0;
        for (const trend_point* p : members) {
            mx += p->year;
            my += std::log(p->value);
        }
        mx /= static_cast<double>(members.size());
        my /= static_cast<double>(members.size());
        for (const trend_point* p : members) {
            c.push_back({p->year - mx, std::log(p->value) - my});
        }
        ++out.groups;
    }
    out.points = static_cast<int>(c.size());
    double sxx = 0.0;
    double sxy = 0.0;
    double syy = 0.0;
    for (const centred& q : c) {
        sxx += q.x * q.x;
        sxy += q.x * q.y;
        syy += q.y * q.y;
    }
    if (sxx <= 0.0) {
        out.points = 0;  // every point in one year per group: no slope to fit
        return out;
    }
    out.slope_per_year = sxy / sxx;
    double ssr = 0.0;
    for (const centred& q : c) {
        const double r = q.y - out.slope_per_year * q.x;
        ssr += r * r;
    }
    out.r_squared = syy > 0.0 ? 1.0 - ssr / syy : 1.0;
    // One degree of freedom per group intercept and one for the slope.
    const int dof = out.points - out.groups - 1;
    out.slope_se = dof > 0 ? std::sqrt(ssr / dof / sxx) : 0.0;
    return out;
}

}  // namespace brainemu::plan
