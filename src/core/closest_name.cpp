#include "core/closest_name.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace brainemu {

std::string closest_name(std::string_view name, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = 4;  // suggest only close matches
    for (const std::string& c : candidates) {
        // Levenshtein distance, one row at a time.
        std::vector<std::size_t> row(c.size() + 1);
        for (std::size_t j = 0; j <= c.size(); ++j) {
            row[j] = j;
        }
        for (std::size_t i = 1; i <= name.size(); ++i) {
            std::size_t diag = row[0];
            row[0] = i;
            for (std::size_t j = 1; j <= c.size(); ++j) {
                const std::size_t up = row[j];
                const std::size_t change = name[i - 1] == c[j - 1] ? 0 : 1;
                row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + change});
                diag = up;
            }
        }
        // Close means at most 3 edits and at most half the longer name: 'X' is not a typo of
        // 'E', but 'MN8' may be one of 'MN9'.
        const std::size_t limit = std::min<std::size_t>(3, std::max(name.size(), c.size()) / 2);
        if (row[c.size()] <= limit && row[c.size()] < best_distance) {
            best_distance = row[c.size()];
            best = c;
        }
    }
    return best;
}

std::string unknown_name_message(std::string_view what, std::string_view name,
                                 const std::vector<std::string>& candidates) {
    const std::string hint = closest_name(name, candidates);
    if (!hint.empty()) {
        return fmt::format("unknown {} '{}'; did you mean '{}'?", what, name, hint);
    }
    if (candidates.empty()) {
        return fmt::format("unknown {} '{}'; there are none", what, name);
    }
    // Whole-brain tables have thousands of names: list the first few.
    constexpr std::size_t shown = 20;
    if (candidates.size() > shown) {
        return fmt::format("unknown {} '{}'; one of {}, ... ({} in all)", what, name,
                           fmt::join(candidates.begin(), candidates.begin() + shown, ", "),
                           candidates.size());
    }
    return fmt::format("unknown {} '{}'; one of {}", what, name, fmt::join(candidates, ", "));
}

}  // namespace brainemu
