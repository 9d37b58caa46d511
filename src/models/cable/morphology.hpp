#pragma once
// A neuron's morphology as NEURON builds it from an SWC file: Import3d's sections (maximal
// unbranched runs of points of one type), the Allen perisomatic axon replacement, a segment count
// per section from a length rule, and each segment's membrane area and axial resistances
// integrated over the section's 3-D points as NEURON's treeset.cpp integrates them (frustum
// areas, the exact integral of 1/d^2 along linear tapers, in half-segments). A cable solver on
// these figures solves the equations NEURON solves for the same file.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace brainemu {

enum class section_type : std::uint8_t { soma = 1, axon = 2, dend = 3, apic = 4 };
[[nodiscard]] std::string_view to_string(section_type t);  // NEURON's names: soma, axon, ...

// One SWC line: its id, type, position and radius (um), parent id (-1 for a root) and the line
// it came from (for messages).
struct swc_point {
    std::int64_t id = 0;
    section_type type = section_type::soma;
    double x = 0, y = 0, z = 0, radius = 0;
    std::int64_t parent = -1;
    std::int64_t line = 0;
};

struct pt3d {
    double x = 0, y = 0, z = 0, diam = 0;
};

struct cable_section {
    section_type type = section_type::soma;
    std::uint32_t index = 0;   // within its type: dend[index]
    std::int32_t parent = -1;  // into morphology::sections; -1 for the root
    double parent_x = 1.0;     // where on the parent it attaches: 0.5 (the soma's middle) or 1
    // The 3-D points (arc length along them is the section's length); empty for a cylinder
    // given by length and diam (the axon stubs).
    std::vector<pt3d> points;
    double length = 0, diam = 0;  // um
    std::uint32_t nseg = 1;
    [[nodiscard]] std::string name() const;  // "dend[3]"
};

struct morphology {
    std::string path;  // for messages
    std::vector<cable_section>
        sections;  // NEURON's order: soma, axon, dend, apic; file order within
};

// Import3d's sections from an SWC file's points (read by io/swc_reader). Refuses, naming the
// file and line: a parent id that is not in the file, points that do not reach the root (a
// cycle), more than one root, a root that is not a soma, a soma of more than one point.
[[nodiscard]] morphology sections_from_swc(const std::vector<swc_point>& points,
                                           const std::string& path);

// The Allen Cell Types perisomatic models' axon (bmtk's fix_axon_peri): the reconstructed axon
// is removed and two 30 um sections of 1 um diameter take its place, the first at the soma's
// middle, the second at the first's end. Refuses a morphology whose axon carries other types.
void replace_axon_with_stub(morphology& m);

// Segments per section by NEURON's d_lambda-free length rule as bmtk applies it:
// nseg = 1 + 2 floor(L / (2 dL)), an odd count.
void segment_by_length(morphology& m, double dl_um);

// Segment k of a section: membrane area (um^2) and the axial resistances of its two halves
// (megohm) for an axial resistivity ra (ohm cm). NEURON's ri(x) of segment k is the parent-side
// half of k plus the far half of k - 1 (of the first segment: its own parent-side half).
struct segment_geometry {
    double area_um2 = 0;
    double r_near_mohm = 0, r_far_mohm = 0;  // near = toward x = 0
};
[[nodiscard]] std::vector<segment_geometry> segments_of(const cable_section& s, double ra_ohm_cm);

}  // namespace brainemu
