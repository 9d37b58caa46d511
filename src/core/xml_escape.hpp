#pragma once
// Text made safe inside XML/HTML (SVG charts of the planner, the run report).

#include <string>
#include <string_view>

namespace brainemu {

[[nodiscard]] inline std::string escape_xml(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

}  // namespace brainemu
