#include "experiment/toml_reader.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/closest_name.hpp"

namespace brainemu {

toml_reader::toml_reader(std::string path, std::string prefix, const toml::table& table)
    : path_(std::move(path)), prefix_(std::move(prefix)), table_(table) {}

input_location toml_reader::where(std::string_view key) const {
    input_location at{path_, 0, prefix_};
    if (!key.empty()) {
        at.field = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
        if (const toml::node* n = table_.get(key)) {
            // Values given with --set come from no file line.
            if (n->source().path == nullptr) {
                return at;
            }
            at.line = n->source().begin.line;
        }
    }
    if (at.line == 0 && table_.source().path != nullptr) {
        at.line = table_.source().begin.line;
    }
    return at;
}

void toml_reader::fail(std::string_view key, std::string_view problem) const {
    throw input_error(where(key), problem);
}

void toml_reader::type_error(std::string_view key, std::string_view expected) const {
    const toml::node* n = table_.get(key);
    std::string got = "nothing";
    if (n != nullptr) {
        switch (n->type()) {
            case toml::node_type::string:
                got = "a string";
                break;
            case toml::node_type::integer:
                got = "an integer";
                break;
            case toml::node_type::floating_point:
                got = "a float";
                break;
            case toml::node_type::boolean:
                got = "a boolean";
                break;
            case toml::node_type::array:
                got = "an array";
                break;
            case toml::node_type::table:
                got = "a table";
                break;
            default:
                got = "a date or time";
                break;
        }
    }
    fail(key, fmt::format("must be {}, got {}", expected, got));
}

bool toml_reader::has(std::string_view key) const {
    return table_.contains(key);
}

const toml::node* toml_reader::find(std::string_view key) {
    known_.emplace(key);
    return table_.get(key);
}

double toml_reader::get_double(std::string_view key, std::optional<double> fallback) {
    const toml::node* n = find(key);
    if (n == nullptr) {
        if (!fallback) {
            fail(key, "required field is missing");
        }
        return *fallback;
    }
    double v;
    if (const auto f = n->value_exact<double>()) {
        v = *f;
    } else if (const auto i = n->value_exact<std::int64_t>()) {
        v = static_cast<double>(*i);
    } else {
        type_error(key, "a number");
    }
    if (!std::isfinite(v)) {
        fail(key, "must be a finite number (TOML's nan and inf are not allowed here)");
    }
    return v;
}

std::int64_t toml_reader::get_int(std::string_view key, std::optional<std::int64_t> fallback) {
    const toml::node* n = find(key);
    if (n == nullptr) {
        if (!fallback) {
            fail(key, "required field is missing");
        }
        return *fallback;
    }
    const auto i = n->value_exact<std::int64_t>();
    if (!i) {
        type_error(key, "an integer");
    }
    return *i;
}

bool toml_reader::get_bool(std::string_view key, std::optional<bool> fallback) {
    const toml::node* n = find(key);
    if (n == nullptr) {
        if (!fallback) {
            fail(key, "required field is missing");
        }
        return *fallback;
    }
    const auto b = n->value_exact<bool>();
    if (!b) {
        type_error(key, "true or false");
    }
    return *b;
}

std::string toml_reader::get_string(std::string_view key, std::optional<std::string> fallback) {
    const toml::node* n = find(key);
    if (n == nullptr) {
        if (!fallback) {
            fail(key, "required field is missing");
        }
        return *fallback;
    }
    const auto s = n->value_exact<std::string>();
    if (!s) {
        type_error(key, "a string");
    }
    return *s;
}

std::filesystem::path toml_reader::get_path(std::string_view key,
                                            const std::filesystem::path& base) {
    std::filesystem::path p = get_string(key);
    if (p.is_relative()) {
        p = base.parent_path() / p;
    }
    p = std::filesystem::absolute(p).lexically_normal();
    return p;
}

std::vector<double> toml_reader::get_doubles(std::string_view key) {
    const toml::node* n = find(key);
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (arr == nullptr) {
        n ? type_error(key, "an array of numbers") : fail(key, "required field is missing");
    }
    std::vector<double> out;
    for (const toml::node& e : *arr) {
        if (const auto f = e.value_exact<double>()) {
            if (!std::isfinite(*f)) {
                fail(key, "must hold finite numbers (TOML's nan and inf are not allowed here)");
            }
            out.push_back(*f);
        } else if (const auto i = e.value_exact<std::int64_t>()) {
            out.push_back(static_cast<double>(*i));
        } else {
            type_error(key, "an array of numbers");
        }
    }
    return out;
}

std::vector<std::int64_t> toml_reader::get_ints(std::string_view key) {
    const toml::node* n = find(key);
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (arr == nullptr) {
        n ? type_error(key, "an array of integers") : fail(key, "required field is missing");
    }
    std::vector<std::int64_t> out;
    for (const toml::node& e : *arr) {
        const auto i = e.value_exact<std::int64_t>();
        if (!i) {
            type_error(key, "an array of integers");
        }
        out.push_back(*i);
    }
    return out;
}

std::vector<std::string> toml_reader::get_strings(std::string_view key) {
    const toml::node* n = find(key);
    const toml::array* arr = n ? n->as_array() : nullptr;
    if (arr == nullptr) {
        n ? type_error(key, "an array of strings") : fail(key, "required field is missing");
    }
    std::vector<std::string> out;
    for (const toml::node& e : *arr) {
        const auto v = e.value_exact<std::string>();
        if (!v) {
            type_error(key, "an array of strings");
        }
        out.push_back(*v);
    }
    return out;
}

bool toml_reader::has_table(std::string_view key) const {
    const toml::node* n = table_.get(key);
    return n != nullptr && n->is_table();
}

toml_reader toml_reader::table(std::string_view key) {
    const toml::node* n = find(key);
    if (n == nullptr || !n->is_table()) {
        n ? type_error(key, "a table") : fail(key, "required table is missing");
    }
    const std::string sub = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    return toml_reader(path_, sub, *n->as_table());
}

std::vector<toml_reader> toml_reader::tables(std::string_view key) {
    std::vector<toml_reader> out;
    const toml::node* n = find(key);
    if (n == nullptr) {
        return out;
    }
    const toml::array* arr = n->as_array();
    if (arr == nullptr || !arr->is_array_of_tables()) {
        type_error(key, "an array of tables ([[" + where(key).field + "]])");
    }
    const std::string sub = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    for (std::size_t i = 0; i < arr->size(); ++i) {
        out.emplace_back(path_, fmt::format("{}[{}]", sub, i), *arr->get(i)->as_table());
    }
    return out;
}

toml_reader toml_reader::table_or_empty(std::string_view key) {
    if (table_.contains(key)) {
        return table(key);
    }
    static const toml::table empty;
    known_.emplace(key);
    const std::string sub = prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key);
    return toml_reader(path_, sub, empty);
}

std::vector<std::string> toml_reader::keys() {
    std::vector<std::string> out;
    for (const auto& [k, v] : table_) {
        (void)v;  // only the keys
        out.emplace_back(k.str());
        known_.emplace(k.str());
    }
    return out;
}

void toml_reader::finish() const {
    std::vector<std::string> known(known_.begin(), known_.end());
    for (const auto& [k, v] : table_) {
        if (known_.count(k.str()) == 0) {
            const std::string hint = closest_name(k.str(), known);
            fail(k.str(), hint.empty() ? std::string("unknown field")
                                       : fmt::format("unknown field; did you mean '{}'?", hint));
        }
    }
}

}  // namespace brainemu
