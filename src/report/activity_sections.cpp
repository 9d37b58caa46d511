// The neuroscience half of the report: raster, population rates, rate histogram, voltages,
// and the spread across trials.

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "report/activity.hpp"
#include "report/format.hpp"
#include "report/population_stats.hpp"
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

namespace {

std::string number_or_dash(double v, const char* format) {
    return std::isfinite(v) ? fmt::format(fmt::runtime(format), v) : std::string("&#8211;");
}

std::string statistics_table(const std::vector<population_stats>& stats,
                             const std::vector<population_row>& rows) {
    // rates.csv's published rate per population, where the network has them.
    auto reference_of = [&](const std::string& name) -> double {
        for (const population_row& r : rows) {
            if (r.name == name) {
                return r.reference_hz;
            }
        }
        return NAN;
    };
    const bool reference = std::any_of(stats.begin(), stats.end(), [&](const population_stats& p) {
        return std::isfinite(reference_of(p.name));
    });
    std::string t = fmt::format(
        "<h3>Per population</h3>\n<table>\n<tr><th>population</th><th>neurons</th><th>rate "
        "(Hz)</th>{}<th>silent</th><th>ISI CV</th><th>Fano factor</th><th>rhythm (Hz)</th></tr>\n",
        reference ? "<th>reference (Hz)</th>" : "");
    for (const population_stats& p : stats) {
        t += fmt::format(
            "<tr><td>{}</td><td>{}</td><td>{:.3g}</td>{}<td>{:.1f}%</td><td>{}</td><td>{}</td>"
            "<td>{}</td></tr>\n",
            escape_xml(p.name), format_count(static_cast<double>(p.neurons)), p.rate_hz,
            reference ? "<td>" + number_or_dash(reference_of(p.name), "{:.3g}") + "</td>" : "",
            p.neurons > 0 ? 100.0 * static_cast<double>(p.silent) / static_cast<double>(p.neurons)
                          : 0.0,
            number_or_dash(p.isi_cv, "{:.2f}"), number_or_dash(p.fano, "{:.2f}"),
            number_or_dash(p.rhythm_hz, "{:.0f}"));
    }
    t += "</table>\n<p class=\"sub\">ISI CV: the coefficient of variation of each neuron's "
         "interspike intervals, averaged over neurons with 3 or more spikes (Poisson firing: 1). "
         "Fano factor: variance over mean of the population's spike count in bins of about 1 ms "
         "(independent neurons: about 1; synchronous bursts: far more). Rhythm: the peak above "
         "5 Hz of that count's power spectrum.</p>\n";
    if (reference) {
        t += "<p class=\"sub\">Reference: the network's published rates (the microcircuit's: "
             "the reference implementation's full-scale run with Poisson drive, one run). A "
             "down-scaled microcircuit keeps each neuron's mean input by a DC compensation "
             "computed from a vector of full-scale rates, but not the input's fluctuations or "
             "the network's finite size, so its rates depart from them, most in the sparsely "
             "firing L2/3E, which also depends most on that vector: at 10% scale brainemu's "
             "default (the microcircuit package's rates) gives L2/3E 0.49 Hz and PyNEST's "
             "example's vector 0.41 Hz, 7.6 pA less drive (network.compensation_rates_hz; "
             "docs/experiments.md). A rate from N spikes is uncertain by about 1/sqrt(N) of "
             "itself.</p>\n";
    }
    return t;
}

}  // namespace

std::string activity_section(const run_data& run, const report_options& opt) {
    std::string body;
    // Per-neuron figures count neurons with 32-bit indices, from the first id held: 0, or a
    // dry-run rank's first_neuron (its spikes carry global ids).
    const std::uint64_t held = run.neurons();
    const auto neurons = static_cast<std::uint32_t>(std::min<std::uint64_t>(held, UINT32_MAX));
    const std::uint64_t first = run.profile ? run.profile->first_neuron : 0;
    // Times count from the first recorded step (after a warm-up, or where a run resumed).
    const std::uint64_t first_step = run.profile ? run.profile->first_step : 0;
    const std::uint64_t steps = run.steps();
    const double dt = run.dt_ms();
    const double seconds = static_cast<double>(steps) * dt * 1e-3;
    if (run.spikes && neurons > 0 && steps > 0) {
        std::vector<spike> rebased;
        const bool rebase = first > 0 || first_step > 0;
        if (rebase) {
            rebased.reserve(run.spikes->spikes.size());
            for (spike s : run.spikes->spikes) {
                if (s.step < first_step) {
                    continue;
                }
                s.step = static_cast<std::uint32_t>(s.step - first_step);
                s.neuron = s.neuron >= first ? s.neuron - first : UINT64_MAX;  // outside: refused
                rebased.push_back(s);
            }
        }
        const std::vector<spike>& spikes = rebase ? rebased : run.spikes->spikes;
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
        const std::vector<series> traces = population_rate_series(spikes, pops, steps, dt, bin);
        if (traces.size() > 1 && traces.size() <= opt.max_small_multiples) {
            // One small plot per population, in network order: eight lines on one chart hide
            // each other.
            std::string small;
            for (const series& t : traces) {
                small += figure(t.name, line_plot({t}, "", "Hz", {920.0, 110.0}), "");
            }
            body += "<h3>Population rates</h3>\n<div class=\"multiples\">\n" + small +
                    "</div>\n<p class=\"sub\">" +
                    escape_xml(fmt::format("Spikes per neuron per second in bins of {:.4g} ms, "
                                           "one plot per population, each on its own scale.",
                                           bin)) +
                    "</p>\n";
        } else {
            body += figure("Population rates", line_plot(traces, "time (ms)", "rate (Hz)"),
                           fmt::format("Spikes per neuron per second in bins of {:.4g} ms.", bin));
        }
        body += statistics_table(population_statistics(spikes, pops, steps, dt), run.populations);
        const std::uint64_t ms_bin = millisecond_bin(dt);
        const power_spectrum ps =
            spectrum_of(binned_counts(spikes, steps, ms_bin), static_cast<double>(ms_bin) * dt);
        if (!ps.hz.empty()) {
            series line{"power", {}, {}};
            for (std::size_t i = 0; i < ps.hz.size(); ++i) {
                line.x.push_back(ps.hz[i]);
                line.y.push_back(ps.power[i]);
            }
            body += figure(
                "Power spectrum of the network's spike count",
                line_plot({line}, "frequency (Hz)", "power", {920.0, 200.0}),
                fmt::format("The whole network's spike count in bins of {:.4g} ms, its mean "
                            "removed, over the first {} bins; a peak is a population rhythm.",
                            static_cast<double>(ms_bin) * dt, 2 * ps.hz.size()));
        }
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
        // On a log scale of rate, so that many silent or slow neurons do not hide the rest.
        std::vector<double> log_rates;
        for (double r : rates) {
            if (r > 0.0) {
                log_rates.push_back(std::log10(r));
            }
        }
        if (!log_rates.empty()) {
            body += figure(
                "Firing rates of single neurons",
                histogram(log_rates, 50, "log10 rate (Hz)", "neurons", {920.0, 220.0},
                          *std::min_element(log_rates.begin(), log_rates.end())),
                fmt::format("The {} neurons that fired, on a log scale of rate (0 = 1 Hz, 1 = 10 "
                            "Hz); of all {} over {}, the median is {:.3g} Hz and {} are silent.",
                            format_count(static_cast<double>(log_rates.size())),
                            format_count(neurons), format_seconds(seconds),
                            sorted[sorted.size() / 2], format_count(static_cast<double>(silent))));
        }
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
    // Times count from the first recorded step, as the raster's do.
    const double t0 = run.profile ? static_cast<double>(run.profile->first_step) * v.dt_ms : 0.0;
    std::vector<double> t(v.steps.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        t[i] = (static_cast<double>(v.steps[i]) + 1.0) * v.dt_ms - t0;  // end of the step
    }
    std::string body;
    for (std::uint32_t c : columns) {
        series s{fmt::format("neuron {}", v.neurons[c]), t, {}};
        s.y.reserve(t.size());
        for (std::size_t i = 0; i < t.size(); ++i) {
            s.y.push_back(v.at(i, c));
        }
        // Its spikes, marked where the step they fell in begins (spikes.bin's times).
        std::vector<double> marks;
        if (run.spikes) {
            for (const spike& sp : run.spikes->spikes) {
                if (sp.neuron == v.neurons[c]) {
                    // A spike in the first sampled step is marked at the trace's start.
                    marks.push_back(
                        std::max(t.front(), static_cast<double>(sp.step) * run.spikes->dt_ms - t0));
                }
            }
        }
        body += figure(fmt::format("Neuron {}", v.neurons[c]),
                       line_plot({s}, "time (ms)", "V (mV)", {920.0, 170.0}, marks));
    }
    const std::string caption = fmt::format(
        "{} of {} recorded neurons, {} samples each; long traces drawn as their minimum and "
        "maximum per pixel; red ticks mark the neuron's spikes.",
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
