#include "io/sonata/sonata_types.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

std::vector<std::string> split_fields(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    std::string field;
    while (in >> field) {
        out.push_back(field);
    }
    return out;
}

}  // namespace

sonata_type_table sonata_type_table::read(const std::filesystem::path& path,
                                          const std::string& id_column) {
    std::ifstream in(path);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open file");
    }
    sonata_type_table t;
    t.path_ = path;
    std::string line;
    std::int64_t line_no = 0;
    std::size_t id_at = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        std::vector<std::string> fields = split_fields(line);
        if (fields.empty()) {
            continue;
        }
        if (t.columns_.empty()) {
            t.columns_ = std::move(fields);
            const auto it = std::find(t.columns_.begin(), t.columns_.end(), id_column);
            if (it == t.columns_.end()) {
                throw input_error({path.string(), line_no, ""},
                                  fmt::format("header has no column '{}' (columns are separated "
                                              "by spaces)",
                                              id_column));
            }
            id_at = static_cast<std::size_t>(it - t.columns_.begin());
            continue;
        }
        if (fields.size() != t.columns_.size()) {
            throw input_error(
                {path.string(), line_no, ""},
                fmt::format("{} fields, the header has {}", fields.size(), t.columns_.size()));
        }
        std::int64_t id = 0;
        const std::string& s = fields[id_at];
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
        if (ec != std::errc() || end != s.data() + s.size()) {
            throw input_error({path.string(), line_no, "column '" + id_column + "'"},
                              fmt::format("'{}' is not an integer", s));
        }
        if (t.rows_.contains(id)) {
            throw input_error({path.string(), line_no, "column '" + id_column + "'"},
                              fmt::format("type {} is listed twice", id));
        }
        t.rows_[id] = std::move(fields);
        t.line_of_[id] = line_no;
    }
    if (t.columns_.empty()) {
        throw input_error({path.string(), 0, ""}, "empty file: no header");
    }
    return t;
}

bool sonata_type_table::has_column(const std::string& column) const {
    return std::find(columns_.begin(), columns_.end(), column) != columns_.end();
}

std::optional<std::string> sonata_type_table::value(std::int64_t id,
                                                    const std::string& column) const {
    const auto row = rows_.find(id);
    const auto col = std::find(columns_.begin(), columns_.end(), column);
    if (row == rows_.end() || col == columns_.end()) {
        return std::nullopt;
    }
    const std::string& v = row->second[static_cast<std::size_t>(col - columns_.begin())];
    if (v == "NULL") {
        return std::nullopt;
    }
    return v;
}

std::optional<double> sonata_type_table::number(std::int64_t id, const std::string& column) const {
    const auto v = value(id, column);
    if (!v) {
        return std::nullopt;
    }
    double x = 0.0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), x);
    if (ec != std::errc() || end != v->data() + v->size()) {
        throw input_error({path_.string(), line_of_.at(id), "column '" + column + "'"},
                          fmt::format("'{}' is not a number", *v));
    }
    return x;
}

std::vector<std::int64_t> sonata_type_table::ids() const {
    std::vector<std::int64_t> out;
    for (const auto& [id, row] : rows_) {
        out.push_back(id);
    }
    return out;
}

}  // namespace brainemu
