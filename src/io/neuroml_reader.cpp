#include "io/neuroml_reader.hpp"

#include <cctype>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

// One element's start tag: its name, attributes and the line it starts on.
struct xml_tag {
    std::string name;
    std::map<std::string, std::string> attributes;
    std::int64_t line = 0;
    bool closes = false;       // </name>
    bool self_closed = false;  // <name ... />
};

// The start and end tags of a document in order (text, comments and declarations dropped): the
// small part of XML a NeuroML cell uses (no DTDs, no CDATA).
class tag_reader {
public:
    tag_reader(std::string text, std::string path)
        : text_(std::move(text)), path_(std::move(path)) {}

    bool next(xml_tag& tag) {
        while (true) {
            const std::size_t open = text_.find('<', pos_);
            if (open == std::string::npos) {
                return false;
            }
            advance_to(open);
            if (text_.compare(pos_, 4, "<!--") == 0) {
                skip_past("-->");
                continue;
            }
            if (text_.compare(pos_, 2, "<?") == 0 || text_.compare(pos_, 2, "<!") == 0) {
                skip_past(">");
                continue;
            }
            return read_tag(tag);
        }
    }
    [[noreturn]] void fail(std::int64_t line, const std::string& field,
                           const std::string& problem) const {
        throw input_error({path_, line, field}, problem);
    }

private:
    void advance_to(std::size_t p) {
        for (; pos_ < p; ++pos_) {
            line_ += text_[pos_] == '\n' ? 1 : 0;
        }
    }
    void skip_past(const char* end) {
        const std::size_t e = text_.find(end, pos_);
        if (e == std::string::npos) {
            fail(line_, "", std::string("unterminated markup: no closing '") + end + "'");
        }
        advance_to(e + std::char_traits<char>::length(end));
    }
    static bool name_char(char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' ||
               c == ':' || c == '.';
    }
    void skip_space() {
        while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) {
            advance_to(pos_ + 1);
        }
    }
    std::string read_name() {
        const std::size_t start = pos_;
        while (pos_ < text_.size() && name_char(text_[pos_])) {
            ++pos_;
        }
        return text_.substr(start, pos_ - start);
    }
    bool read_tag(xml_tag& tag) {
        tag = xml_tag{};
        tag.line = line_;
        ++pos_;  // '<'
        if (pos_ < text_.size() && text_[pos_] == '/') {
            tag.closes = true;
            ++pos_;
        }
        tag.name = read_name();
        if (tag.name.empty()) {
            fail(line_, "", "a '<' that starts no element name");
        }
        while (true) {
            skip_space();
            if (pos_ >= text_.size()) {
                fail(tag.line, tag.name, "the file ends inside this tag");
            }
            if (text_[pos_] == '>') {
                ++pos_;
                return true;
            }
            if (text_.compare(pos_, 2, "/>") == 0) {
                pos_ += 2;
                tag.self_closed = true;
                return true;
            }
            const std::string key = read_name();
            skip_space();
            if (key.empty() || pos_ >= text_.size() || text_[pos_] != '=') {
                fail(line_, tag.name, "an attribute is not of the form name=\"value\"");
            }
            ++pos_;
            skip_space();
            const char quote = pos_ < text_.size() ? text_[pos_] : '\0';
            const std::size_t end =
                quote == '"' || quote == '\'' ? text_.find(quote, pos_ + 1) : std::string::npos;
            if (end == std::string::npos) {
                fail(line_, tag.name + "." + key, "an attribute value is not quoted");
            }
            tag.attributes[key] = text_.substr(pos_ + 1, end - pos_ - 1);
            advance_to(end + 1);
        }
    }

    std::string text_, path_;
    std::size_t pos_ = 0;
    std::int64_t line_ = 1;
};

// A NeuroML quantity "<number> <unit>" in brainemu's unit for it.
double quantity(const tag_reader& in, const xml_tag& tag, const std::string& key,
                const std::map<std::string, double>& units) {
    const auto it = tag.attributes.find(key);
    const std::string field = tag.name + "." + key;
    if (it == tag.attributes.end()) {
        in.fail(tag.line, field, "missing");
    }
    std::istringstream text(it->second);
    double value = 0;
    std::string unit;
    text >> value;
    if (text.fail() || !std::isfinite(value)) {
        in.fail(tag.line, field, "'" + it->second + "' is not a finite number");
    }
    text >> unit;
    const auto scale = units.find(unit);
    if (scale == units.end()) {
        std::string known;
        for (const auto& [name, factor] : units) {
            known += (known.empty() ? "" : ", ") + (name.empty() ? std::string("none") : name);
        }
        in.fail(tag.line, field, "unit '" + unit + "' is not one of " + known);
    }
    return value * scale->second;
}

const std::map<std::string, double> kConductance{
    {"S_per_cm2", 1.0}, {"mS_per_cm2", 1e-3}, {"S_per_m2", 1e-4}};
const std::map<std::string, double> kVoltage{{"mV", 1.0}, {"V", 1e3}};
const std::map<std::string, double> kCapacitance{{"uF_per_cm2", 1.0}, {"F_per_m2", 100.0}};
const std::map<std::string, double> kResistivity{
    {"ohm_cm", 1.0}, {"kohm_cm", 1e3}, {"ohm_m", 100.0}};
const std::map<std::string, double> kConcentration{{"mM", 1.0}, {"M", 1e3}, {"mol_per_m3", 1.0}};
const std::map<std::string, double> kTime{{"ms", 1.0}, {"s", 1e3}};
const std::map<std::string, double> kLength{{"um", 1.0}, {"m", 1e6}, {"cm", 1e4}};
const std::map<std::string, double> kNone{{"", 1.0}};

std::string attribute(const tag_reader& in, const xml_tag& tag, const std::string& key) {
    const auto it = tag.attributes.find(key);
    if (it == tag.attributes.end()) {
        in.fail(tag.line, tag.name + "." + key, "missing");
    }
    return it->second;
}

section_mask group_of(const tag_reader& in, const xml_tag& tag) {
    const std::string g = tag.attributes.count("segmentGroup") != 0
                              ? tag.attributes.at("segmentGroup")
                              : std::string("all");
    for (section_type t :
         {section_type::soma, section_type::axon, section_type::dend, section_type::apic}) {
        if (g == to_string(t)) {
            return mask_of(t);
        }
    }
    if (g == "all") {
        return all_sections;
    }
    in.fail(tag.line, tag.name + ".segmentGroup",
            "'" + g + "' is not one of soma, axon, dend, apic, all");
}

// Sets one field of the membrane of every section type in `where`.
template <class F>
void per_type(membrane_by_type& m, section_mask where, F set) {
    for (auto [t, p] : {std::pair{section_type::soma, &m.soma},
                        {section_type::axon, &m.axon},
                        {section_type::dend, &m.dend},
                        {section_type::apic, &m.apic}}) {
        if ((where & mask_of(t)) != 0) {
            set(*p);
        }
    }
}

struct reader_state {
    cell_biophysics cell;
    section_mask capacitance_set = 0;
    bool resistivity_set = false;
    bool in_cell = false;
    std::map<std::string, calcium_dynamics> calcium_models;
    std::string calcium_model_used;
    std::int64_t calcium_line = 0;
};

void channel_density_tag(const tag_reader& in, const xml_tag& tag, reader_state& st) {
    const std::string name = attribute(in, tag, "ionChannel");
    const section_mask where = group_of(in, tag);
    const double g = quantity(in, tag, "condDensity", kConductance);
    if (g < 0) {
        in.fail(tag.line, tag.name + ".condDensity", "a conductance density is not negative");
    }
    if (name == "pas") {
        const double e = quantity(in, tag, "erev", kVoltage);
        per_type(st.cell.membrane, where, [&](membrane_params& p) {
            p.g_pas_s_per_cm2 = g;
            p.e_pas_mv = e;
        });
        return;
    }
    const std::optional<channel_kind> kind = channel_by_name(name);
    if (!kind) {
        in.fail(tag.line, tag.name + ".ionChannel",
                "brainemu has no channel '" + name +
                    "' (it has NaTs, Nap, NaV, K_P, K_T, Kv3_1, Kd, Kv2like, Im, Im_v2, SK, Ih, "
                    "Ca_HVA, Ca_LVA and pas)");
    }
    const ion carries = info(*kind).carries;
    if (tag.name == "channelDensityNernst") {
        if (carries != ion::ca) {
            in.fail(tag.line, tag.name + ".ionChannel",
                    name + " does not carry calcium; only calcium follows Nernst here");
        }
    } else if (carries == ion::ca) {
        in.fail(tag.line, tag.name, name + " carries calcium: give it as channelDensityNernst");
    } else {
        const double e = quantity(in, tag, "erev", kVoltage);
        if (carries == ion::hcn) {
            if (std::fabs(e - (-45.0)) > 1e-9) {
                in.fail(tag.line, tag.name + ".erev",
                        "Ih's reversal is part of the published channel (-45 mV)");
            }
        } else {
            st.cell.reversals.push_back({carries, where, e});
        }
    }
    st.cell.channels.push_back({*kind, where, g});
}

void membrane_tag(const tag_reader& in, const xml_tag& tag, reader_state& st) {
    if (tag.name == "channelDensity" || tag.name == "channelDensityNernst") {
        channel_density_tag(in, tag, st);
    } else if (tag.name == "specificCapacitance") {
        const section_mask where = group_of(in, tag);
        const double cm = quantity(in, tag, "value", kCapacitance);
        if (cm <= 0) {
            in.fail(tag.line, tag.name + ".value", "a capacitance is positive");
        }
        per_type(st.cell.membrane, where, [&](membrane_params& p) { p.cm_uf_per_cm2 = cm; });
        st.capacitance_set |= where;
    } else if (tag.name == "resistivity") {
        if (group_of(in, tag) != all_sections) {
            in.fail(tag.line, tag.name + ".segmentGroup",
                    "brainemu takes one axial resistivity for the whole cell (segmentGroup "
                    "\"all\")");
        }
        const double ra = quantity(in, tag, "value", kResistivity);
        if (ra <= 0) {
            in.fail(tag.line, tag.name + ".value", "a resistivity is positive");
        }
        per_type(st.cell.membrane, all_sections, [&](membrane_params& p) { p.ra_ohm_cm = ra; });
        st.resistivity_set = true;
    } else if (tag.name == "species") {
        if (attribute(in, tag, "ion") != "ca") {
            in.fail(tag.line, tag.name + ".ion", "only calcium is a modelled species");
        }
        const double cao = quantity(in, tag, "initialExtConcentration", kConcentration);
        if (std::fabs(cao - 2.0) > 1e-12) {
            in.fail(tag.line, tag.name + ".initialExtConcentration",
                    "brainemu keeps NEURON's 2 mM outside");
        }
        st.calcium_model_used = attribute(in, tag, "concentrationModel");
        st.calcium_line = tag.line;
    } else {
        in.fail(tag.line, tag.name,
                "brainemu does not model this element of a cell's biophysicalProperties");
    }
}

void concentration_model_tag(const tag_reader& in, const xml_tag& tag, reader_state& st) {
    if (attribute(in, tag, "type") != "CaDynamics") {
        in.fail(tag.line, tag.name + ".type", "brainemu's calcium model is CaDynamics");
    }
    if (attribute(in, tag, "ion") != "ca") {
        in.fail(tag.line, tag.name + ".ion", "CaDynamics models calcium");
    }
    calcium_dynamics c;
    c.where = group_of(in, tag);
    c.min_cai_mm = quantity(in, tag, "minCai", kConcentration);
    c.decay_ms = quantity(in, tag, "decay", kTime);
    c.depth_um = quantity(in, tag, "depth", kLength);
    c.gamma = quantity(in, tag, "gamma", kNone);
    if (c.decay_ms <= 0 || c.depth_um <= 0 || c.min_cai_mm <= 0 || c.gamma < 0) {
        in.fail(tag.line, tag.name,
                "decay, depth and minCai are positive and gamma is not negative");
    }
    st.calcium_models[attribute(in, tag, "id")] = c;
}

}  // namespace

cell_biophysics read_neuroml_cell(const std::filesystem::path& path) {
    std::ifstream file(path);
    if (!file) {
        throw input_error({path.string(), 0, ""}, "cannot open the NeuroML cell file");
    }
    std::stringstream text;
    text << file.rdbuf();
    tag_reader in(text.str(), path.string());
    reader_state st;
    st.cell.source = path.string();
    std::vector<std::string> open;  // the elements we are inside
    std::int64_t skip_depth = 0;    // inside <notes> or <annotation>
    bool saw_cell = false;
    xml_tag tag;
    while (in.next(tag)) {
        if (tag.closes) {
            if (open.empty() || open.back() != tag.name) {
                in.fail(tag.line, tag.name, "a closing tag that matches no open element");
            }
            open.pop_back();
            skip_depth -= skip_depth > 0 ? 1 : 0;
            continue;
        }
        const std::string parent = open.empty() ? "" : open.back();
        if (skip_depth > 0 || tag.name == "notes" || tag.name == "annotation") {
            if (!tag.self_closed) {
                open.push_back(tag.name);
                ++skip_depth;
            }
            continue;
        }
        if (parent.empty() && tag.name != "neuroml") {
            in.fail(tag.line, tag.name, "a NeuroML document's root is <neuroml>");
        } else if (parent == "neuroml") {
            if (tag.name == "concentrationModel") {
                concentration_model_tag(in, tag, st);
            } else if (tag.name == "cell") {
                if (saw_cell) {
                    in.fail(tag.line, tag.name, "a cell file holds one <cell>");
                }
                saw_cell = true;
            } else {
                in.fail(tag.line, tag.name,
                        "brainemu reads a NeuroML <cell> and its <concentrationModel>; its "
                        "channel kinetics are built in, not read");
            }
        } else if (parent == "cell") {
            if (tag.name != "biophysicalProperties") {
                in.fail(tag.line, tag.name,
                        "brainemu reads a cell's biophysicalProperties; its morphology comes "
                        "from the SWC file");
            }
        } else if (parent == "biophysicalProperties") {
            if (tag.name != "membraneProperties" && tag.name != "intracellularProperties") {
                in.fail(tag.line, tag.name, "not an element of biophysicalProperties");
            }
        } else if (parent == "membraneProperties" || parent == "intracellularProperties") {
            membrane_tag(in, tag, st);
        } else if (!parent.empty()) {
            in.fail(tag.line, tag.name, "not expected inside <" + parent + ">");
        }
        if (!tag.self_closed) {
            open.push_back(tag.name);
        }
    }
    if (!open.empty()) {
        in.fail(0, open.back(), "the file ends before this element is closed");
    }
    if (!saw_cell) {
        in.fail(0, "cell", "the file holds no <cell>");
    }
    if (!st.resistivity_set) {
        in.fail(0, "resistivity", "the cell gives no axial resistivity");
    }
    if (st.capacitance_set == 0) {
        in.fail(0, "specificCapacitance", "the cell gives no membrane capacitance");
    }
    st.cell.capacitance_given = st.capacitance_set;
    if (!st.calcium_model_used.empty()) {
        const auto it = st.calcium_models.find(st.calcium_model_used);
        if (it == st.calcium_models.end()) {
            in.fail(st.calcium_line, "species.concentrationModel",
                    "no concentrationModel with id '" + st.calcium_model_used + "'");
        }
        st.cell.calcium = it->second;
    } else if (st.calcium_models.size() == 1) {
        st.cell.calcium = st.calcium_models.begin()->second;
    }
    return st.cell;
}

}  // namespace brainemu
