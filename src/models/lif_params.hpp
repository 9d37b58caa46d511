#pragma once
// The parameters NEST's current-based LIF neurons share (iaf_psc_exp, iaf_psc_alpha), with
// NEST's defaults and one validation; each model keeps its own `fields` table, since the
// synaptic time constants mean different things (an exponential's decay, an alpha's rise).

#include <fmt/format.h>

#include "models/model_common.hpp"

namespace brainemu {

struct current_lif_params {
    double c_m_pF = 250.0;
    double tau_m_ms = 10.0;
    double tau_syn_ex_ms = 2.0;
    double tau_syn_in_ms = 2.0;
    double t_ref_ms = 2.0;
    double e_l_mV = -70.0;
    double v_reset_mV = -70.0;
    double v_th_mV = -55.0;
    double i_e_pA = 0.0;

    void validate(const input_location& where) const {
        require_positive(where, "c_m_pF", c_m_pF);
        require_positive(where, "tau_m_ms", tau_m_ms);
        require_positive(where, "tau_syn_ex_ms", tau_syn_ex_ms);
        require_positive(where, "tau_syn_in_ms", tau_syn_in_ms);
        require_non_negative(where, "t_ref_ms", t_ref_ms);
        require_finite(where, "e_l_mV", e_l_mV);
        require_finite(where, "i_e_pA", i_e_pA);
        require_finite(where, "v_th_mV", v_th_mV);
        if (!(v_reset_mV < v_th_mV)) {
            param_problem(where, "v_reset_mV",
                          fmt::format("must be below v_th_mV ({}), got {}", v_th_mV, v_reset_mV));
        }
    }
};

}  // namespace brainemu
