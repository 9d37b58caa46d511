#include "core/input_error.hpp"

#include <fmt/format.h>

namespace brainemu {
namespace {

std::string format_message(const input_location& where, std::string_view problem) {
    std::string out;
    if (!where.path.empty()) {
        out += where.path;
        if (where.line > 0) {
            out += fmt::format(":{}", where.line);
        }
        out += ": ";
    }
    if (!where.field.empty()) {
        out += where.field;
        out += ": ";
    }
    out += problem;
    // Text quoted from an input may hold control bytes: a NUL cut the message where the
    // terminal printed it, a carriage return overwrote it. They are shown escaped.
    std::string shown;
    for (const char c : out) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t' && c != '\n') || u == 0x7f) {
            shown += fmt::format("\\x{:02x}", u);
        } else {
            shown += c;
        }
    }
    return shown;
}

}  // namespace

input_error::input_error(input_location where, std::string_view problem)
    : std::runtime_error(format_message(where, problem)),
      where_(std::move(where)),
      problem_(problem) {}

}  // namespace brainemu
