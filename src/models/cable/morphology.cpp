#include "models/cable/morphology.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {

std::string_view to_string(section_type t) {
    switch (t) {
        case section_type::soma:
            return "soma";
        case section_type::axon:
            return "axon";
        case section_type::dend:
            return "dend";
        case section_type::apic:
            return "apic";
    }
    return "?";
}

std::string cable_section::name() const {
    return fmt::format("{}[{}]", to_string(type), index);
}

namespace {

double distance(const pt3d& a, const pt3d& b) {
    return std::sqrt((b.x - a.x) * (b.x - a.x) + (b.y - a.y) * (b.y - a.y) +
                     (b.z - a.z) * (b.z - a.z));
}

pt3d point_of(const swc_point& p) {
    return {p.x, p.y, p.z, 2.0 * p.radius};
}

void set_length(cable_section& s) {
    s.length = 0.0;
    for (std::size_t k = 1; k < s.points.size(); ++k) {
        s.length += distance(s.points[k - 1], s.points[k]);
    }
}

}  // namespace

morphology sections_from_swc(const std::vector<swc_point>& points, const std::string& path) {
    auto fail = [&](const swc_point& p, std::string_view field, const std::string& problem) {
        throw input_error({path, p.line, std::string(field)}, problem);
    };
    if (points.empty()) {
        throw input_error({path, 0, ""}, "no points: an SWC file lists at least a soma");
    }
    std::unordered_map<std::int64_t, std::size_t> at;
    for (std::size_t i = 0; i < points.size(); ++i) {
        at.emplace(points[i].id, i);
    }
    std::vector<std::vector<std::size_t>> children(points.size());
    std::size_t root = points.size();
    for (std::size_t i = 0; i < points.size(); ++i) {
        const swc_point& p = points[i];
        if (p.parent == -1) {
            if (root != points.size()) {
                fail(p, "parent",
                     fmt::format("a second root (point {}; the first is point {} on line {}): a "
                                 "cell has one",
                                 p.id, points[root].id, points[root].line));
            }
            root = i;
            continue;
        }
        const auto it = at.find(p.parent);
        if (it == at.end()) {
            fail(p, "parent",
                 fmt::format("point {} names parent {}, which is not in the file", p.id, p.parent));
        }
        children[it->second].push_back(i);
    }
    if (root == points.size()) {
        throw input_error({path, points.front().line, "parent"},
                          "no root (no point has parent -1): the parents form a cycle");
    }
    if (points[root].type != section_type::soma) {
        fail(points[root], "type",
             fmt::format("the root (point {}) is of type {}, not a soma (1)", points[root].id,
                         static_cast<int>(points[root].type)));
    }
    // Every point must hang from the root; one that does not sits on a cycle of parents.
    std::vector<bool> reached(points.size(), false);
    std::vector<std::size_t> stack{root};
    reached[root] = true;
    while (!stack.empty()) {
        const std::size_t i = stack.back();
        stack.pop_back();
        for (std::size_t c : children[i]) {
            reached[c] = true;
            stack.push_back(c);
        }
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!reached[i]) {
            fail(points[i], "parent",
                 fmt::format("point {} does not reach the root: its parents form a cycle",
                             points[i].id));
        }
        if (points[i].type == section_type::soma && i != root) {
            fail(points[i], "type",
                 fmt::format("a soma of more than one point (point {}): only single-point somas "
                             "are read, the form of the Allen Cell Types reconstructions",
                             points[i].id));
        }
    }

    // Import3d's sections: a section starts at the root or at a point whose parent ends a
    // section (a branch, or a change of type) and runs while its last point has exactly one
    // child of its own type.
    struct pending {
        std::size_t first;
        std::int32_t parent_section;
    };
    struct built {
        cable_section s;
        std::size_t first;  // file position of its first point: NEURON numbers in file order
    };
    std::vector<built> sections;
    std::vector<pending> todo{{root, -1}};
    while (!todo.empty()) {
        const pending p = todo.back();
        todo.pop_back();
        cable_section s;
        s.type = points[p.first].type;
        s.parent = p.parent_section;
        std::size_t last = p.first;
        if (s.type == section_type::soma) {
            // One point of radius r: a cylinder along x through it, length and diameter 2r
            // (Import3d's single-point soma, whose side has the area of the sphere).
            const swc_point& c = points[p.first];
            s.points = {{c.x - c.radius, c.y, c.z, 2 * c.radius},
                        {c.x, c.y, c.z, 2 * c.radius},
                        {c.x + c.radius, c.y, c.z, 2 * c.radius}};
        } else {
            const built& parent = sections[static_cast<std::size_t>(p.parent_section)];
            if (parent.s.type == section_type::soma) {
                s.parent_x = 0.5;  // wired to the soma's middle; its own points only
            } else {
                s.points.push_back(parent.s.points.back());  // the branch point, its diameter
            }
            s.points.push_back(point_of(points[p.first]));
            while (children[last].size() == 1 && points[children[last][0]].type == s.type) {
                last = children[last][0];
                s.points.push_back(point_of(points[last]));
            }
        }
        set_length(s);
        const auto index = static_cast<std::int32_t>(sections.size());
        sections.push_back({std::move(s), p.first});
        // Children are pushed in reverse so that they are taken in file order.
        for (auto c = children[last].rbegin(); c != children[last].rend(); ++c) {
            todo.push_back({*c, index});
        }
    }
    // NEURON's order: by type (soma, axon, dend, apic), then by file position within a type.
    std::vector<std::size_t> order(sections.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (sections[a].s.type != sections[b].s.type) {
            return sections[a].s.type < sections[b].s.type;
        }
        return sections[a].first < sections[b].first;
    });
    std::vector<std::int32_t> new_index(sections.size());
    for (std::size_t k = 0; k < order.size(); ++k) {
        new_index[order[k]] = static_cast<std::int32_t>(k);
    }
    morphology m;
    m.path = path;
    std::uint32_t per_type[5] = {0, 0, 0, 0, 0};
    for (std::size_t k : order) {
        cable_section s = std::move(sections[k].s);
        s.parent = s.parent < 0 ? -1 : new_index[static_cast<std::size_t>(s.parent)];
        s.index = per_type[static_cast<int>(s.type)]++;
        m.sections.push_back(std::move(s));
    }
    return m;
}

void replace_axon_with_stub(morphology& m) {
    std::vector<bool> axonal(m.sections.size(), false);
    for (std::size_t i = 0; i < m.sections.size(); ++i) {
        const cable_section& s = m.sections[i];
        const bool under_axon = s.parent >= 0 && axonal[static_cast<std::size_t>(s.parent)];
        if (under_axon && s.type != section_type::axon) {
            throw input_error({m.path, 0, "type"},
                              fmt::format("{} hangs from the axon: the perisomatic models "
                                          "replace the axon, which must then carry only axon",
                                          s.name()));
        }
        axonal[i] = s.type == section_type::axon;
    }
    std::vector<std::int32_t> new_index(m.sections.size(), -1);
    std::vector<cable_section> kept;
    for (std::size_t i = 0; i < m.sections.size(); ++i) {
        if (!axonal[i]) {
            new_index[i] = static_cast<std::int32_t>(kept.size());
            kept.push_back(std::move(m.sections[i]));
        }
    }
    for (cable_section& s : kept) {
        s.parent = s.parent < 0 ? -1 : new_index[static_cast<std::size_t>(s.parent)];
    }
    // Appended last, as bmtk appends them to the cell's section list.
    const auto soma = static_cast<std::int32_t>(
        std::find_if(kept.begin(), kept.end(),
                     [](const cable_section& s) { return s.type == section_type::soma; }) -
        kept.begin());
    cable_section stub;
    stub.type = section_type::axon;
    stub.length = 30.0;
    stub.diam = 1.0;
    stub.parent = soma;
    stub.parent_x = 0.5;
    kept.push_back(stub);
    stub.index = 1;
    stub.parent = static_cast<std::int32_t>(kept.size() - 1);
    stub.parent_x = 1.0;
    kept.push_back(stub);
    m.sections = std::move(kept);
}

void segment_by_length(morphology& m, double dl_um) {
    for (cable_section& s : m.sections) {
        s.nseg = 1 + 2 * static_cast<std::uint32_t>(std::floor(s.length / (2.0 * dl_um)));
    }
}

std::vector<segment_geometry> segments_of(const cable_section& s, double ra_ohm_cm) {
    // Megohm per (um of length / um^2 of diameter product): 4 Ra / pi, with 1e-2 for the units.
    const double r_unit = ra_ohm_cm * 4.0 * 0.01 / std::numbers::pi;
    const double ds = s.length / s.nseg;
    std::vector<segment_geometry> out(s.nseg);
    if (s.points.empty()) {  // a cylinder
        for (segment_geometry& g : out) {
            g.area_um2 = std::numbers::pi * s.diam * ds;
            g.r_near_mohm = g.r_far_mohm = r_unit * (ds / 2) / (s.diam * s.diam);
        }
        return out;
    }
    std::vector<double> arc(s.points.size(), 0.0);
    for (std::size_t k = 1; k < s.points.size(); ++k) {
        arc[k] = arc[k - 1] + distance(s.points[k - 1], s.points[k]);
    }
    // The diameter at arc length x, linear between points (the last point at and past the end).
    auto diam_at = [&](double x) {
        const auto k =
            static_cast<std::size_t>(std::upper_bound(arc.begin(), arc.end(), x) - arc.begin());
        if (k == 0) {
            return s.points.front().diam;
        }
        if (k == arc.size()) {
            return s.points.back().diam;
        }
        const double span = arc[k] - arc[k - 1];
        const double f = span > 0 ? (x - arc[k - 1]) / span : 1.0;
        return s.points[k - 1].diam + f * (s.points[k].diam - s.points[k - 1].diam);
    };
    // Area and sum of D / (d1 d2) over [a, b], through every point inside it.
    auto integrate = [&](double a, double b, double& area, double& rsum) {
        double x0 = a, y0 = diam_at(a);
        auto piece = [&](double x1, double y1) {
            const double d = x1 - x0;
            area += std::numbers::pi / 2 * (y0 + y1) * std::sqrt(d * d + (y1 - y0) * (y1 - y0) / 4);
            rsum += d / (y0 * y1);
            x0 = x1;
            y0 = y1;
        };
        for (std::size_t k = 0; k < arc.size(); ++k) {
            if (arc[k] > a && arc[k] < b) {
                piece(arc[k], s.points[k].diam);
            }
        }
        piece(b, diam_at(b));
    };
    for (std::uint32_t i = 0; i < s.nseg; ++i) {
        const double a = i * ds, mid = (i + 0.5) * ds, b = (i + 1) * ds;
        double area = 0, near = 0, far = 0;
        integrate(a, mid, area, near);
        integrate(mid, b, area, far);
        out[i] = {area, r_unit * near, r_unit * far};
    }
    return out;
}

}  // namespace brainemu
