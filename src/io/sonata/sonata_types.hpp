#pragma once
// SONATA node and edge type tables: CSV files separated by spaces (the spec's and every
// example's choice; runs of spaces or tabs count as one separator), a header naming the
// columns, one row per type id. "NULL" means absent, as in the spec.

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace brainemu {

class sonata_type_table {
public:
    // Reads the file; `id_column` is "node_type_id" or "edge_type_id". Throws input_error
    // naming the file, line and column of a problem.
    [[nodiscard]] static sonata_type_table read(const std::filesystem::path& path,
                                                const std::string& id_column);

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    [[nodiscard]] bool has_type(std::int64_t id) const { return rows_.contains(id); }
    [[nodiscard]] bool has_column(const std::string& column) const;
    // The value of `column` for type `id`; nullopt if the column or the value is absent.
    [[nodiscard]] std::optional<std::string> value(std::int64_t id,
                                                   const std::string& column) const;
    // A numeric value; nullopt if absent; input_error if present but not a number.
    [[nodiscard]] std::optional<double> number(std::int64_t id, const std::string& column) const;
    [[nodiscard]] std::vector<std::int64_t> ids() const;

private:
    std::filesystem::path path_;
    std::vector<std::string> columns_;
    std::map<std::int64_t, std::vector<std::string>> rows_;
    std::map<std::int64_t, std::int64_t> line_of_;
};

}  // namespace brainemu
