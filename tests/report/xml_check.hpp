#pragma once
// A minimal XML well-formedness check for the report's SVG and HTML: tags nest and close,
// attributes are quoted, '&' starts an entity. Returns an empty string when well-formed, else
// what is wrong and where.

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace brainemu::report::testing {

struct xml_summary {
    std::string error;
    std::size_t elements = 0;
    std::size_t svg_elements = 0;
};

inline xml_summary check_xml(std::string_view s) {
    xml_summary out;
    std::vector<std::string> open;
    auto fail = [&](std::size_t at, const std::string& what) {
        out.error =
            what + " at offset " + std::to_string(at) + ": '" + std::string(s.substr(at, 60)) + "'";
        return out;
    };
    auto entity_ok = [&](std::size_t i) {
        std::size_t j = i + 1;
        while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '#')) {
            ++j;
        }
        return j > i + 1 && j < s.size() && s[j] == ';';
    };
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '&') {
            if (!entity_ok(i)) {
                return fail(i, "bare '&'");
            }
            ++i;
            continue;
        }
        if (s[i] != '<') {
            ++i;
            continue;
        }
        if (s.substr(i, 4) == "<!--") {
            const auto end = s.find("-->", i);
            if (end == std::string_view::npos) {
                return fail(i, "unclosed comment");
            }
            i = end + 3;
            continue;
        }
        if (s.substr(i, 2) == "<!" || s.substr(i, 2) == "<?") {
            const auto end = s.find('>', i);
            if (end == std::string_view::npos) {
                return fail(i, "unclosed declaration");
            }
            i = end + 1;
            continue;
        }
        const bool closing = i + 1 < s.size() && s[i + 1] == '/';
        std::size_t j = i + (closing ? 2 : 1);
        const std::size_t name_start = j;
        while (j < s.size() && (std::isalnum(static_cast<unsigned char>(s[j])) || s[j] == '-' ||
                                s[j] == ':' || s[j] == '_')) {
            ++j;
        }
        const std::string name(s.substr(name_start, j - name_start));
        if (name.empty()) {
            return fail(i, "'<' without a tag name");
        }
        if (closing) {
            while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) {
                ++j;
            }
            if (j >= s.size() || s[j] != '>') {
                return fail(i, "bad closing tag");
            }
            if (open.empty() || open.back() != name) {
                return fail(i,
                            "</" + name + "> closes " + (open.empty() ? "nothing" : open.back()));
            }
            open.pop_back();
            i = j + 1;
            continue;
        }
        // Attributes: name="value" or name='value'.
        bool self_closing = false;
        while (true) {
            while (j < s.size() && std::isspace(static_cast<unsigned char>(s[j]))) {
                ++j;
            }
            if (j >= s.size()) {
                return fail(i, "unclosed tag");
            }
            if (s[j] == '>') {
                ++j;
                break;
            }
            if (s.substr(j, 2) == "/>") {
                self_closing = true;
                j += 2;
                break;
            }
            const std::size_t a = j;
            while (j < s.size() && s[j] != '=' && s[j] != '>' &&
                   !std::isspace(static_cast<unsigned char>(s[j]))) {
                ++j;
            }
            if (j == a || j >= s.size() || s[j] != '=') {
                return fail(a, "attribute without a value");
            }
            ++j;
            if (j >= s.size() || (s[j] != '"' && s[j] != '\'')) {
                return fail(a, "unquoted attribute");
            }
            const char q = s[j];
            const auto end = s.find(q, j + 1);
            if (end == std::string_view::npos) {
                return fail(a, "unclosed attribute value");
            }
            for (std::size_t k = j + 1; k < end; ++k) {
                if (s[k] == '<') {
                    return fail(k, "'<' in an attribute value");
                }
                if (s[k] == '&' && !entity_ok(k)) {
                    return fail(k, "bare '&' in an attribute value");
                }
            }
            j = end + 1;
        }
        ++out.elements;
        out.svg_elements += name == "svg" ? 1 : 0;
        if (!self_closing) {
            open.push_back(name);
        }
        i = j;
    }
    if (!open.empty()) {
        out.error = "<" + open.back() + "> never closed";
    }
    return out;
}

}  // namespace brainemu::report::testing
