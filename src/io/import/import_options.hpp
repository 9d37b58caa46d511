#pragma once
// KEY=VALUE options for an importer. The importer asks for the keys it knows; any key left
// unasked is a typo, reported with the closest known key.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace brainemu {

class import_options {
public:
    import_options() = default;
    explicit import_options(std::vector<std::pair<std::string, std::string>> values)
        : values_(std::move(values)) {}
    // Parses "KEY=VALUE"; throws input_error (field "--option") otherwise.
    void add(std::string_view key_equals_value);
    void set(std::string key, std::string value);

    [[nodiscard]] std::optional<std::string> get(std::string_view key) const;
    [[nodiscard]] std::string get_or(std::string_view key, std::string_view fallback) const;
    // true/false/yes/no/1/0; throws input_error for anything else.
    [[nodiscard]] bool flag(std::string_view key, bool fallback) const;
    [[nodiscard]] const std::vector<std::pair<std::string, std::string>>& values() const {
        return values_;
    }
    // Throws input_error naming an option that no get() asked for, with a suggestion.
    void check_all_used(std::string_view format) const;

private:
    std::vector<std::pair<std::string, std::string>> values_;
    mutable std::set<std::string, std::less<>> asked_;
};

}  // namespace brainemu
