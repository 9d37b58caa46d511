#include "report/table_files.hpp"

#include <charconv>
#include <fstream>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu::report {
namespace {

struct csv_file {
    std::filesystem::path path;
    std::ifstream in;
    std::int64_t line_no = 0;

    explicit csv_file(std::filesystem::path p) : path(std::move(p)), in(path) {
        if (!in) {
            throw input_error({path.string(), 0, ""}, "cannot open the file");
        }
    }
    // The next line that is neither empty nor a '#' comment; false at the end.
    bool next(std::string& line) {
        while (std::getline(in, line)) {
            ++line_no;
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            if (!line.empty() && line.front() != '#') {
                return true;
            }
        }
        return false;
    }
    [[noreturn]] void fail(std::string_view field, std::string_view problem) const {
        throw input_error({path.string(), line_no, std::string(field)}, problem);
    }
    void expect_header(std::string_view header) {
        std::string line;
        if (!next(line) || line != header) {
            fail("", fmt::format("expected the header '{}'", header));
        }
    }
    // True for the first header, false for the second; anything else fails.
    bool header_is(std::string_view first, std::string_view second) {
        std::string line;
        if (next(line) && (line == first || line == second)) {
            return line == first;
        }
        fail("", fmt::format("expected the header '{}' or '{}'", first, second));
    }
    template <class T>
    T number(const std::string& text, std::string_view column) const {
        T v{};
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) {
            fail(fmt::format("column '{}'", column), fmt::format("'{}' is not a number", text));
        }
        return v;
    }
};

}  // namespace

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return fields;
}

std::vector<population_row> read_rates_csv(const std::filesystem::path& path) {
    csv_file f(path);
    // A fifth column, reference_rate_hz, where some population has a published rate.
    const bool reference = f.header_is("population,neurons,spikes,rate_hz,reference_rate_hz",
                                       "population,neurons,spikes,rate_hz");
    const std::size_t columns = reference ? 5 : 4;
    std::vector<population_row> rows;
    std::string line;
    while (f.next(line)) {
        const auto cells = split_csv_line(line);
        if (cells.size() != columns) {
            f.fail("",
                   fmt::format("{} fields; rows of this rates.csv have {}", cells.size(), columns));
        }
        population_row row{cells[0], f.number<std::uint32_t>(cells[1], "neurons"),
                           f.number<std::uint64_t>(cells[2], "spikes"),
                           f.number<double>(cells[3], "rate_hz")};
        if (reference && !cells[4].empty()) {
            row.reference_hz = f.number<double>(cells[4], "reference_rate_hz");
        }
        rows.push_back(row);
    }
    return rows;
}

std::vector<trial_row> read_trials_csv(const std::filesystem::path& path) {
    csv_file f(path);
    f.expect_header("neuron,id,name,mean_rate_hz,sd_rate_hz,min_rate_hz,max_rate_hz");
    std::vector<trial_row> rows;
    std::string line;
    while (f.next(line)) {
        const auto c = split_csv_line(line);
        if (c.size() != 7) {
            f.fail("", fmt::format("{} fields; trials.csv rows have 7", c.size()));
        }
        rows.push_back({f.number<std::uint32_t>(c[0], "neuron"), c[1], c[2],
                        f.number<double>(c[3], "mean_rate_hz"),
                        f.number<double>(c[4], "sd_rate_hz"), f.number<double>(c[5], "min_rate_hz"),
                        f.number<double>(c[6], "max_rate_hz")});
    }
    return rows;
}

}  // namespace brainemu::report
