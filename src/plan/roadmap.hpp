#pragma once
// Accelerators announced but not yet shipped (or just shipping), with the per-device figures
// their makers have published. A figure no source gives stays 0 (= unknown): the trend fits
// and the timeline's part lookup skip it rather than guess.

#include <string>
#include <vector>

#include "plan/devices.hpp"

namespace brainemu::plan {

struct roadmap_source {
    std::string publisher;  // who reported the figures
    std::string title;      // the article or event, with its address
    std::string date;       // when it was published (YYYY-MM or YYYY-MM-DD)
};

struct roadmap_part {
    device dev;  // dev.year = the year it is due; per-device figures, 0 = not published
    std::string vendor;
    bool announced = true;  // not yet shipped: the figures are the maker's intent
    std::vector<roadmap_source> sources;
};

// rubin (Vera Rubin NVL72/NVL144, 2026), rubin-ultra (NVL576, 2027), mi455x (Helios, 2026),
// mi500 (2027). Sources and caveats in docs/planner.md, "Timeline: fitted trends and the
// roadmap".
[[nodiscard]] std::vector<roadmap_part> roadmap_parts();

}  // namespace brainemu::plan
