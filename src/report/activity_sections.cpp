// The neuroscience half of the report: raster, population rates, rate histogram, voltages,
// and the spread across trials.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/activity.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"
#include "report/svg.hpp"

namespace brainemu::report {

std::string figure(std::string_view title, const std::string& svg, std::string_view caption) {
    std::string out = "<figure>\n";
    if (!title.empty()) {
        out += "<h3>" + escape_xml(title) + "</h3>\n";
    }
    out += svg;
    if (!caption.empty()) {
        out += "<figcaption>" + escape_xml(caption) + "</figcaption>\n";
    }
    return out + "</figure>\n";
}

std::string section(std::string_view id, std::string_view title, const std::string& body) {
    if (body.empty()) {
        return {};
    }
    return fmt::format("<section id=\"{}\">\n<h2>{}</h2>\n{}</section>\n", id, escape_xml(title),
                       body);
}

std::string activity_section(const run_data& run, const report_options& opt) {
    std::string body;
    // Per-neuron figures count neurons with 32-bit indices, from the first id held: 0, or a
    // dry-run rank's first_neuron (its spikes carry global ids).
    const std::uint64_t held = run.neurons();
    const auto neurons = static_cast<std::uint32_t>(std::min<std::uint64_t>(held, UINT32_MAX));
    const std::uint64_t first = run.profile ? run.profile->first_neuron : 0;
    const std::uint64_t steps = run.steps();
    const double dt = run.dt_ms();
    const double seconds = static_cast<double>(steps) * dt * 1e-3;
    if (run.spikes && neurons > 0 && steps > 0) {
        std::vector<spike> rebased;
        if (first > 0) {
            rebased = run.spikes->spikes;
            for (spike& s : rebased) {
                s.neuron = s.neuron >= first ? s.neuron - first : UINT64_MAX;  // outside: refused
            }
        }
        const std::vector<spike>& spikes = first > 0 ? rebased : run.spikes->spikes;
        const std::filesystem::path file = run.data_dir / "spikes.bin";
        const std::vector<std::uint32_t> counts = spikes_per_neuron(spikes, neurons, file);
        const raster_grid g = bin_raster(spikes, neurons, steps, opt.raster);
        body += figure(
            "Spike raster", raster_svg(g, neurons, dt, run.populations),
            fmt::format("Every one of the {} spikes of the {} neurons, in network order from the "
                        "top; {} per pixel row; darker cells hold more spikes.",
                        format_count(static_cast<double>(g.spikes_shown)), format_count(neurons),
                        g.neurons_per_row == 1
                            ? std::string("one neuron")
                            : fmt::format("{} consecutive neurons", g.neurons_per_row)));
        const auto pops = population_ranges(run.populations, neurons);
        const double bin = rate_bin_ms(static_cast<double>(steps) * dt, dt);
        body += figure("Population rates",
                       line_plot(population_rate_series(spikes, pops, steps, dt, bin), "time (ms)",
                                 "rate (Hz)"),
                       fmt::format("Spikes per neuron per second in bins of {:.4g} ms.", bin));
        std::vector<double> rates(counts.size());
        std::size_t silent = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) {
            rates[i] = seconds > 0.0 ? counts[i] / seconds : 0.0;
            silent += counts[i] == 0 ? 1 : 0;
        }
        std::vector<double> sorted = rates;
        std::nth_element(sorted.begin(),
                         sorted.begin() + static_cast<std::ptrdiff_t>(sorted.size() / 2),
                         sorted.end());
        body += figure(
            "Firing rates of single neurons",
            histogram(rates, 50, "rate (Hz)", "neurons", {920.0, 220.0}),
            fmt::format("All {} neurons over {}; median {:.3g} Hz; {} silent.",
                        format_count(neurons), format_seconds(seconds), sorted[sorted.size() / 2],
                        format_count(static_cast<double>(silent))));
    }
    if (!run.populations.empty()) {
        std::vector<std::string> names;
        bar_series rates{"rate", {}};
        for (const population_row& p : run.populations) {
            names.push_back(p.name);
            rates.values.push_back(p.rate_hz);
        }
        body +=
            figure("Mean rate per population (rates.csv)",
                   bar_chart(names, {rates}, "rate (Hz)",
                             [](double v) { return fmt::format("{:.3g} Hz", v); }, {920.0, 220.0}));
    }
    const bool first_trial = run.data_dir != run.dir;
    return section("activity",
                   first_trial ? "Activity (first trial: " + run.data_dir.filename().string() + ")"
                               : "Activity",
                   body);
}

std::string voltage_section(const run_data& run, const report_options& opt) {
    if (!run.voltages || run.voltages->steps.empty() || run.voltages->neurons.empty()) {
        return {};
    }
    const voltage_file& v = *run.voltages;
    const std::size_t shown = std::min(opt.max_voltage_traces, v.neurons.size());
    const std::vector<std::uint32_t> columns = evenly_chosen(
        static_cast<std::uint32_t>(v.neurons.size()), static_cast<std::uint32_t>(shown));
    std::vector<double> t(v.steps.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = (static_cast<double>(v.steps[i]) + 1.0) * v.dt_ms;  // end of the step
    }
    std::string body;
    for (std::uint32_t c : columns) {
        series s{fmt::format("neuron {}", v.neurons[c]), t, {}};
        s.y.reserve(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) {
            s.y.push_back(v.at(i, c));
        }
        body += figure(fmt::format("Neuron {}", v.neurons[c]),
                       line_plot({s}, "time (ms)", "V (mV)", {920.0, 170.0}));
    }
    const std::string caption = fmt::format(
        "{} of {} recorded neurons, {} samples each; long traces drawn as their minimum and "
        "maximum per pixel.",
        shown, v.neurons.size(), format_count(static_cast<double>(v.steps.size())));
    return section("voltages", "Membrane voltages",
                   body + "<p class=\"sub\">" + escape_xml(caption) + "</p>\n");
}

std::string trials_section(const run_data& run, const report_options& opt) {
    std::string body;
    if (!run.trials.empty()) {
        std::vector<trial_row> rows = run.trials;
        std::stable_sort(rows.begin(), rows.end(), [](const trial_row& a, const trial_row& b) {
            return a.mean_hz > b.mean_hz;
        });
        rows.resize(std::min(rows.size(), opt.max_trial_neurons));
        std::vector<whisker> items;
        for (const trial_row& r : rows) {
            items.push_back(
                {r.name.empty() ? fmt::format("{}", r.id) : r.name, r.min_hz, r.mean_hz, r.max_hz});
        }
        body += figure(
            "Rates of the most active neurons across trials (trials.csv)",
            whisker_plot(items, "rate (Hz)"),
            fmt::format("The {} of {} neurons with the highest mean rate: mean (dot), minimum and "
                        "maximum across trials (whiskers).",
                        rows.size(), run.trials.size()));
    }
    if (run.trial_rates.size() > 1) {
        std::vector<whisker> items;
        for (std::size_t p = 0; p < run.trial_rates.front().size(); ++p) {
            whisker w{run.trial_rates.front()[p].name, INFINITY, 0.0, -INFINITY};
            for (const auto& trial : run.trial_rates) {
                if (p < trial.size()) {
                    w.lo = std::min(w.lo, trial[p].rate_hz);
                    w.hi = std::max(w.hi, trial[p].rate_hz);
                    w.mid += trial[p].rate_hz / static_cast<double>(run.trial_rates.size());
                }
            }
            items.push_back(w);
        }
        body += figure(
            "Population rates across trials", whisker_plot(items, "rate (Hz)", {920.0, 240.0}),
            fmt::format("Mean (dot), minimum and maximum over {} trials.", run.trial_rates.size()));
    }
    return section("trials", "Across trials", body);
}

}  // namespace brainemu::report
