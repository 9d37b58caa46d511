#include "plan/supply_trends.hpp"

#include <algorithm>

#include "plan/roadmap.hpp"

namespace brainemu::plan {
namespace {

struct catalog_accelerator {
    const char* name;
    const char* vendor;
};

// The catalog's accelerators and their makers; a device not listed is left out of the fits.
constexpr catalog_accelerator accelerators[] = {
    {"h100", "nvidia"},  {"h200", "nvidia"}, {"b200", "nvidia"}, {"gb200", "nvidia"},
    {"gb300", "nvidia"}, {"mi300x", "amd"},  {"mi325x", "amd"},  {"mi355x", "amd"},
};

// devices.cpp says these figures were assumed equal to the MI300X's, not published: a fit
// must not read a copied figure as zero growth.
void drop_assumed(device& d) {
    if (d.name == "mi325x") {
        d.scale_out_bytes_per_s = 0.0;
    }
    if (d.name == "mi355x") {
        d.scale_up_bytes_per_s = 0.0;
        d.scale_out_bytes_per_s = 0.0;
    }
}

}  // namespace

std::vector<dated_part> dated_parts() {
    std::vector<dated_part> out;
    for (device d : builtin_devices()) {
        const auto* a =
            std::find_if(std::begin(accelerators), std::end(accelerators),
                         [&](const catalog_accelerator& c) { return d.name == c.name; });
        if (a == std::end(accelerators)) {
            continue;
        }
        drop_assumed(d);
        std::string source = d.source;
        out.push_back({std::move(d), a->vendor, false, std::move(source)});
    }
    for (roadmap_part& r : roadmap_parts()) {
        // Publishers and dates only: the titles and addresses are in --list and the docs.
        std::string source = r.dev.source + " [";
        for (const roadmap_source& s : r.sources) {
            source += (&s == &r.sources.front() ? "" : "; ") + s.publisher + " " + s.date;
        }
        source += "]";
        out.push_back({std::move(r.dev), r.vendor, r.announced, std::move(source)});
    }
    std::stable_sort(out.begin(), out.end(), [](const dated_part& a, const dated_part& b) {
        return a.dev.year < b.dev.year;
    });
    return out;
}

double supply_of(const device& d, axis_kind axis, precision_kind precision) {
    switch (axis) {
        case axis_kind::compute:
            return d.flop_per_s(precision);
        case axis_kind::memory:
            return d.memory_bytes;
        case axis_kind::memory_bandwidth:
            return d.memory_bandwidth_bytes_per_s;
        case axis_kind::scale_up:
            return d.has_scale_up() ? d.scale_up_bytes_per_s / 2.0 : 0.0;
        case axis_kind::scale_out:
            return d.scale_out_bytes_per_s;
    }
    return 0.0;
}

const trend_fit& supply_trends::of(axis_kind axis, precision_kind precision) const {
    return axis == axis_kind::compute ? flop[static_cast<std::size_t>(precision)]
                                      : by_axis[static_cast<std::size_t>(axis)];
}

supply_trends fit_supply_trends(const std::vector<dated_part>& parts) {
    auto fit = [&](axis_kind axis, precision_kind precision) {
        std::vector<trend_point> points;
        for (const dated_part& p : parts) {
            points.push_back({p.dev.year, supply_of(p.dev, axis, precision), p.vendor});
        }
        return fit_log_trend(points);
    };
    supply_trends out;
    for (std::size_t a = 0; a < axis_count; ++a) {
        out.by_axis[a] = fit(static_cast<axis_kind>(a), precision_kind::fp32);
    }
    for (std::size_t p = 0; p < out.flop.size(); ++p) {
        out.flop[p] = fit(axis_kind::compute, static_cast<precision_kind>(p));
    }
    return out;
}

}  // namespace brainemu::plan
