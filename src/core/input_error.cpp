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
    return out;
}

}  // namespace

input_error::input_error(input_location where, std::string_view problem)
    : std::runtime_error(format_message(where, problem)),
      where_(std::move(where)),
      problem_(problem) {}

}  // namespace brainemu
