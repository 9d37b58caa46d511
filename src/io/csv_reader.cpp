#include "io/csv_reader.hpp"

#include <charconv>

#include <fmt/format.h>

namespace brainemu {
namespace {

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::vector<std::string_view> split(std::string_view line) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        out.push_back(trim(line.substr(start, comma - start)));
        if (comma == std::string_view::npos) {
            return out;
        }
        start = comma + 1;
    }
}

}  // namespace

csv_reader::csv_reader(const std::filesystem::path& path, std::vector<std::string> columns)
    : path_(path.string()), in_(path), columns_(std::move(columns)) {
    // A directory opens as a stream that reads nothing ("file is empty" misled).
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw input_error({path_, 0, ""}, "is a directory, not a CSV file");
    }
    if (!in_) {
        throw input_error({path_, 0, ""}, "cannot open file");
    }
    if (!std::getline(in_, text_)) {
        throw input_error({path_, 1, ""}, "file is empty; expected a header line");
    }
    line_ = 1;
    const auto header = split(text_);
    bool ok = header.size() == columns_.size();
    for (std::size_t i = 0; ok && i < header.size(); ++i) {
        ok = false;
        std::string_view names = columns_[i];
        while (!ok) {
            const auto bar = names.find('|');
            ok = header[i] == names.substr(0, bar);
            if (bar == std::string_view::npos) {
                break;
            }
            names.remove_prefix(bar + 1);
        }
        if (ok) {
            columns_[i] = std::string(header[i]);
        }
    }
    if (!ok) {
        std::string want;
        for (const auto& c : columns_) {
            want += want.empty() ? c : "," + c;
        }
        throw input_error({path_, 1, ""},
                          fmt::format("header is '{}'; expected '{}'", trim(text_), want));
    }
}

bool csv_reader::next() {
    while (std::getline(in_, text_)) {
        ++line_;
        if (trim(text_).empty()) {
            continue;
        }
        fields_ = split(text_);
        if (fields_.size() != columns_.size()) {
            throw input_error({path_, line_, ""}, fmt::format("has {} fields; expected {}",
                                                              fields_.size(), columns_.size()));
        }
        return true;
    }
    return false;
}

void csv_reader::fail(std::size_t column, std::string_view problem) const {
    throw input_error({path_, line_, fmt::format("column '{}'", columns_[column])}, problem);
}

std::int64_t csv_reader::get_int(std::size_t column) const {
    const std::string_view f = fields_[column];
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || end != f.data() + f.size()) {
        fail(column, fmt::format("'{}' is not an integer", f));
    }
    return v;
}

double csv_reader::get_double(std::size_t column) const {
    const std::string_view f = fields_[column];
    double v = 0;
    const auto [end, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
    if (ec != std::errc() || end != f.data() + f.size()) {
        fail(column, fmt::format("'{}' is not a number", f));
    }
    return v;
}

}  // namespace brainemu
