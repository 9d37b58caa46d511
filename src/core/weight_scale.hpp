#pragma once
// A change of a synaptic weight's unit, linear on each side of zero: a conductance model maps
// a current's excitatory and inhibitory weights through different driving forces.

#include <optional>
#include <string_view>

namespace brainemu {

struct weight_scale {
    double excitatory = 1.0;  // factor for w >= 0
    double inhibitory = 1.0;  // factor for w < 0

    [[nodiscard]] bool identity() const { return excitatory == 1.0 && inhibitory == 1.0; }
    [[nodiscard]] double apply(double w) const { return w * (w >= 0.0 ? excitatory : inhibitory); }
};

// Weights given in pA, amplitudes of exponential currents with time constant tau_psc_ms, as
// voltage jumps of the same charge on a capacitance c_m_pF: w tau / C mV. None without a time
// constant (NaN).
inline constexpr std::string_view equal_charge_rule =
    "w_mV = w_pA * tau_psc / c_m_pF (same charge)";
[[nodiscard]] inline std::optional<weight_scale> equal_charge_jump(double tau_psc_ms,
                                                                   double c_m_pF) {
    if (!(tau_psc_ms > 0.0)) {
        return std::nullopt;
    }
    const double s = tau_psc_ms / c_m_pF;
    return weight_scale{s, s};
}

}  // namespace brainemu
