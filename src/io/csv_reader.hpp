#pragma once
// Line-by-line CSV reading with a required header, for small text inputs (edge lists, spike
// times). Every error names the file, line and column.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/input_error.hpp"

namespace brainemu {

class csv_reader {
public:
    // Opens `path` and checks that its header has exactly `columns` (in order); a column may
    // accept several names ("weight_pA|weight_mV"), column(i) tells which one the file used.
    csv_reader(const std::filesystem::path& path, std::vector<std::string> columns);
    [[nodiscard]] const std::string& column(std::size_t i) const { return columns_[i]; }

    // Reads the next non-empty data line; false at the end of the file.
    bool next();
    [[nodiscard]] std::int64_t line() const { return line_; }
    [[nodiscard]] std::int64_t get_int(std::size_t column) const;
    [[nodiscard]] double get_double(std::size_t column) const;
    [[noreturn]] void fail(std::size_t column, std::string_view problem) const;

private:
    std::string path_;
    std::ifstream in_;
    std::vector<std::string> columns_;
    std::string text_;
    std::vector<std::string_view> fields_;
    std::int64_t line_ = 0;
};

}  // namespace brainemu
