#pragma once
// Delimited text tables for the importers: comma, tab or runs of spaces (given or detected from
// the first line), RFC 4180 quotes, a UTF-8 byte-order mark skipped, unquoted fields trimmed,
// .gz/.zst read transparently. Every error is an input_error naming file, line and column.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/import/byte_source.hpp"

namespace brainemu {

enum class delimiter_kind { detect, comma, tab, spaces };

struct table_options {
    delimiter_kind delimiter = delimiter_kind::detect;
    bool header = true;
    // Names for a file without a header (and for error messages); with a header, unused.
    std::vector<std::string> column_names;
};

class table_reader {
public:
    // Opens the file and reads the header. Throws input_error for an unreadable or empty file.
    table_reader(const std::filesystem::path& path, table_options options);

    [[nodiscard]] const std::vector<std::string>& columns() const { return columns_; }
    // The column with this name (the first of `names` present); throws input_error listing the
    // columns present when none is.
    [[nodiscard]] std::size_t column(std::string_view name) const;
    [[nodiscard]] std::size_t column_of(const std::vector<std::string_view>& names) const;
    [[nodiscard]] std::optional<std::size_t> find_column(std::string_view name) const;

    // Reads the next record, skipping blank lines; false at the end. Throws input_error for a
    // record with another number of fields than the header, or an unterminated quote.
    bool next();

    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] std::int64_t line() const { return line_; }  // first line of the record
    [[nodiscard]] std::string_view text(std::size_t column) const { return fields_[column]; }
    // A decimal integer, exactly (18-digit ids never pass through double).
    [[nodiscard]] std::int64_t integer(std::size_t column) const;
    // A synapse count >= 0: an integer, or a whole number written as a decimal ("9.0").
    [[nodiscard]] std::uint32_t count(std::size_t column) const;
    [[nodiscard]] double real(std::size_t column) const;
    [[noreturn]] void fail(std::size_t column, std::string_view problem) const;
    [[noreturn]] void fail(std::string_view problem) const;

private:
    bool read_physical_line(std::string& out);
    bool read_record();
    bool split(std::string_view record, std::size_t first_field, std::size_t from);
    void check_width() const;
    [[nodiscard]] std::string column_name(std::size_t column) const;

    std::string path_;
    std::unique_ptr<byte_source> source_;
    std::vector<char> buffer_;
    std::size_t buffer_pos_ = 0, buffer_end_ = 0;
    bool eof_ = false;
    bool after_cr_ = false;       // the last line ended at a '\r': skip a '\n' that follows
    std::int64_t next_line_ = 1;  // number of the next physical line

    delimiter_kind delimiter_;
    std::vector<std::string> columns_;
    std::string record_;
    std::vector<std::string> unquoted_;  // field storage, reused between records
    // Where the quoted field left open by the last split began: its index and position.
    std::size_t resume_field_ = 0, resume_pos_ = 0;
    std::vector<std::string_view> fields_;
    bool pending_ = false;  // a header-less file's first record, read to count its fields
    std::int64_t line_ = 0;
};

}  // namespace brainemu
