#include "io/import/import_options.hpp"

#include <fmt/format.h>

#include "core/closest_name.hpp"
#include "core/input_error.hpp"

namespace brainemu {

void import_options::add(std::string_view key_equals_value) {
    const auto eq = key_equals_value.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        throw input_error({"", 0, "--option"},
                          fmt::format("'{}' is not KEY=VALUE", key_equals_value));
    }
    set(std::string(key_equals_value.substr(0, eq)), std::string(key_equals_value.substr(eq + 1)));
}

void import_options::set(std::string key, std::string value) {
    for (auto& [k, v] : values_) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    values_.emplace_back(std::move(key), std::move(value));
}

std::optional<std::string> import_options::get(std::string_view key) const {
    asked_.emplace(key);
    for (const auto& [k, v] : values_) {
        if (k == key) {
            return v;
        }
    }
    return std::nullopt;
}

std::string import_options::get_or(std::string_view key, std::string_view fallback) const {
    auto v = get(key);
    return v ? *v : std::string(fallback);
}

bool import_options::flag(std::string_view key, bool fallback) const {
    const auto v = get(key);
    if (!v) {
        return fallback;
    }
    if (*v == "true" || *v == "yes" || *v == "1") {
        return true;
    }
    if (*v == "false" || *v == "no" || *v == "0") {
        return false;
    }
    throw input_error({"", 0, fmt::format("--option {}", key)},
                      fmt::format("'{}' is not true or false", *v));
}

void import_options::check_all_used(std::string_view format) const {
    for (const auto& [k, v] : values_) {
        if (!asked_.contains(k)) {
            const std::vector<std::string> known(asked_.begin(), asked_.end());
            throw input_error(
                {"", 0, "--option"},
                unknown_name_message(fmt::format("option for format '{}'", format), k, known));
        }
    }
}

}  // namespace brainemu
