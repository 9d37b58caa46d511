// Prints the voltage of a passive cell under a current step, for morphology_neuron_test.py to
// hold against NEURON's:
//   cable_trace CELL.swc DT_MS TSTOP_MS AMP_NA DELAY_MS DUR_MS V_INIT RA CM G_PAS E_PAS SECTION...
// CM, G_PAS and E_PAS are one value or four (soma,axon,dend,apic); each SECTION (e.g. dend[10])
// is recorded at its middle, after the soma.
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "io/swc_reader.hpp"
#include "models/cable/cable_tree.hpp"

namespace {

std::vector<double> per_type(const char* text) {
    std::vector<double> v;
    std::stringstream in(text);
    std::string item;
    while (std::getline(in, item, ',')) {
        v.push_back(std::strtod(item.c_str(), nullptr));
    }
    if (v.size() == 1) {
        v.assign(4, v[0]);
    }
    return v;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace brainemu;
    if (argc < 12) {
        std::fprintf(stderr,
                     "usage: cable_trace CELL.swc DT TSTOP AMP DELAY DUR V_INIT RA CM "
                     "G_PAS E_PAS [SECTION...]\n");
        return 2;
    }
    auto num = [&](int i) { return std::strtod(argv[i], nullptr); };
    morphology m = read_morphology(argv[1]);
    replace_axon_with_stub(m);
    segment_by_length(m, 20.0);
    const double dt = num(2), tstop = num(3), amp = num(4), delay = num(5), dur = num(6);
    const std::vector<double> cm = per_type(argv[9]), g = per_type(argv[10]),
                              e = per_type(argv[11]);
    if (cm.size() != 4 || g.size() != 4 || e.size() != 4) {
        std::fprintf(stderr, "cable_trace: CM, G_PAS and E_PAS take 1 or 4 values\n");
        return 2;
    }
    auto membrane = [&](int t) { return membrane_params{cm[t], num(8), g[t], e[t]}; };
    cable_tree cell(m, membrane_by_type{membrane(0), membrane(1), membrane(2), membrane(3)});
    std::vector<std::uint32_t> recorded{cell.node_at(0, 0.5)};
    for (int i = 12; i < argc; ++i) {
        for (std::uint32_t s = 0; s < m.sections.size(); ++s) {
            if (m.sections[s].name() == argv[i]) {
                recorded.push_back(cell.node_at(s, 0.5));
            }
        }
    }
    cell.initialize(num(7));
    std::vector<double> injected(cell.nodes(), 0.0);
    const auto steps = static_cast<long>(tstop / dt + 0.5);
    for (long n = 0; n < steps; ++n) {
        // NEURON samples an IClamp at the step's middle.
        const double mid = (static_cast<double>(n) + 0.5) * dt;
        injected[recorded[0]] = mid >= delay && mid < delay + dur ? amp : 0.0;
        cell.step(dt, injected);
        for (std::size_t r = 0; r < recorded.size(); ++r) {
            std::printf("%s%.17g", r == 0 ? "" : " ", cell.v(recorded[r]));
        }
        std::printf("\n");
    }
    return 0;
}
