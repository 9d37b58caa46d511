// The K matrix: how many synapses one neuron of each population receives from each population,
// on average (PD14's Table 5 form: rows are targets, columns sources), from the synapse counts
// the run measured on the network it built (profile.json's connectivity).

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "core/xml_escape.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"

namespace brainemu::report {

std::string connectivity_section(const run_data& run) {
    if (!run.profile || !run.profile->population_synapses) {
        return {};
    }
    const run_profile& p = *run.profile;
    const matrix& synapses = *p.population_synapses;
    const std::size_t n = p.populations.size();
    matrix k(n, std::vector<double>(n, 0.0));
    double k_max = 0.0, total = 0.0;
    for (std::size_t t = 0; t < n; ++t) {
        for (std::size_t s = 0; s < n; ++s) {
            k[t][s] = p.population_sizes[t] > 0.0 ? synapses[t][s] / p.population_sizes[t] : 0.0;
            k_max = std::max(k_max, k[t][s]);
            total += synapses[t][s];
        }
    }
    // Colour on a log scale, as the traffic maps: a few strong pathways and many weak ones.
    auto shade = [&](double v) {
        const double x = k_max > 0.0 ? std::log1p(v) / std::log1p(k_max) : 0.0;
        const auto c = [&](int full) {
            return static_cast<int>(std::lround(255.0 - (255.0 - full) * x));
        };
        return fmt::format("background:rgb({},{},{});color:{}", c(43), c(108), c(176),
                           x > 0.6 ? "#fff" : "#111");
    };
    std::string table = "<table class=\"kmatrix\">\n<tr><th>onto \\ from</th>";
    for (const std::string& name : p.populations) {
        table += fmt::format("<th>{}</th>", escape_xml(name));
    }
    table += "</tr>\n";
    for (std::size_t t = 0; t < n; ++t) {
        table += fmt::format("<tr><th>{}</th>", escape_xml(p.populations[t]));
        for (std::size_t s = 0; s < n; ++s) {
            table += fmt::format("<td style=\"{}\">{}</td>", shade(k[t][s]),
                                 k[t][s] >= 9.5  ? fmt::format("{:.0f}", k[t][s])
                                 : k[t][s] > 0.0 ? fmt::format("{:.2g}", k[t][s])
                                                 : std::string("0"));
        }
        table += "</tr>\n";
    }
    table += "</table>\n";
    const std::string caption = fmt::format(
        "<p class=\"caption\">Row <i>t</i>, column <i>s</i>: synapses from population <i>s</i> "
        "onto one neuron of population <i>t</i>, on average (the in-degree K), counted on the "
        "network this run built: {} synapses in all. Multapses count once each.</p>\n",
        format_count(total));
    return section("connectivity", "Connectivity between populations", table + caption);
}

}  // namespace brainemu::report
