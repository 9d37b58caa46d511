#include "io/swc_reader.hpp"

#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {

std::vector<swc_point> read_swc(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open the morphology file");
    }
    static constexpr const char* names[7] = {"id", "type", "x", "y", "z", "radius", "parent"};
    std::vector<swc_point> points;
    std::unordered_map<std::int64_t, std::int64_t> line_of_id;
    std::string text;
    std::int64_t line = 0;
    while (std::getline(in, text)) {
        ++line;
        const std::string_view body = std::string_view(text).substr(0, text.find('#'));
        std::vector<std::string_view> fields;
        for (std::size_t i = 0; i < body.size();) {
            while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i])) != 0) {
                ++i;
            }
            std::size_t j = i;
            while (j < body.size() && std::isspace(static_cast<unsigned char>(body[j])) == 0) {
                ++j;
            }
            if (j > i) {
                fields.push_back(body.substr(i, j - i));
            }
            i = j;
        }
        if (fields.empty()) {
            continue;
        }
        auto fail = [&](std::size_t f, const std::string& problem) {
            throw input_error({path.string(), line, f < 7 ? names[f] : ""}, problem);
        };
        if (fields.size() != 7) {
            fail(7, fmt::format("{} fields; an SWC line has 7: id type x y z radius parent",
                                fields.size()));
        }
        auto integer = [&](std::size_t f) {
            std::int64_t v = 0;
            const auto [end, ec] =
                std::from_chars(fields[f].data(), fields[f].data() + fields[f].size(), v);
            if (ec != std::errc() || end != fields[f].data() + fields[f].size()) {
                fail(f, fmt::format("'{}' is not an integer", fields[f]));
            }
            return v;
        };
        auto number = [&](std::size_t f) {
            double v = 0;
            const auto [end, ec] =
                std::from_chars(fields[f].data(), fields[f].data() + fields[f].size(), v);
            if (ec != std::errc() || end != fields[f].data() + fields[f].size() ||
                !std::isfinite(v)) {
                fail(f, fmt::format("'{}' is not a finite number", fields[f]));
            }
            return v;
        };
        swc_point p;
        p.line = line;
        p.id = integer(0);
        if (p.id < 1) {
            fail(0, fmt::format("id {} is below 1", p.id));
        }
        if (const auto [it, fresh] = line_of_id.emplace(p.id, line); !fresh) {
            fail(0, fmt::format("id {} is already on line {}", p.id, it->second));
        }
        const std::int64_t type = integer(1);
        if (type < 1 || type > 4) {
            fail(1, fmt::format("type {} is not one of 1 (soma), 2 (axon), 3 (basal dendrite), "
                                "4 (apical dendrite)",
                                type));
        }
        p.type = static_cast<section_type>(type);
        p.x = number(2);
        p.y = number(3);
        p.z = number(4);
        p.radius = number(5);
        if (!(p.radius > 0)) {
            fail(5, fmt::format("radius {} is not positive", fields[5]));
        }
        p.parent = integer(6);
        if (p.parent < -1) {
            fail(6, fmt::format("parent {} is below -1 (a root's parent is -1)", p.parent));
        }
        points.push_back(p);
    }
    return points;
}

morphology read_morphology(const std::filesystem::path& path) {
    return sections_from_swc(read_swc(path), path.string());
}

}  // namespace brainemu
