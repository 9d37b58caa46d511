#include "experiment/overrides.hpp"

#include <fmt/format.h>

namespace brainemu {
namespace {

toml::node_type effective(toml::node_type t) {
    return t == toml::node_type::integer ? toml::node_type::floating_point : t;
}

}  // namespace

override_spec parse_override(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw input_error({"", 0, "--set"},
                          fmt::format("'{}' is not KEY=VALUE (e.g. network.scale=0.1)", text));
    }
    // One value per --set: TOML would read a second line as another key and drop it silently.
    if (text.find_first_of("\n\r") != std::string::npos) {
        throw input_error({"", 0, "--set " + text.substr(0, eq)},
                          "the value holds a line break; give each KEY=VALUE its own --set");
    }
    return {text.substr(0, eq), text.substr(eq + 1)};
}

void apply_overrides(toml::table& root, const std::vector<override_spec>& overrides,
                     const std::string& path) {
    for (const override_spec& o : overrides) {
        const input_location where{path, 0, "--set " + o.key};
        toml::table parsed;
        try {
            parsed = toml::parse("value = " + o.value);
        } catch (const toml::parse_error&) {
            parsed = toml::table{{"value", o.value}};  // a bare word: a string
        }
        toml::node& value = *parsed.get("value");
        toml::table* table = &root;
        std::string_view rest = o.key;
        while (true) {
            const auto dot = rest.find('.');
            const std::string part(rest.substr(0, dot));
            if (part.empty()) {
                throw input_error(where, "empty part in the dotted key");
            }
            if (dot == std::string_view::npos) {
                if (const toml::node* old = table->get(part)) {
                    const bool int_for_float = old->is_floating_point() && value.is_integer();
                    if (!int_for_float && effective(old->type()) != effective(value.type())) {
                        throw input_error(where, fmt::format("'{}' does not have the type of the "
                                                             "value it replaces",
                                                             o.value));
                    }
                }
                table->insert_or_assign(part, std::move(value));
                break;
            }
            auto [it, inserted] = table->insert(part, toml::table{});
            if (!it->second.is_table()) {
                throw input_error(where, fmt::format("'{}' is not a table", part));
            }
            table = it->second.as_table();
            rest = rest.substr(dot + 1);
        }
    }
}

}  // namespace brainemu
