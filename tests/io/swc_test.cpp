#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "io/swc_reader.hpp"

namespace brainemu {
namespace {

std::filesystem::path write_swc(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("brainemu-swc-" + std::to_string(::getpid()) + "-" + name + ".swc");
    std::ofstream(path) << text;
    return path;
}

// A soma of radius 5 at the origin; a basal dendrite of diameter 2 along x, 100 um from its
// first point; an apical dendrite branching in two at its end.
const std::string cell = R"(# id type x y z r parent
1 1 0 0 0 5 -1
2 3 10 0 0 1 1
3 3 60 0 0 1 2
4 3 110 0 0 1 3
5 4 0 10 0 1 1
6 4 0 40 0 1 5
7 4 0 70 0 1.5 6
8 4 10 80 0 1 7
9 4 -10 80 0 1 7
10 2 0 -10 0 0.5 1
11 2 0 -50 0 0.5 10
)";

// Where each problem is reported: the file, the line and the field.
void expect_refused(const std::string& text, std::int64_t line, const std::string& field,
                    const std::string& words) {
    const auto path = write_swc("bad", text);
    try {
        (void)read_morphology(path);
        ADD_FAILURE() << "accepted:\n" << text;
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().path, path.string());
        EXPECT_EQ(e.where().line, line) << e.what();
        EXPECT_EQ(e.where().field, field) << e.what();
        EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
    std::filesystem::remove(path);
}

TEST(swc, bad_files_are_refused_with_their_line_and_field) {
    const std::string soma = "1 1 0 0 0 5 -1\n";
    expect_refused(soma + "2 3 1 2 3 1\n", 2, "", "an SWC line has 7");
    expect_refused(soma + "2 3 1 2 x 1 1\n", 2, "z", "not a finite number");
    expect_refused(soma + "2.5 3 1 2 3 1 1\n", 2, "id", "not an integer");
    expect_refused(soma + "0 3 1 2 3 1 1\n", 2, "id", "below 1");
    expect_refused(soma + "# a comment\n1 3 1 2 3 1 1\n", 3, "id", "already on line 1");
    expect_refused(soma + "2 7 1 2 3 1 1\n", 2, "type", "not one of");
    expect_refused(soma + "2 3 1 2 3 0 1\n", 2, "radius", "not positive");
    expect_refused(soma + "2 3 1 2 3 -1 1\n", 2, "radius", "not positive");
    expect_refused(soma + "2 3 1 2 3 1 -2\n", 2, "parent", "below -1");
    expect_refused(soma + "2 3 1 2 3 1 9\n", 2, "parent", "not in the file");
    expect_refused(soma + "2 3 1 2 3 1 3\n3 3 1 2 4 1 2\n", 2, "parent", "cycle");
    expect_refused(soma + "2 1 9 9 9 5 -1\n", 2, "parent", "second root");
    expect_refused("1 3 0 0 0 5 -1\n", 1, "type", "not a soma");
    expect_refused(soma + "2 1 0 0 5 5 1\n", 2, "type", "single-point somas");
    expect_refused("# nothing\n", 0, "", "no points");
}

TEST(swc, sections_follow_import3d) {
    const auto path = write_swc("cell", cell);
    morphology m = read_morphology(path);
    std::filesystem::remove(path);
    // NEURON's order and names: soma, axon, dend, apic; the apical trunk and its two branches.
    ASSERT_EQ(m.sections.size(), 6u);
    const char* names[] = {"soma[0]", "axon[0]", "dend[0]", "apic[0]", "apic[1]", "apic[2]"};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(m.sections[i].name(), names[i]);
    }
    // The single-point soma: a cylinder along x, length and diameter 10 (the sphere's area).
    EXPECT_DOUBLE_EQ(m.sections[0].length, 10.0);
    // Stems are wired to the soma's middle, from their own first point (no gap length).
    EXPECT_EQ(m.sections[2].parent, 0);
    EXPECT_EQ(m.sections[2].parent_x, 0.5);
    EXPECT_DOUBLE_EQ(m.sections[2].length, 100.0);
    // A branch starts at its parent's last point, with that point's diameter.
    EXPECT_EQ(m.sections[4].parent, 3);
    EXPECT_EQ(m.sections[4].parent_x, 1.0);
    ASSERT_EQ(m.sections[4].points.size(), 2u);
    EXPECT_DOUBLE_EQ(m.sections[4].points[0].diam, 3.0);
    EXPECT_DOUBLE_EQ(m.sections[4].length, std::sqrt(200.0));

    replace_axon_with_stub(m);
    ASSERT_EQ(m.sections.size(), 7u);  // the stubs come last, as bmtk appends them
    EXPECT_EQ(m.sections[5].name(), "axon[0]");
    EXPECT_EQ(m.sections[5].parent, 0);
    EXPECT_EQ(m.sections[6].name(), "axon[1]");
    EXPECT_EQ(m.sections[6].parent, 5);
    EXPECT_EQ(m.sections[3].parent, 2);  // apic[1] still hangs from apic[0], renumbered
    segment_by_length(m, 20.0);
    EXPECT_EQ(m.sections[1].nseg, 5u);  // 1 + 2 floor(100 / 40)
    EXPECT_EQ(m.sections[5].nseg, 1u);
}

// Against the analytic cable: a cylinder's segments are pi d ds in area and 4 Ra ds / (pi d^2)
// in resistance; a frustum's area is pi (r1 + r2) times its slant, and its resistance the
// integral of 4 Ra / (pi d^2), which is 4 Ra L / (pi d1 d2) for a linear taper.
TEST(swc, segment_areas_and_resistances_are_the_cables) {
    const double ra = 100.0, unit = ra * 4.0 * 0.01 / std::numbers::pi;  // megohm um
    cable_section cylinder;
    cylinder.points = {{0, 0, 0, 2}, {50, 0, 0, 2}, {100, 0, 0, 2}};
    cylinder.length = 100;
    cylinder.nseg = 5;
    for (const segment_geometry& g : segments_of(cylinder, ra)) {
        EXPECT_NEAR(g.area_um2, std::numbers::pi * 2 * 20, 1e-9);
        EXPECT_NEAR(g.r_near_mohm, unit * 10 / 4, 1e-12);
        EXPECT_NEAR(g.r_far_mohm, unit * 10 / 4, 1e-12);
    }
    cable_section frustum;
    frustum.points = {{0, 0, 0, 2}, {30, 0, 0, 4}};
    frustum.length = 30;
    frustum.nseg = 1;
    const segment_geometry g = segments_of(frustum, ra)[0];
    EXPECT_NEAR(g.area_um2, std::numbers::pi * 3 * std::sqrt(30.0 * 30 + 1), 1e-9);
    EXPECT_NEAR(g.r_near_mohm, unit * 15 / (2 * 3), 1e-12);  // d = 2 .. 3 over 15 um
    EXPECT_NEAR(g.r_far_mohm, unit * 15 / (3 * 4), 1e-12);   // d = 3 .. 4
}

TEST(swc, an_axon_that_carries_dendrites_is_not_replaced) {
    const auto path = write_swc("axon", "1 1 0 0 0 5 -1\n2 2 0 -10 0 1 1\n3 3 0 -20 0 1 2\n");
    morphology m = read_morphology(path);
    std::filesystem::remove(path);
    EXPECT_THROW(replace_axon_with_stub(m), input_error);
}

}  // namespace
}  // namespace brainemu
