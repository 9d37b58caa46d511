#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "io/neuroml_reader.hpp"

namespace brainemu {
namespace {

std::filesystem::path write_nml(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("brainemu-nml-" + std::to_string(::getpid()) + "-" + name + ".cell.nml");
    std::ofstream(path) << text;
    return path;
}

// The shape of an Allen perisomatic export, cut to a few channels; line numbers matter below.
std::string cell(
    const std::string& extra_membrane = "",
    const std::string& resistivity = R"(<resistivity segmentGroup="all" value="138.28 ohm_cm"/>)") {
    return R"(<neuroml xmlns="http://www.neuroml.org/schema/neuroml2" id="x">
  <concentrationModel id="CaDynamics" type="CaDynamics" segmentGroup="soma" minCai="1e-4 mM" decay="717.9 ms" depth="0.1 um" gamma="0.00125" ion="ca"/>
  <cell id="1">
    <notes>free text, <b>even markup</b></notes>
    <biophysicalProperties id="biophys">
      <membraneProperties>
        <channelDensity id="a" segmentGroup="soma" ion="na" ionChannel="NaTs" erev="53.0 mV" condDensity="0.98 S_per_cm2"/>
        <channelDensity id="b" segmentGroup="soma" ion="k" ionChannel="K_T" erev="-107.0 mV" condDensity="7.3 mS_per_cm2"/>
        <channelDensity id="c" segmentGroup="all" ion="non_specific" ionChannel="pas" erev="-92.5 mV" condDensity="3e-06 S_per_cm2"/>
        <channelDensityNernst id="d" ionChannel="Ca_LVA" condDensity="0.007 S_per_cm2" segmentGroup="soma" ion="ca"/>
        <specificCapacitance segmentGroup="soma" value="1.0 uF_per_cm2"/>
        <specificCapacitance segmentGroup="dend" value="2.12 uF_per_cm2"/>
)" + extra_membrane +
           R"(      </membraneProperties>
      <intracellularProperties>
        <species segmentGroup="soma" ion="ca" initialExtConcentration="2 mM" concentrationModel="CaDynamics" id="ca" initialConcentration="0.0001 mM"/>
        )" +
           resistivity + R"(
      </intracellularProperties>
    </biophysicalProperties>
  </cell>
</neuroml>
)";
}

TEST(NeuromlReader, ReadsAnAllenCellInBrainemuUnits) {
    const cell_biophysics b = read_neuroml_cell(write_nml("good", cell()));
    ASSERT_EQ(b.channels.size(), 3U);
    EXPECT_EQ(b.channels[0].kind, channel_kind::NaTs);
    EXPECT_EQ(b.channels[0].where, mask_of(section_type::soma));
    EXPECT_DOUBLE_EQ(b.channels[0].gbar_s_per_cm2, 0.98);
    EXPECT_DOUBLE_EQ(b.channels[1].gbar_s_per_cm2, 7.3e-3);  // mS_per_cm2
    EXPECT_EQ(b.channels[2].kind, channel_kind::Ca_LVA);
    ASSERT_EQ(b.reversals.size(), 2U);
    EXPECT_EQ(b.reversals[1].of, ion::k);
    EXPECT_DOUBLE_EQ(b.reversals[1].e_mv, -107.0);
    EXPECT_DOUBLE_EQ(b.membrane.apic.g_pas_s_per_cm2, 3e-6);  // "all"
    EXPECT_DOUBLE_EQ(b.membrane.soma.e_pas_mv, -92.5);
    EXPECT_DOUBLE_EQ(b.membrane.dend.cm_uf_per_cm2, 2.12);
    EXPECT_DOUBLE_EQ(b.membrane.axon.ra_ohm_cm, 138.28);
    EXPECT_EQ(b.capacitance_given, mask_of(section_type::soma) | mask_of(section_type::dend));
    ASSERT_TRUE(b.calcium.has_value());
    EXPECT_DOUBLE_EQ(b.calcium->decay_ms, 717.9);
    EXPECT_DOUBLE_EQ(b.calcium->gamma, 0.00125);
}

void expect_refused(const std::string& text, std::int64_t line, const std::string& field,
                    const std::string& words) {
    try {
        (void)read_neuroml_cell(write_nml("bad", text));
        FAIL() << "accepted; expected a refusal at line " << line << " " << field;
    } catch (const input_error& e) {
        EXPECT_EQ(e.where().line, line) << e.what();
        EXPECT_EQ(e.where().field, field) << e.what();
        EXPECT_NE(e.problem().find(words), std::string::npos) << e.what();
    }
}

TEST(NeuromlReader, RefusesWhatItDoesNotModelNamingLineAndAttribute) {
    const std::string unknown =
        R"(        <channelDensity id="e" segmentGroup="soma" ion="k" ionChannel="Kv7" erev="-107 mV" condDensity="1 S_per_cm2"/>
)";
    expect_refused(cell(unknown), 13, "channelDensity.ionChannel", "no channel 'Kv7'");
    const std::string no_density =
        R"(        <channelDensity id="e" segmentGroup="soma" ion="k" ionChannel="SK" erev="-107 mV"/>
)";
    expect_refused(cell(no_density), 13, "channelDensity.condDensity", "missing");
    const std::string bad_unit =
        R"(        <channelDensity id="e" segmentGroup="soma" ion="k" ionChannel="SK" erev="-107 mV" condDensity="1 S_per_um2"/>
)";
    expect_refused(cell(bad_unit), 13, "channelDensity.condDensity", "unit 'S_per_um2'");
    const std::string not_number =
        R"(        <channelDensity id="e" segmentGroup="soma" ion="k" ionChannel="SK" erev="x mV" condDensity="1 S_per_cm2"/>
)";
    expect_refused(cell(not_number), 13, "channelDensity.erev", "not a finite number");
    const std::string group =
        R"(        <channelDensity id="e" segmentGroup="spine" ion="k" ionChannel="SK" erev="-107 mV" condDensity="1 S_per_cm2"/>
)";
    expect_refused(cell(group), 13, "channelDensity.segmentGroup", "'spine'");
    const std::string population = R"(        <channelPopulation id="p" ionChannel="SK" number="3"/>
)";
    expect_refused(cell(population), 13, "channelPopulation", "does not model");
    const std::string ca_plain =
        R"(        <channelDensity id="e" segmentGroup="soma" ion="ca" ionChannel="Ca_HVA" erev="120 mV" condDensity="1 S_per_cm2"/>
)";
    expect_refused(cell(ca_plain), 13, "channelDensity", "channelDensityNernst");
    expect_refused(cell("", ""), 0, "resistivity", "no axial resistivity");
    expect_refused("<neuroml><cell id=\"1\"><biophysicalProperties>", 0, "biophysicalProperties",
                   "ends before");
}

}  // namespace
}  // namespace brainemu
