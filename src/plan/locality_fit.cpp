// Calibrating the locality model on measured cuts (the scale-out bench's results).

#include <cmath>
#include <fstream>
#include <optional>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/input_error.hpp"
#include "plan/locality_model.hpp"

namespace brainemu::plan {
namespace {

// The partitioner whose cuts carry locality (partition tables list others beside it).
constexpr std::string_view kLocalityAwareMethod = "metis";

[[noreturn]] void fail(const std::filesystem::path& path, std::int64_t line, std::string field,
                       std::string_view problem) {
    throw input_error({path.string(), line, std::move(field)}, problem);
}

cut_point checked(const std::filesystem::path& path, std::int64_t line, double neurons_per_part,
                  double fraction) {
    if (!(neurons_per_part > 0.0) || !std::isfinite(neurons_per_part)) {
        fail(path, line, "neurons_per_partition",
             fmt::format("must be > 0, got {}", neurons_per_part));
    }
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
        fail(path, line, "cut_fraction", fmt::format("must be in [0, 1], got {}", fraction));
    }
    return {neurons_per_part, fraction};
}

std::vector<cut_point> read_json(const std::filesystem::path& path, std::istream& in) {
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        fail(path, 0, "", fmt::format("not valid JSON: {}", e.what()));
    }
    if (doc.is_object() && doc.contains("sheet_virtual")) {
        // bench/locality_curve.py's locality.json: the cortex sheet cut into contiguous (spatial)
        // parts, the synapses each part hears from other parts against its neurons, for the
        // first long-range share the file lists (one sheet: shares do not mix in one fit).
        std::vector<cut_point> out;
        const nlohmann::json& rows = doc["sheet_virtual"];
        std::optional<double> share;
        for (std::size_t i = 0; i < (rows.is_array() ? rows.size() : 0); ++i) {
            const nlohmann::json& r = rows[i];
            const std::string at = fmt::format("sheet_virtual[{}]", i);
            if (!r.is_object() || r.value("method", "") != "contiguous") {
                continue;
            }
            const double s = r.value("long_range_share", 0.0);
            if (share && s != *share) {
                continue;
            }
            share = s;
            for (const char* key : {"neurons_per_part", "synapses_from_other_parts"}) {
                if (!r.contains(key) || !r[key].is_number()) {
                    fail(path, 0, at + "." + key, "required number is missing");
                }
            }
            out.push_back(checked(path, 0, r["neurons_per_part"].get<double>(),
                                  r["synapses_from_other_parts"].get<double>()));
        }
        return out;
    }
    const nlohmann::json& rows = doc.is_object() && doc.contains("rows") ? doc["rows"] : doc;
    if (!rows.is_array()) {
        fail(path, 0, "rows", "expected an array of {neurons_per_partition, cut_fraction}");
    }
    std::vector<cut_point> out;
    bool any_method = false;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const nlohmann::json& r = rows[i];
        const std::string at = fmt::format("rows[{}]", i);
        auto number = [&](const char* key) {
            if (!r.is_object() || !r.contains(key) || !r[key].is_number()) {
                fail(path, 0, at + "." + key, "required number is missing");
            }
            return r[key].get<double>();
        };
        // Rows of a partition table (bench/partition_table.py, `brainemu partition --json`)
        // name their partitioner: only a locality-aware one's cuts say how traffic falls with
        // part size (round-robin's and contiguous ids' say nothing of locality).
        if (r.is_object() && r.contains("method") && r["method"].is_string()) {
            any_method = true;
            if (r["method"].get<std::string>() != kLocalityAwareMethod) {
                continue;
            }
        }
        // Partition tables call the number of parts k.
        const char* parts =
            r.is_object() && !r.contains("parts") && r.contains("k") ? "k" : "parts";
        const double n = r.contains("neurons_per_partition") ? number("neurons_per_partition")
                                                             : number("neurons") / number(parts);
        out.push_back(checked(path, 0, n, number("cut_fraction")));
    }
    if (any_method && out.empty()) {
        fail(path, 0, "rows",
             fmt::format("no rows of method {} (a locality-aware partitioner)",
                         kLocalityAwareMethod));
    }
    return out;
}

std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, ',')) {
        const auto b = cell.find_first_not_of(" \t\r");
        const auto e = cell.find_last_not_of(" \t\r");
        cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    return cells;
}

std::vector<cut_point> read_csv(const std::filesystem::path& path, std::istream& in) {
    std::string line;
    std::getline(in, line);
    const std::vector<std::string> header = split_csv(line);
    auto column = [&](std::string_view name) -> std::ptrdiff_t {
        for (std::size_t i = 0; i < header.size(); ++i) {
            if (header[i] == name) {
                return static_cast<std::ptrdiff_t>(i);
            }
        }
        return -1;
    };
    const auto c_fraction = column("cut_fraction");
    const auto c_per_part = column("neurons_per_partition");
    const auto c_neurons = column("neurons");
    const auto c_parts = column("parts") >= 0 ? column("parts") : column("k");
    const auto c_method = column("method");
    if (c_fraction < 0 || (c_per_part < 0 && (c_neurons < 0 || c_parts < 0))) {
        fail(path, 1, "header",
             "needs cut_fraction and neurons_per_partition (or neurons and parts, or k)");
    }
    std::vector<cut_point> out;
    bool any_method = false;
    std::int64_t line_no = 1;
    while (std::getline(in, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        const std::vector<std::string> cells = split_csv(line);
        if (c_method >= 0 && static_cast<std::size_t>(c_method) < cells.size() &&
            cells[static_cast<std::size_t>(c_method)] != kLocalityAwareMethod) {
            any_method = true;
            continue;
        }
        any_method = any_method || c_method >= 0;
        auto number = [&](std::ptrdiff_t c) {
            const std::string name = header[static_cast<std::size_t>(c)];
            if (static_cast<std::size_t>(c) >= cells.size()) {
                fail(path, line_no, name, "missing value");
            }
            const std::string& text = cells[static_cast<std::size_t>(c)];
            try {
                std::size_t used = 0;
                const double v = std::stod(text, &used);
                if (used == text.size()) {
                    return v;
                }
            } catch (const std::exception&) {
            }
            fail(path, line_no, name, fmt::format("'{}' is not a number", text));
        };
        const double n = c_per_part >= 0 ? number(c_per_part) : number(c_neurons) / number(c_parts);
        out.push_back(checked(path, line_no, n, number(c_fraction)));
    }
    if (any_method && out.empty()) {
        fail(path, 0, "method",
             fmt::format("no rows of method {} (a locality-aware partitioner)",
                         kLocalityAwareMethod));
    }
    return out;
}

}  // namespace

std::vector<cut_point> read_cut_points(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        fail(path, 0, "--locality-cuts", "cannot open the file");
    }
    std::vector<cut_point> out =
        path.extension() == ".json" ? read_json(path, in) : read_csv(path, in);
    if (out.size() < 2) {
        fail(path, 0, "--locality-cuts", "needs cuts at two or more partition sizes to fit");
    }
    return out;
}

locality_fit fit_locality(const std::vector<cut_point>& cuts, double neurons_per_mm3) {
    // f = a + b x with x = n^(-1/3), b = (1 - a) 1.5 r density^(1/3): ordinary least squares.
    // The model's cap min(1, ...) is ignored; cuts that large carry no locality anyway.
    locality_fit fit;
    fit.points = cuts.size();
    double sx = 0.0, sy = 0.0, sxx = 0.0, sxy = 0.0;
    for (const cut_point& c : cuts) {
        const double x = std::pow(c.neurons_per_partition, -1.0 / 3.0);
        sx += x;
        sy += c.cut_fraction;
        sxx += x * x;
        sxy += x * c.cut_fraction;
    }
    const double n = static_cast<double>(cuts.size());
    const double det = n * sxx - sx * sx;
    double a = sy / n;
    double b = 0.0;
    if (det > 1e-12 * n * sxx) {
        b = std::max(0.0, (n * sxy - sx * sy) / det);
        a = (sy - b * sx) / n;
    }
    a = std::clamp(a, 0.0, 0.999);
    fit.long_range_share = a;
    fit.axon_reach_mm = b / (1.0 - a) / (1.5 * std::cbrt(neurons_per_mm3));
    double sq = 0.0;
    locality_params p;
    p.long_range_share = fit.long_range_share;
    p.axon_reach_mm = fit.axon_reach_mm;
    p.neurons_per_mm3 = neurons_per_mm3;
    for (const cut_point& c : cuts) {
        const double e = model_cross_fraction(p, c.neurons_per_partition) - c.cut_fraction;
        sq += e * e;
    }
    fit.rms_error = std::sqrt(sq / n);
    return fit;
}

}  // namespace brainemu::plan
