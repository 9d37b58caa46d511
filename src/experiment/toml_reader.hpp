#pragma once
// Reads one TOML table of an experiment with typed getters that (1) name the file, line and
// dotted field in every error and (2) refuse fields nobody read (misspellings), with a
// suggestion of the closest known field.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "core/input_error.hpp"

namespace brainemu {

class toml_reader {
public:
    toml_reader(std::string path, std::string prefix, const toml::table& table);

    [[nodiscard]] bool has(std::string_view key) const;
    [[nodiscard]] double get_double(std::string_view key, std::optional<double> fallback = {});
    [[nodiscard]] std::int64_t get_int(std::string_view key,
                                       std::optional<std::int64_t> fallback = {});
    [[nodiscard]] bool get_bool(std::string_view key, std::optional<bool> fallback = {});
    [[nodiscard]] std::string get_string(std::string_view key,
                                         std::optional<std::string> fallback = {});
    [[nodiscard]] std::vector<double> get_doubles(std::string_view key);
    // A file path, relative to the experiment file `base`, made absolute so that config.toml
    // can be run again from anywhere.
    [[nodiscard]] std::filesystem::path get_path(std::string_view key,
                                                 const std::filesystem::path& base);
    [[nodiscard]] std::vector<std::int64_t> get_ints(std::string_view key);
    [[nodiscard]] std::vector<std::string> get_strings(std::string_view key);

    // A sub-table, read by its own reader (marked as known here).
    [[nodiscard]] toml_reader table(std::string_view key);
    [[nodiscard]] bool has_table(std::string_view key) const;
    // An array of tables ([[key]]), each read by its own reader named key[i]; none: empty.
    [[nodiscard]] std::vector<toml_reader> tables(std::string_view key);
    // Like table(), but an absent table reads as empty (its fields take their defaults).
    [[nodiscard]] toml_reader table_or_empty(std::string_view key);
    // Every key of the table, each marked as known (for free-form tables such as labels).
    [[nodiscard]] std::vector<std::string> keys();

    // The node itself (null if absent), to copy a table as written.
    [[nodiscard]] const toml::node* raw(std::string_view key) const { return table_.get(key); }
    // Marks a key as read by someone else.
    void accept(std::string_view key) { known_.emplace(key); }
    // Throws for any key that no getter asked for.
    void finish() const;

    [[nodiscard]] input_location where(std::string_view key = {}) const;
    [[nodiscard]] const std::string& path() const { return path_; }
    [[nodiscard]] const std::string& prefix() const { return prefix_; }
    [[noreturn]] void fail(std::string_view key, std::string_view problem) const;

private:
    const toml::node* find(std::string_view key);
    [[noreturn]] void type_error(std::string_view key, std::string_view expected) const;

    std::string path_, prefix_;
    const toml::table& table_;
    std::set<std::string, std::less<>> known_;
};

}  // namespace brainemu
