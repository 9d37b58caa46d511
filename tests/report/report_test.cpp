// brainemu report: plots are well-formed SVG, the raster stays bounded, a run of 10 million
// spikes gives a small report quickly, absent files leave sections out, damaged files are
// clear errors.

#include "report/report.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "core/input_error.hpp"
#include "report/plots.hpp"
#include "report/population_stats.hpp"
#include "report/raster.hpp"
#include "report/xml_check.hpp"

namespace brainemu::report {
namespace {

namespace fs = std::filesystem;
using testing::check_xml;

// A fresh directory under the system temporary directory, removed afterwards.
struct temp_dir {
    fs::path path;
    explicit temp_dir(std::string_view name)
        : path(fs::temp_directory_path() / fmt::format("brainemu-report-{}-{}", name, ::getpid())) {
        fs::remove_all(path);
        fs::create_directories(path);
    }
    ~temp_dir() { fs::remove_all(path); }
};

void write_text(const fs::path& p, std::string_view text) {
    std::ofstream(p, std::ios::binary) << text;
}

template <class T>
void put(std::ofstream& out, const T& v) {
    out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}

void write_spikes(const fs::path& p, const std::vector<spike>& spikes, double dt_ms = 0.1,
                  std::int64_t count_delta = 0) {
    std::ofstream out(p, std::ios::binary);
    out.write("BESPIKE1", 8);
    put(out, std::uint32_t{1});
    put(out, std::uint32_t{8});
    put(out, dt_ms);
    put(out, static_cast<std::uint64_t>(static_cast<std::int64_t>(spikes.size()) + count_delta));
    for (const spike& s : spikes) {  // version 1 records: {uint32 step, uint32 neuron}
        put(out, s.step);
        put(out, static_cast<std::uint32_t>(s.neuron));
    }
}

void write_voltages(const fs::path& p, const std::vector<std::uint32_t>& neurons,
                    std::uint32_t frames) {
    std::ofstream out(p, std::ios::binary);
    out.write("BEVOLTS1", 8);
    put(out, std::uint32_t{1});
    put(out, static_cast<std::uint32_t>(neurons.size()));
    put(out, 0.1);
    put(out, std::uint64_t{frames});
    for (std::uint32_t n : neurons) {
        put(out, n);
    }
    for (std::uint32_t f = 0; f < frames; ++f) {
        put(out, f);
        for (std::size_t c = 0; c < neurons.size(); ++c) {
            put(out,
                static_cast<float>(-65.0 + 10.0 * std::sin(f * 0.01 + static_cast<double>(c))));
        }
    }
}

std::string profile_json(std::uint32_t neurons, std::uint64_t steps, std::uint64_t spikes,
                         std::string_view extra = "") {
    return fmt::format(R"({{"network": "synthetic", "neurons": {}, "synapses": {}, "dt_ms": 0.1,
 "steps": {}, "simulated_ms": {}, "wall_s": 2.5, "rtf": 1.25, "spikes": {}, "threads": 2,
 "bytes_per_synapse": 4.5, "mean_rate_hz": 5.0, "events_per_s": 1e8, "build_s": 0.3,
 "bytes_resident": {{"state": 1000, "synapses": 45000, "ring_buffers": 8000, "stimuli": 100,
                     "recorders": 2000, "total": 56100}},
 "time_s": {{"update": 1.0, "delivery": 0.5, "communication": 0.1, "recording": 0.2,
             "waiting": 0.7}},
 "per_thread_time_s": [{{"update": 1.0, "delivery": 0.5, "communication": 0.1,
                         "recording": 0.2, "waiting": 0.7}},
                       {{"update": 1.1, "delivery": 0.6, "communication": 0.0,
                         "recording": 0.0, "waiting": 0.8}}]{}}})",
                       neurons, neurons * 100, steps, static_cast<double>(steps) * 0.1, spikes,
                       extra);
}

// Two populations, Poisson-ish spikes, voltages of 3 neurons.
void write_small_run(const fs::path& dir, bool voltages = true) {
    std::vector<spike> s;
    std::mt19937 rng(1);
    for (std::uint32_t step = 0; step < 3000; ++step) {
        for (int k = 0; k < 3; ++k) {
            s.push_back({step, static_cast<std::uint32_t>(rng() % 1000)});
        }
    }
    std::sort(s.begin(), s.end(), [](const spike& a, const spike& b) {
        return a.step != b.step ? a.step < b.step : a.neuron < b.neuron;
    });
    write_spikes(dir / "spikes.bin", s);
    write_text(dir / "profile.json", profile_json(1000, 3000, s.size()));
    write_text(dir / "rates.csv",
               "population,neurons,spikes,rate_hz\nE,800,7200,30.0\nI,200,1800,30.0\n");
    write_text(dir / "config.toml",
               "[simulation]\ndt_ms = 0.1 # a <comment> & more\nseed = 7\n"
               "[[stimulus]]\npopulation = \"E & <I>\"\nkind = \"poisson\"\nrate_hz = 20.0\n"
               "ids = [1, 2, 3, 4, 5, 6, 7, 8]\n[record.voltages]\nids = [3, 50, 700]\n");
    if (voltages) {
        write_voltages(dir / "voltages.bin", {3, 50, 700}, 3000);
    }
}

TEST(ReportSvg, PlotsAreWellFormed) {
    series a{"E", {0, 1, 2, 3}, {1, 3, 2, 5}};
    series b{"I <&>", {0, 1, 2, 3}, {2, 1, 4, 3}};
    const std::vector<double> values{0.1, 2.0, 3.5, 3.5, 10.0};
    const auto fmt_v = [](double v) { return fmt::format("{} B", v); };
    std::vector<std::vector<double>> small(4, std::vector<double>(4, 1.0));
    small[1][2] = 0.0;
    std::vector<std::vector<double>> large(100, std::vector<double>(100, 3.0));
    const std::string svgs[] = {
        line_plot({a, b}, "time (ms)", "rate (Hz)"),
        line_plot({}, "x", "y"),
        histogram(values, 20, "rate (Hz)", "neurons"),
        bar_chart({"state", "synapses"}, {{"bytes", {10.0, 20.0}}, {"more & <less>", {1.0, 2.0}}},
                  "bytes", fmt_v),
        whisker_plot({{"n1", 1.0, 2.0, 3.0}, {"\"n2\"", 0.0, 0.5, 4.0}}, "rate (Hz)"),
        heat_map(small, "from", "to", fmt_v),
        heat_map(large, "from", "to", fmt_v),
        raster_svg(bin_raster(std::vector<spike>{{0, 1}, {5, 2}}, 3, 10), 3, 0.1,
                   {{"A", 2, 0, 0.0}, {"B", 1, 0, 0.0}}),
    };
    for (const std::string& svg : svgs) {
        const auto x = check_xml(svg);
        EXPECT_EQ(x.error, "") << svg.substr(0, 400);
        EXPECT_EQ(x.svg_elements, 1U);
        EXPECT_TRUE(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }
}

TEST(ReportSvg, CheckerCatchesBrokenMarkup) {
    EXPECT_NE(check_xml("<svg><g></svg>").error, "");
    EXPECT_NE(check_xml("<svg><text>a & b</text></svg>").error, "");
    EXPECT_NE(check_xml("<svg x=1/>").error, "");
    EXPECT_EQ(check_xml("<svg x=\"1\"><g/><text>a &amp; b</text></svg>").error, "");
}

TEST(ReportRaster, RowsAreEvenAndBounded) {
    const auto rows = evenly_chosen(1'000'000, 300);
    ASSERT_EQ(rows.size(), 300U);
    EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end()));
    EXPECT_TRUE(std::adjacent_find(rows.begin(), rows.end()) == rows.end());
    EXPECT_LT(rows.front(), 1'000'000U / 300);
    EXPECT_GE(rows.back(), 1'000'000U - 1'000'000U / 300);
    for (std::size_t i = 1; i < rows.size(); ++i) {
        EXPECT_NEAR(rows[i] - rows[i - 1], 1'000'000.0 / 300.0, 1.0);
    }
    EXPECT_EQ(evenly_chosen(5, 300).size(), 5U);
}

TEST(ReportRaster, GridIsBoundedAndShowsEverySpike) {
    std::vector<spike> s;
    for (std::uint32_t step = 0; step < 100'000; ++step) {
        s.push_back({step, (step * 7919U) % 1'000'000U});
        s.push_back({step, 0});
    }
    const raster_grid g = bin_raster(s, 1'000'000, 100'000, {300, 800});
    EXPECT_EQ(g.neurons_per_row, 3334U);  // ceil(1e6 / 300)
    EXPECT_EQ(g.rows, 300U);
    EXPECT_LE(g.columns, 800U);
    EXPECT_GE(g.columns * g.steps_per_column, 100'000U);
    EXPECT_EQ(g.counts.size(), std::size_t{g.rows} * g.columns);
    // Every spike is in the picture, in its neuron's row and its step's column.
    std::uint64_t total = 0;
    for (std::uint32_t c : g.counts) {
        total += c;
    }
    EXPECT_EQ(total, s.size());
    EXPECT_EQ(g.spikes_shown, s.size());
    // Row 0 column 0: neurons [0, 3334) in the first column's steps, counted here directly.
    std::uint32_t first_cell = 0;
    for (const spike& x : s) {
        first_cell += x.neuron < g.neurons_per_row && x.step < g.steps_per_column ? 1U : 0U;
    }
    EXPECT_EQ(g.counts[0], first_cell);
    EXPECT_GT(first_cell, g.steps_per_column);  // neuron 0's, and some of the others'
    const std::string svg = raster_svg(g, 1'000'000, 0.1, {});
    EXPECT_NE(svg.find("all 1000000 neurons and 200000 spikes"), std::string::npos);
    // A small network: every neuron is a row, every step a column.
    const raster_grid small = bin_raster(s, 10, 50, {300, 800});
    EXPECT_EQ(small.rows, 10U);
    EXPECT_EQ(small.columns, 50U);
    EXPECT_EQ(small.steps_per_column, 1U);
}

TEST(Report, TenMillionSpikesStaySmallAndFast) {
    temp_dir d("10m");
    constexpr std::uint32_t neurons = 100'000;
    constexpr std::uint32_t steps = 10'000;  // 1 s at 0.1 ms: 100 Hz on average
    std::vector<spike> s;
    s.reserve(10'000'000);
    std::uint64_t x = 88172645463325252ULL;  // xorshift: fast and reproducible
    for (std::uint32_t step = 0; step < steps; ++step) {
        const std::size_t begin = s.size();
        for (int k = 0; k < 1000; ++k) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            s.push_back({step, static_cast<std::uint32_t>(x % neurons)});
        }
        std::sort(s.begin() + static_cast<std::ptrdiff_t>(begin), s.end(),
                  [](const spike& a, const spike& b) { return a.neuron < b.neuron; });
    }
    ASSERT_EQ(s.size(), 10'000'000U);
    write_spikes(d.path / "spikes.bin", s);
    write_text(d.path / "profile.json", profile_json(neurons, steps, s.size()));
    write_text(d.path / "rates.csv",
               "population,neurons,spikes,rate_hz\nE,80000,8000000,100.0\nI,20000,2000000,100.0\n");
    write_voltages(d.path / "voltages.bin", {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, steps);
    const auto t0 = std::chrono::steady_clock::now();
    const fs::path out = write_report(d.path);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto bytes = fs::file_size(out);
    std::printf("10 million spikes: report.html %.2f MB in %.2f s\n",
                static_cast<double>(bytes) / 1e6, seconds);
    EXPECT_LT(bytes, 5'000'000U);
    EXPECT_LT(seconds, 10.0);  // a few seconds on a loaded 2-core machine
    std::ifstream in(out);
    const std::string html((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    const auto xml = check_xml(html);
    EXPECT_EQ(xml.error, "");
    EXPECT_GE(xml.svg_elements, 6U);
}

TEST(Report, AllSectionsOfACompleteRun) {
    temp_dir d("full");
    write_small_run(d.path);
    const std::string html = render_report(load_run(d.path));
    EXPECT_EQ(check_xml(html).error, "");
    for (const char* id :
         {"id=\"activity\"", "id=\"voltages\"", "id=\"workload\"", "id=\"config\"", "Spike raster",
          "Population rates", "Firing rates of single neurons", "Resident memory by category",
          "Wall time per thread", "a &lt;comment&gt; &amp; more", "id=\"done\"",
          "population = E &amp; &lt;I&gt;", "rate_hz = 20", "ids = [1, 2, 3, 4, 5, ... (8 in all)]",
          "seed = 7", "Per population", "ISI CV", "Power spectrum"}) {
        EXPECT_NE(html.find(id), std::string::npos) << id;
    }
    // Voltage traces carry their neurons' spikes as red ticks.
    EXPECT_NE(html.find("#d62728"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));
}

TEST(Report, MissingOptionalFilesLeaveSectionsOut) {
    temp_dir d("partial");
    write_text(d.path / "profile.json", profile_json(1000, 3000, 0));
    std::string html = render_report(load_run(d.path));
    EXPECT_EQ(check_xml(html).error, "");
    for (const char* id : {"id=\"activity\"", "id=\"voltages\"", "id=\"trials\"", "id=\"plan\"",
                           "id=\"config\"", "Traffic between partitions"}) {
        EXPECT_EQ(html.find(id), std::string::npos) << id;
    }
    EXPECT_NE(html.find("id=\"workload\""), std::string::npos);
    write_small_run(d.path, false);
    html = render_report(load_run(d.path));
    EXPECT_NE(html.find("id=\"activity\""), std::string::npos);
    EXPECT_EQ(html.find("id=\"voltages\""), std::string::npos);
}

TEST(Report, PartitionsTrafficTrialsAndPlan) {
    temp_dir d("parts");
    write_small_run(d.path);
    write_text(d.path / "profile.json", profile_json(1000, 3000, 9000, R"(,
 "partitions": [{"neurons": 500, "synapses": 50000, "spikes": 4000, "spikes_sent": 300,
                 "bytes_sent": 2400, "bytes_resident": {"state": 500, "total": 30000},
                 "time_s": {"update": 1.0, "waiting": 0.2}},
                {"neurons": 500, "synapses": 50000, "spikes": 5000, "spikes_sent": 200,
                 "bytes_sent": 1600, "bytes_resident": {"state": 500, "total": 26100},
                 "time_s": {"update": 0.9, "waiting": 0.3}}],
 "traffic": {"spikes": [[0, 300], [200, 0]], "bytes": [[0, 2400], [1600, 0]]})"));
    write_text(d.path / "trials.csv",
               "# rates over 3 trials of 0.3 s each; sd is ...\n"
               "neuron,id,name,mean_rate_hz,sd_rate_hz,min_rate_hz,max_rate_hz\n"
               "3,720575940,\"DNa01, left\",12.0,1.0,11.0,13.0\n4,5,,3.0,0.5,2.5,3.5\n");
    write_text(d.path / "plan.svg",
               "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" "
               "height=\"10\"><rect width=\"10\" height=\"10\"/></svg>\n");
    const std::string html = render_report(load_run(d.path));
    EXPECT_EQ(check_xml(html).error, "");
    for (const char* id :
         {"Traffic between partitions (bytes)", "Traffic between partitions (spikes)",
          "spikes_sent per partition", "bytes_resident per partition", "Time per partition",
          "id=\"trials\"", "DNa01, left", "id=\"plan\""}) {
        EXPECT_NE(html.find(id), std::string::npos) << id;
    }
    EXPECT_EQ(html.find("<?xml"), std::string::npos);
}

TEST(Report, TrialDirectories) {
    temp_dir d("trials");
    write_text(d.path / "profile.json", profile_json(1000, 3000, 9000, R"(, "trials": 2)"));
    for (const char* t : {"trial-000", "trial-001"}) {
        fs::create_directories(d.path / t);
        write_small_run(d.path / t, false);
    }
    const run_data run = load_run(d.path);
    EXPECT_EQ(run.data_dir, d.path / "trial-000");
    EXPECT_EQ(run.trial_rates.size(), 2U);
    const std::string html = render_report(run);
    EXPECT_NE(html.find("Population rates across trials"), std::string::npos);
    EXPECT_NE(html.find("first trial: trial-000"), std::string::npos);
}

std::string error_of(const fs::path& dir) {
    try {
        (void)load_run(dir);
    } catch (const input_error& e) {
        return e.what();
    }
    return "";
}

TEST(Report, DamagedFilesAreClearErrors) {
    temp_dir d("damaged");
    write_small_run(d.path);
    const std::vector<spike> s{{0, 1}, {1, 2}, {2, 3}};
    write_spikes(d.path / "spikes.bin", s, 0.1, 5);  // the header promises 8 spikes
    std::string e = error_of(d.path);
    EXPECT_NE(e.find("spikes.bin: damaged file"), std::string::npos) << e;
    EXPECT_NE(e.find("promises 8 spikes"), std::string::npos) << e;
    write_text(d.path / "spikes.bin", "BESPIKE");
    e = error_of(d.path);
    EXPECT_NE(e.find("spikes.bin: damaged file: not a brainemu spikes.bin"), std::string::npos)
        << e;
    write_spikes(d.path / "spikes.bin", {{2, 1}, {1, 2}});
    EXPECT_NE(error_of(d.path).find("step order"), std::string::npos);
    // A neuron beyond the network is found when the report is drawn.
    write_spikes(d.path / "spikes.bin", {{0, 5000}});
    try {
        (void)render_report(load_run(d.path));
        ADD_FAILURE() << "no error for neuron 5000";
    } catch (const input_error& err) {
        EXPECT_NE(std::string(err.what()).find("spikes.bin: damaged file: a spike of neuron 5000"),
                  std::string::npos)
            << err.what();
    }
    write_small_run(d.path);
    write_text(d.path / "profile.json", "{\"neurons\": 10,");
    EXPECT_NE(error_of(d.path).find("profile.json: damaged file: not valid JSON"),
              std::string::npos);
    write_text(d.path / "profile.json",
               profile_json(1000, 3000, 9000, R"(, "traffic": {"bytes": [[1, 2]]})"));
    EXPECT_NE(error_of(d.path).find("profile.json: traffic.bytes: expected 1 rows of 1"),
              std::string::npos)
        << error_of(d.path);
    write_small_run(d.path);
    write_text(d.path / "rates.csv", "population,neurons,spikes,rate_hz\nE,ten,1,1.0\n");
    EXPECT_NE(error_of(d.path).find("rates.csv:2: column 'neurons': 'ten' is not a number"),
              std::string::npos)
        << error_of(d.path);
    write_small_run(d.path);
    std::filesystem::resize_file(d.path / "voltages.bin", 100);
    EXPECT_NE(error_of(d.path).find("voltages.bin: damaged file"), std::string::npos);
    fs::remove_all(d.path);
    fs::create_directories(d.path);
    EXPECT_NE(error_of(d.path).find("no run outputs here"), std::string::npos);
}

// Per-population statistics against hand-computed values: regular firing (ISI CV 0), evenly
// staggered (Fano 0) or all at once (Fano 9), alternating intervals (CV 0.5), and a 40 Hz
// modulated count whose spectrum peaks at 40 Hz.
TEST(ReportStats, PopulationStatisticsMatchHandComputedValues) {
    const double dt = 0.1;
    const std::uint64_t steps = 10'240;  // 1,024 bins of 1 ms
    std::vector<spike> staggered, together;
    for (std::uint32_t step = 0; step < steps; ++step) {
        for (std::uint32_t i = 0; i < 10; ++i) {
            if (step % 100 == i * 10) {
                staggered.push_back({step, i});  // one spike in every 1 ms bin
            }
            if (step % 100 == 0) {
                together.push_back({step, i});  // ten spikes in every tenth bin
            }
        }
    }
    const std::vector<population_range> pops{{"P", 0, 10}};
    const auto a = population_statistics(staggered, pops, steps, dt);
    ASSERT_EQ(a.size(), 1U);
    EXPECT_NEAR(a[0].rate_hz, 1024.0 / 10.0 / 1.024, 1e-9);  // 102.4 spikes each in 1.024 s
    EXPECT_NEAR(a[0].isi_cv, 0.0, 1e-12);
    EXPECT_NEAR(a[0].fano, 0.0, 1e-12);
    EXPECT_TRUE(std::isnan(a[0].rhythm_hz));  // a constant count has no rhythm
    const auto b = population_statistics(together, pops, steps, dt);
    EXPECT_NEAR(b[0].fano, 9.0, 0.1);  // counts 10 (1 bin in 10) and 0: mean 1, variance 9
    EXPECT_EQ(b[0].silent, 0U);

    std::vector<spike> alternating;
    std::uint32_t t = 0;
    for (int k = 0; t < steps; ++k) {
        alternating.push_back({t, 0});
        t += k % 2 == 0 ? 10 : 30;  // intervals 10, 30, 10, ...: mean 20, sd 10
    }
    const auto c = population_statistics(alternating, {{"Q", 0, 2}}, steps, dt);
    EXPECT_NEAR(c[0].isi_cv, 0.5, 1e-3);
    EXPECT_EQ(c[0].silent, 1U);

    std::vector<spike> rhythmic;
    for (std::uint32_t bin = 0; bin < 1024; ++bin) {
        const auto n = static_cast<std::uint32_t>(
            std::lround(5.0 + 4.0 * std::sin(2.0 * M_PI * 40.0 * bin * 1e-3)));
        for (std::uint32_t i = 0; i < n; ++i) {
            rhythmic.push_back({bin * 10, i});
        }
    }
    const auto d = population_statistics(rhythmic, {{"R", 0, 10}}, steps, dt);
    EXPECT_NEAR(d[0].rhythm_hz, 40.0, 1.0);  // 1,024 bins of 1 ms: 0.98 Hz resolution

    // Independent random firing has no rhythm: its periodogram's highest bin is noise, which
    // the report must not show as one (seeds 1 to 20, each a different noise spectrum).
    for (std::uint32_t seed = 1; seed <= 20; ++seed) {
        std::mt19937 rng(seed);
        std::vector<spike> noise;
        for (std::uint32_t step = 0; step < steps; ++step) {
            for (std::uint32_t i = 0; i < 100; ++i) {
                if (rng() % 200 == 0) {  // 50 Hz each
                    noise.push_back({step, i});
                }
            }
        }
        const auto e = population_statistics(noise, {{"N", 0, 100}}, steps, dt);
        EXPECT_TRUE(std::isnan(e[0].rhythm_hz)) << "seed " << seed << ": " << e[0].rhythm_hz;
        EXPECT_NEAR(e[0].fano, 1.0, 0.15);  // Poisson counts
    }
}

// rates.csv may carry the populations' published rates (the microcircuit's); the table shows
// them beside the measured ones, and a population without one gets a dash.
TEST(Report, ReferenceRatesAppearBesideTheMeasuredOnes) {
    temp_dir d("reference");
    write_small_run(d.path, false);
    write_text(d.path / "rates.csv",
               "population,neurons,spikes,rate_hz,reference_rate_hz\nE,800,7200,30.0,0.903\n"
               "I,200,1800,30.0,\n");
    const run_data run = load_run(d.path);
    ASSERT_EQ(run.populations.size(), 2U);
    EXPECT_DOUBLE_EQ(run.populations[0].reference_hz, 0.903);
    EXPECT_TRUE(std::isnan(run.populations[1].reference_hz));
    const std::string html = render_report(run);
    EXPECT_EQ(check_xml(html).error, "");
    EXPECT_NE(html.find("<th>reference (Hz)</th>"), std::string::npos);
    EXPECT_NE(html.find("<td>0.903</td>"), std::string::npos);
    EXPECT_NE(html.find("Reference: the network's published rates"), std::string::npos);
    // Without the column, no reference column.
    write_small_run(d.path, false);
    EXPECT_EQ(render_report(load_run(d.path)).find("reference (Hz)"), std::string::npos);
}

}  // namespace
}  // namespace brainemu::report

namespace brainemu::report {
namespace {

TEST(Report, ConnectivityShowsInDegreesPerPopulationPair) {
    temp_dir d("kmatrix");
    write_small_run(d.path);
    // 800 E neurons receive 80,000 synapses from E (K = 100) and 20,000 from I (25); 200 I
    // neurons 20,000 from E (100) and 1 from I (0.005: shown to two digits).
    write_text(d.path / "profile.json",
               profile_json(1000, 3000, 9000,
                            R"(, "connectivity": {"populations": ["E", "I"], "sizes": [800, 200],
 "synapses": [[80000, 20000], [20000, 1]]})"));
    const std::string html = render_report(load_run(d.path));
    EXPECT_EQ(check_xml(html).error, "");
    const std::size_t at = html.find("id=\"connectivity\"");
    ASSERT_NE(at, std::string::npos);
    const std::string section = html.substr(at, html.find("</section>", at) - at);
    for (const char* cell : {">100</td>", ">25</td>", ">0.005</td>", "<th>onto \\ from</th>",
                             "120,001 synapses in all"}) {
        EXPECT_NE(section.find(cell), std::string::npos) << cell;
    }
    // A profile with a matrix of the wrong size is refused with the field named.
    write_text(d.path / "profile.json",
               profile_json(1000, 3000, 9000,
                            R"(, "connectivity": {"populations": ["E", "I"], "sizes": [800],
 "synapses": [[1, 2], [3, 4]]})"));
    try {
        static_cast<void>(load_run(d.path));
        ADD_FAILURE() << "no error";
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("connectivity: 2 populations need 2 sizes"),
                  std::string::npos)
            << e.what();
    }
}

}  // namespace
}  // namespace brainemu::report
