#include "experiment/builtin_brunel.hpp"

#include <cmath>
#include <numeric>

#include <fmt/format.h>

namespace brainemu {

void read_brunel_coupling(toml_reader& r, double dt_ms, brunel_coupling& c) {
    c.g = r.get_double("g", 5.0);
    c.eta = r.get_double("eta", 2.0);
    c.j_mV = r.get_double("j_mV", 0.1);
    c.delay_ms = r.get_double("delay_ms", 1.5);
    if (!(c.j_mV > 0.0)) {
        r.fail("j_mV", fmt::format("must be > 0, got {}", c.j_mV));
    }
    if (!(c.g >= 0.0)) {
        r.fail("g", "must be >= 0");
    }
    if (!(c.eta >= 0.0)) {
        r.fail("eta", "must be >= 0");
    }
    if (!(c.delay_ms >= dt_ms * (1.0 - 1e-9))) {
        r.fail("delay_ms",
               fmt::format("{} ms is shorter than one step (dt = {} ms)", c.delay_ms, dt_ms));
    }
    if (!(c.delay_ms / dt_ms <= 65535.0)) {
        r.fail("delay_ms", "exceeds 65535 steps");
    }
}

void write_brunel_coupling(const brunel_coupling& c, toml::table& network) {
    network.insert_or_assign("g", c.g);
    network.insert_or_assign("eta", c.eta);
    network.insert_or_assign("j_mV", c.j_mV);
    network.insert_or_assign("delay_ms", c.delay_ms);
}

// models.md: the delta-synapse LIF of Brunel's model A.
model_spec brunel_reference_model() {
    lif_psc_delta::params p;
    p.c_m_pF = 250.0;
    p.tau_m_ms = 20.0;
    p.t_ref_ms = 2.0;
    p.e_l_mV = 0.0;
    p.v_reset_mV = 10.0;
    p.v_th_mV = 20.0;
    model_spec m;
    m.name = std::string(lif_psc_delta::name);
    m.params = p;
    // Our choice (models.md is silent): uniform in [reset, threshold) so the run does not
    // open with every neuron in lock step.
    m.v_init.low_mV = 10.0;
    m.v_init.high_mV = 20.0;
    return m;
}

std::string brunel_model_problem(const model_spec& m, std::string_view network) {
    if (m.name != lif_psc_delta::name) {
        return fmt::format(
            "{}'s drive and weights are defined for lif_psc_delta; other models run on the "
            "microcircuit, edge lists and connectomes",
            network);
    }
    return "";
}

std::vector<stimulus> brunel_drive(const network& net, brunel_coupling c, std::uint32_t c_e,
                                   const model_spec& model, std::string name) {
    const auto& mp = std::get<lif_psc_delta::params>(model.params);
    c.theta_mV = mp.v_th_mV - mp.e_l_mV;
    if (!(c.theta_mV > 0.0)) {
        throw input_error({model.where.path, 0, "model.params.v_th_mV"},
                          "the Brunel drive needs a threshold above rest (v_th_mV > e_l_mV)");
    }
    c.tau_m_ms = mp.tau_m_ms;
    stimulus st;
    st.name = std::move(name);
    st.targets = held_neurons(net);  // the neurons this process runs: all, but on a rank
    st.what = poisson_stimulus{c.external_rate_hz(c_e), c.j_mV, receptor_kind::synapse};
    return {std::move(st)};
}

brunel_spec brunel_spec::read(toml_reader& r, double dt_ms) {
    brunel_spec b;
    b.scale = r.get_double("scale", 1.0);
    if (!(b.scale > 0.0 && b.scale <= 10.0)) {
        r.fail("scale", fmt::format("must be in (0, 10], got {}", b.scale));
    }
    b.params.n_e = static_cast<std::uint32_t>(std::lround(10000 * b.scale));
    b.params.n_i = static_cast<std::uint32_t>(std::lround(2500 * b.scale));
    if (b.params.n_e * b.params.epsilon < 1.0 || b.params.n_i * b.params.epsilon < 1.0) {
        r.fail("scale", fmt::format("{} leaves fewer than one input per population "
                                    "(in-degree = 0.1 x N)",
                                    b.scale));
    }
    read_brunel_coupling(r, dt_ms, b.params);
    return b;
}

void brunel_spec::write(toml::table& network) const {
    write_brunel_coupling(params, network);
    network.insert_or_assign("scale", scale);
}

std::vector<population> brunel_spec::populations() const {
    return {{"E", {0, params.n_e}}, {"I", {params.n_e, params.n_e + params.n_i}}};
}

model_spec brunel_spec::reference_model() const {
    return brunel_reference_model();
}

std::string brunel_spec::model_problem(const model_spec& m, std::string_view /*chosen*/) const {
    return brunel_model_problem(m, "the Brunel network");
}

network brunel_spec::build(std::uint64_t seed, double dt_ms, const neuron_layout& blocks,
                           const weight_map& /*to_models*/) const {
    return build_brunel(params, seed, dt_ms, blocks);
}

std::vector<stimulus> brunel_spec::external_drive(const network& net, const weight_map& /*groups*/,
                                                  const model_spec& model) const {
    return brunel_drive(net, params, params.c_e(), model, "Brunel external drive");
}

}  // namespace brainemu
