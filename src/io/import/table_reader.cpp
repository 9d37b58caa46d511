#include "io/import/table_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

// A record longer than this is a missing closing quote, not data; stop before memory runs out.
constexpr std::size_t max_record_bytes = std::size_t{1} << 20;

// Whether text that follows the inside of a quoted field ends it: a quote that is not
// doubled ("" is a literal quote).
bool closes_open_field(std::string_view text) {
    for (std::size_t j = 0; j < text.size(); ++j) {
        if (text[j] == '"') {
            if (j + 1 < text.size() && text[j + 1] == '"') {
                ++j;
                continue;
            }
            return true;
        }
    }
    return false;
}

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

delimiter_kind detect(std::string_view first_line) {
    if (first_line.find('\t') != std::string_view::npos) {
        return delimiter_kind::tab;
    }
    if (first_line.find(',') != std::string_view::npos) {
        return delimiter_kind::comma;
    }
    if (trim(first_line).find(' ') != std::string_view::npos) {
        return delimiter_kind::spaces;
    }
    return delimiter_kind::comma;
}

bool looks_numeric(std::string_view s) {
    if (s.empty()) {
        return false;
    }
    double v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc{} && end == s.data() + s.size();
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += out.empty() ? "" : ", ";
        out += n.empty() ? "'' (blank)" : fmt::format("'{}'", n);
    }
    return out.empty() ? "none" : out;
}

}  // namespace

table_reader::table_reader(const std::filesystem::path& path, table_options options)
    : path_(path.string()),
      source_(open_byte_source(path)),
      buffer_(1 << 16),
      delimiter_(options.delimiter) {
    if (!read_record()) {
        throw input_error({path_, 1, ""}, options.header ? "empty file: expected a header line"
                                                         : "empty file: no data");
    }
    if (options.header) {
        columns_.assign(unquoted_.begin(),
                        unquoted_.begin() + static_cast<std::ptrdiff_t>(fields_.size()));
        pending_ = false;
    } else {
        columns_ = std::move(options.column_names);
        if (columns_.empty()) {
            for (std::size_t i = 0; i < fields_.size(); ++i) {
                columns_.push_back(fmt::format("column {}", i + 1));
            }
        }
        pending_ = true;
        check_width();
    }
}

bool table_reader::read_physical_line(std::string& out) {
    out.clear();
    bool any = false;
    while (true) {
        if (buffer_pos_ == buffer_end_) {
            if (eof_) {
                break;
            }
            buffer_end_ = source_->read(buffer_.data(), buffer_.size());
            buffer_pos_ = 0;
            if (buffer_end_ == 0) {
                eof_ = true;
                break;
            }
        }
        const char* begin = buffer_.data() + buffer_pos_;
        const char* end = buffer_.data() + buffer_end_;
        // The '\n' of a "\r\n" whose '\r' ended the previous line (across a buffer refill).
        if (after_cr_) {
            after_cr_ = false;
            if (*begin == '\n') {
                ++buffer_pos_;
                continue;
            }
        }
        any = true;
        // A line ends at '\n', "\r\n" or a lone '\r' (classic Mac OS files): memchr for each,
        // the second only up to the first, so a line is scanned at memchr's speed.
        const auto span = static_cast<std::size_t>(end - begin);
        const auto* lf = static_cast<const char*>(std::memchr(begin, '\n', span));
        const auto* cr = static_cast<const char*>(
            std::memchr(begin, '\r', static_cast<std::size_t>((lf != nullptr ? lf : end) - begin)));
        const char* nl = cr != nullptr ? cr : lf != nullptr ? lf : end;
        out.append(begin, nl);
        if (nl == end) {
            buffer_pos_ = buffer_end_;
        } else {
            buffer_pos_ += static_cast<std::size_t>(nl - begin) + 1;
            after_cr_ = *nl == '\r';
            break;
        }
        if (out.size() > max_record_bytes) {
            throw input_error({path_, next_line_, ""},
                              fmt::format("line is longer than {} bytes", max_record_bytes));
        }
    }
    if (any) {
        ++next_line_;
    }
    return any;
}

// Reads physical lines until they form one complete record (a quoted field may hold line
// breaks), then splits it. Skips blank lines.
bool table_reader::read_record() {
    std::string piece;
    while (true) {
        const std::int64_t first = next_line_;
        if (!read_physical_line(record_)) {
            return false;
        }
        if (first == 1 && record_.starts_with("\xEF\xBB\xBF")) {
            record_.erase(0, 3);
        }
        if (trim(record_).empty()) {
            continue;
        }
        line_ = first;
        if (delimiter_ == delimiter_kind::detect) {
            delimiter_ = detect(record_);
        }
        bool complete = split(record_, 0, 0);
        while (!complete) {
            if (!read_physical_line(piece) || record_.size() > max_record_bytes) {
                throw input_error({path_, line_, ""}, "a quoted field is never closed");
            }
            const std::size_t scanned = record_.size();
            record_ += '\n';
            record_ += piece;
            // The open field can only end at a quote of the new line that is not one of a
            // doubled pair; split again only then, and from that field on: a field that never
            // closes costs one pass over its text, not one per line (that was quadratic).
            complete = closes_open_field(std::string_view(record_).substr(scanned)) &&
                       split(record_, resume_field_, resume_pos_);
        }
        return true;
    }
}

// False when the record ends inside a quoted field (the caller appends the next line and
// calls again from that field: resume_field_, resume_pos_). Fields before `first_field` are
// the ones an earlier call already split.
bool table_reader::split(std::string_view r, std::size_t first_field, std::size_t from) {
    const char delim = delimiter_ == delimiter_kind::tab ? '\t' : ',';
    const bool spaces = delimiter_ == delimiter_kind::spaces;
    auto is_delim = [&](char c) { return spaces ? is_blank(c) : c == delim; };
    auto skip_pad = [&](std::size_t& i) {
        while (i < r.size() && (r[i] == ' ' || (r[i] == '\t' && delim != '\t'))) {
            ++i;
        }
    };
    std::size_t n = first_field;
    std::size_t i = from;
    skip_pad(i);
    while (true) {
        if (n == unquoted_.size()) {
            unquoted_.emplace_back();
        }
        const std::size_t field_begin = i;
        std::string& field = unquoted_[n++];
        field.clear();
        skip_pad(i);
        if (i < r.size() && r[i] == '"') {
            ++i;
            while (true) {
                if (i >= r.size()) {
                    resume_field_ = n - 1;
                    resume_pos_ = field_begin;
                    return false;
                }
                if (r[i] == '"') {
                    if (i + 1 < r.size() && r[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += r[i++];
            }
            skip_pad(i);
            if (i < r.size() && !is_delim(r[i])) {
                throw input_error({path_, line_, column_name(n - 1)},
                                  "unexpected text after a closing quote");
            }
        } else {
            const std::size_t start = i;
            while (i < r.size() && !is_delim(r[i])) {
                ++i;
            }
            field = trim(r.substr(start, i - start));
        }
        if (spaces) {
            skip_pad(i);
            if (i >= r.size()) {
                break;
            }
        } else {
            if (i >= r.size()) {
                break;
            }
            ++i;  // the delimiter
        }
    }
    fields_.assign(unquoted_.begin(), unquoted_.begin() + static_cast<std::ptrdiff_t>(n));
    return true;
}

std::string table_reader::column_name(std::size_t column) const {
    if (column < columns_.size() && !columns_[column].empty()) {
        return columns_[column];
    }
    return fmt::format("column {}", column + 1);
}

void table_reader::check_width() const {
    if (fields_.size() < columns_.size()) {
        throw input_error({path_, line_, ""},
                          fmt::format("truncated line: {} field(s), expected {} ({})",
                                      fields_.size(), columns_.size(), quoted_list(columns_)));
    }
    if (fields_.size() > columns_.size()) {
        throw input_error({path_, line_, ""},
                          fmt::format("{} fields, expected {} ({}); a missing line break or an "
                                      "unquoted delimiter inside a field?",
                                      fields_.size(), columns_.size(), quoted_list(columns_)));
    }
}

bool table_reader::next() {
    if (pending_) {
        pending_ = false;
        return true;
    }
    if (!read_record()) {
        return false;
    }
    check_width();
    return true;
}

std::optional<std::size_t> table_reader::find_column(std::string_view name) const {
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        if (columns_[i] == name) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t table_reader::column(std::string_view name) const {
    return column_of({name});
}

std::size_t table_reader::column_of(const std::vector<std::string_view>& names) const {
    for (const auto name : names) {
        if (const auto i = find_column(name)) {
            return *i;
        }
    }
    std::string wanted;
    for (const auto name : names) {
        wanted += wanted.empty() ? "" : " or ";
        wanted += fmt::format("'{}'", name);
    }
    bool all_numeric = !columns_.empty();
    for (const auto& c : columns_) {
        all_numeric = all_numeric && looks_numeric(c);
    }
    throw input_error(
        {path_, 1, std::string(names.empty() ? "" : names.front())},
        fmt::format(
            "no column {}; columns present: {}{}", wanted, quoted_list(columns_),
            all_numeric ? " (the first line looks like data: is the header missing?)" : ""));
}

std::int64_t table_reader::integer(std::size_t column) const {
    const std::string_view s = fields_[column];
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc::result_out_of_range) {
        fail(column, fmt::format("'{}' is out of the range of a 64-bit integer", s));
    }
    if (ec != std::errc{} || end != s.data() + s.size()) {
        fail(column, s.empty() ? std::string("empty; expected an integer")
                               : fmt::format("'{}' is not an integer", s));
    }
    return v;
}

std::uint32_t table_reader::count(std::size_t column) const {
    const std::string_view s = fields_[column];
    constexpr auto max = std::numeric_limits<std::uint32_t>::max();
    std::int64_t v = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        double d = 0;
        const auto [dend, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
        if (dec != std::errc{} || dend != s.data() + s.size() || !std::isfinite(d)) {
            fail(column, s.empty() ? std::string("empty; expected a synapse count")
                                   : fmt::format("'{}' is not a number", s));
        }
        if (d < 0) {
            fail(column, fmt::format("negative synapse count {}: must be >= 0", s));
        }
        if (d != std::floor(d) || d > static_cast<double>(max)) {
            fail(column, fmt::format("'{}' is not a whole synapse count", s));
        }
        return static_cast<std::uint32_t>(d);
    }
    if (v < 0) {
        fail(column, fmt::format("negative synapse count {}: must be >= 0", s));
    }
    if (v > static_cast<std::int64_t>(max)) {
        fail(column, fmt::format("synapse count {} is too large (at most {})", s, max));
    }
    return static_cast<std::uint32_t>(v);
}

double table_reader::real(std::size_t column) const {
    const std::string_view s = fields_[column];
    double d = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec != std::errc{} || end != s.data() + s.size() || !std::isfinite(d)) {
        fail(column, fmt::format("'{}' is not a number", s));
    }
    return d;
}

void table_reader::fail(std::size_t column, std::string_view problem) const {
    throw input_error({path_, line_, column_name(column)}, problem);
}

void table_reader::fail(std::string_view problem) const {
    throw input_error({path_, line_, ""}, problem);
}

}  // namespace brainemu
