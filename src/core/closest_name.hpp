#pragma once
// "did you mean" suggestions for misspelled names and keys.

#include <string>
#include <string_view>
#include <vector>

namespace brainemu {

// The candidate closest to `name` by edit distance, or "" when none is close (distance > 3).
[[nodiscard]] std::string closest_name(std::string_view name,
                                       const std::vector<std::string>& candidates);

// "unknown X 'name'; did you mean 'y'?" or "unknown X 'name'; one of a, b, c".
[[nodiscard]] std::string unknown_name_message(std::string_view what, std::string_view name,
                                               const std::vector<std::string>& candidates);

}  // namespace brainemu
