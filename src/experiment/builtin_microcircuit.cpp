#include "experiment/builtin_microcircuit.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "models/weight_mapping.hpp"

namespace brainemu {
namespace {

// The models that can run on weights given in pA with a known time constant (the
// microcircuit's): those with a pA rule and current input (its DC drive).
std::string models_for_pA_networks() {
    std::vector<std::string_view> out;
    for_each_model([&](auto m) {
        using M = decltype(m);
        if (M::accepts_current && (M::weight_unit == "pA" || !from_pA_rule(M::name).empty())) {
            out.push_back(M::name);
        }
    });
    return fmt::format("{}", fmt::join(out, ", "));
}

}  // namespace

microcircuit_spec microcircuit_spec::read(toml_reader& r, double /*dt_ms*/) {
    microcircuit_spec m;
    m.params.scale = r.get_double("scale", 1.0);
    if (!(m.params.scale > 0.0 && m.params.scale <= 1.0)) {
        r.fail("scale", fmt::format("must be in (0, 1], got {}", m.params.scale));
    }
    m.params.k_scale = r.get_double("k_scale", m.params.scale);
    if (!(m.params.k_scale > 0.0 && m.params.k_scale <= 1.0)) {
        r.fail("k_scale", fmt::format("must be in (0, 1], got {}", m.params.k_scale));
    }
    if (r.has("compensation_rates_hz")) {
        const std::vector<double> rates = r.get_doubles("compensation_rates_hz");
        if (rates.size() != 8 || !std::all_of(rates.begin(), rates.end(), [](double x) {
                return x >= 0.0 && std::isfinite(x);
            })) {
            r.fail("compensation_rates_hz",
                   "needs 8 rates >= 0 (Hz), one per population, L23E to L6I");
        }
        std::copy(rates.begin(), rates.end(), m.params.compensation_rates_hz.begin());
    }
    const std::string drive = r.get_string("drive", "dc");
    if (drive == "dc") {
        m.drive = drive_kind::dc;
    } else if (drive == "poisson") {
        m.drive = drive_kind::poisson;
    } else {
        r.fail("drive", fmt::format("'{}' is not one of: dc, poisson", drive));
    }
    m.setup = microcircuit_setup(m.params);
    return m;
}

void microcircuit_spec::write(toml::table& network) const {
    network.insert_or_assign("scale", params.scale);
    network.insert_or_assign("k_scale", params.k_scale);
    network.insert_or_assign("drive", drive == drive_kind::dc ? "dc" : "poisson");
    if (params.compensation_rates_hz != microcircuit_params{}.compensation_rates_hz) {
        toml::array rates;
        for (double x : params.compensation_rates_hz) {
            rates.push_back(x);
        }
        network.insert_or_assign("compensation_rates_hz", std::move(rates));
    }
}

neuron_id microcircuit_spec::neurons() const {
    std::uint32_t n = 0;
    for (const auto& p : setup) {
        n += p.size;
    }
    return n;
}

std::uint64_t microcircuit_spec::synapses_total() const {
    std::uint64_t n = 0;
    for (int t = 0; t < 8; ++t) {
        for (int s = 0; s < 8; ++s) {
            n += microcircuit_pair_synapses(params, t, s);
        }
    }
    return n;
}

std::vector<population> microcircuit_spec::populations() const {
    std::vector<population> out;
    std::uint32_t first = 0;
    for (const auto& p : setup) {
        out.push_back({std::string(p.name), {first, first + p.size}});
        first += p.size;
    }
    return out;
}

// models.md: NEST's iaf_psc_exp as the reference implementation sets it.
model_spec microcircuit_spec::reference_model() const {
    lif_psc_exp::params p;
    p.c_m_pF = 250.0;
    p.tau_m_ms = 10.0;
    p.tau_syn_ex_ms = p.tau_syn_in_ms = microcircuit_tables::tau_syn_ms;
    p.t_ref_ms = 2.0;
    p.e_l_mV = p.v_reset_mV = -65.0;
    p.v_th_mV = -50.0;
    model_spec m;
    m.name = std::string(lif_psc_exp::name);
    m.params = p;
    return m;
}

std::string microcircuit_spec::model_problem(const model_spec& m, std::string_view chosen) const {
    if (!model_accepts_current(m.name)) {
        return fmt::format(
            "model {}{} takes no current, and the microcircuit is driven by DC currents; "
            "models that can run it: {}",
            m.name, chosen, models_for_pA_networks());
    }
    if (!weight_scale_for(std::string(weight_unit), m.params, psc_tau_ms)) {
        const std::string unit = model_weight_unit(m.name);
        return fmt::format(
            "model {}{} takes synaptic weights in {}, and the microcircuit's are PSC amplitudes "
            "in pA with no mapping to {}; models that can run it: {}",
            m.name, chosen, unit, unit, models_for_pA_networks());
    }
    return "";
}

std::vector<voltage_init> microcircuit_spec::population_v_init() const {
    std::vector<voltage_init> out;
    for (const auto& p : setup) {
        voltage_init v;
        v.mean_mV = p.v0_mean_mV;
        v.sd_mV = p.v0_sd_mV;
        out.push_back(v);
    }
    return out;
}

network microcircuit_spec::build(std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                                 const weight_map& to_models) const {
    return build_microcircuit(params, setup, seed, dt_ms, blocks, to_models);
}

// The Poisson weights are PSC amplitudes in pA, mapped like the synapses: one stimulus per
// population and model group.
std::vector<stimulus> microcircuit_spec::external_drive(const network& net,
                                                        const weight_map& groups,
                                                        const model_spec& /*model*/) const {
    std::vector<stimulus> out;
    for (std::size_t p = 0; p < setup.size(); ++p) {
        const auto& s = setup[p];
        const index_range r = net.populations[p].range;
        double dc = s.dc_correction_pA;
        if (drive == drive_kind::dc) {
            dc += s.dc_drive_pA;
        } else {
            std::map<std::uint32_t, std::vector<neuron_id>> by_group;
            for (neuron_id i = r.first; i < r.last; ++i) {
                by_group[groups.group_of[i]].push_back(i);
            }
            for (auto& [g, targets] : by_group) {
                stimulus st;
                st.name = fmt::format("microcircuit Poisson drive {}", s.name);
                st.targets = std::move(targets);
                st.what =
                    poisson_stimulus{s.poisson_rate_hz, groups.scales[g].apply(s.poisson_weight_pA),
                                     receptor_kind::synapse};
                out.push_back(std::move(st));
            }
            // Reference: the external input's part of the k-scaling DC correction.
            dc += 0.001 * microcircuit_tables::tau_syn_ms * (1.0 - std::sqrt(params.k_scale)) *
                  microcircuit_tables::psc_e_pA * microcircuit_tables::k_ext[p] *
                  microcircuit_tables::bg_rate_hz;
        }
        if (dc != 0.0) {
            stimulus st;
            st.name = fmt::format("microcircuit DC drive {}", s.name);
            for (neuron_id i = r.first; i < r.last; ++i) {
                st.targets.push_back(i);
            }
            st.what = current_stimulus{{0.0}, {dc}};
            out.push_back(std::move(st));
        }
    }
    return out;
}

}  // namespace brainemu
