#include "cli/morphology_command.hpp"

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "io/swc_reader.hpp"

namespace brainemu {
namespace {

struct morphology_options {
    std::string file;
    double dl_um = 20.0;
    double ra_ohm_cm = 100.0;
    bool keep_axon = false;
    bool json = false;
};

void describe(const morphology_options& opt) {
    morphology m = read_morphology(opt.file);
    if (!opt.keep_axon) {
        replace_axon_with_stub(m);
    }
    segment_by_length(m, opt.dl_um);
    nlohmann::json sections = nlohmann::json::array();
    struct totals {
        std::size_t sections = 0;
        std::uint64_t segments = 0;
        double length = 0, area = 0;
    };
    std::map<section_type, totals> by_type;
    for (const cable_section& s : m.sections) {
        const std::vector<segment_geometry> g = segments_of(s, opt.ra_ohm_cm);
        nlohmann::json area = nlohmann::json::array(), ri = nlohmann::json::array();
        totals& t = by_type[s.type];
        ++t.sections;
        t.segments += s.nseg;
        t.length += s.length;
        for (std::size_t k = 0; k < g.size(); ++k) {
            area.push_back(g[k].area_um2);
            // NEURON's ri(x): the near half here and the far half of the segment before (the
            // first segment: its near half, to the parent's node).
            ri.push_back(g[k].r_near_mohm + (k > 0 ? g[k - 1].r_far_mohm : 0.0));
            t.area += g[k].area_um2;
        }
        sections.push_back(
            {{"name", s.name()},
             {"parent", s.parent < 0 ? "" : m.sections[static_cast<std::size_t>(s.parent)].name()},
             {"parent_x", s.parent < 0 ? nlohmann::json() : nlohmann::json(s.parent_x)},
             {"length_um", s.length},
             {"points", s.points.size()},
             {"nseg", s.nseg},
             {"area_um2", area},
             {"ri_mohm", ri}});
    }
    if (opt.json) {
        const nlohmann::json out = {{"file", opt.file},
                                    {"dl_um", opt.dl_um},
                                    {"ra_ohm_cm", opt.ra_ohm_cm},
                                    {"axon", opt.keep_axon ? "reconstructed" : "stub"},
                                    {"sections", sections}};
        std::printf("%s\n", out.dump(1).c_str());
        return;
    }
    std::printf("%s: %zu sections (dL %g um, axon %s)\n", opt.file.c_str(), m.sections.size(),
                opt.dl_um, opt.keep_axon ? "as reconstructed" : "replaced by a 60 um stub");
    std::printf("%-6s %9s %9s %12s %14s\n", "type", "sections", "segments", "length um",
                "area um2");
    for (const auto& [type, t] : by_type) {
        std::printf("%-6s %9zu %9llu %12.1f %14.1f\n", std::string(to_string(type)).c_str(),
                    t.sections, static_cast<unsigned long long>(t.segments), t.length, t.area);
    }
}

}  // namespace

void add_morphology_command(CLI::App& app) {
    auto opt = std::make_shared<morphology_options>();
    CLI::App* cmd = app.add_subcommand(
        "morphology",
        "Describe a neuron morphology (.swc) as a cable: sections, segments, areas, resistances");
    cmd->add_option("file", opt->file, "Morphology file (.swc)")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--dl", opt->dl_um,
                    "Segment length rule: nseg = 1 + 2 floor(L / (2 dL)) (um, default 20)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--ra", opt->ra_ohm_cm, "Axial resistivity for ri (ohm cm, default 100)")
        ->check(CLI::PositiveNumber);
    cmd->add_flag("--keep-axon", opt->keep_axon,
                  "Keep the reconstructed axon (default: the perisomatic models' 60 um stub)");
    cmd->add_flag("--json", opt->json, "Print every section and segment as JSON");
    cmd->callback([opt] { describe(*opt); });
}

}  // namespace brainemu
