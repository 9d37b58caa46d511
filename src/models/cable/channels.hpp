#pragma once
// The ion channels of the Allen Cell Types "perisomatic" models (Hay et al. 2011; Allen
// Institute, "Biophysical modeling - perisomatic", 2017 white paper; Carter et al. 2012 for
// NaV), written from their published equations as brainemu's own kernels.
//
// A channel's conductance is gbar times an open fraction of gating states. Each Hodgkin-Huxley
// gate relaxes to its steady state x_inf(v) with time constant tau(v); over a step it advances
// exactly for rates frozen at the step's new voltage (NEURON's cnexp), so a gate's update is
// x += (1 - exp(-dt / tau)) (x_inf - x). NaV is a 12-state Markov scheme, advanced by backward
// Euler (NEURON's sparse method for kinetic schemes). Temperature enters through
// q10 factors 2.3^((celsius - T_ref) / 10), with T_ref per channel as published.
//
// Units: mV, ms, mM, S/cm^2 for densities.

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace brainemu {

enum class channel_kind : std::uint8_t {
    NaTs,     // transient Na, m^3 h (Colbert & Pan 2002, as Hay et al. 2011)
    Nap,      // persistent Na, m_inf(v) h (Magistretti & Alonso 1999)
    NaV,      // Na, 12-state Markov (Carter et al. 2012)
    K_P,      // persistent K, m^2 h (Korngreen & Sakmann 2000)
    K_T,      // transient K, m^4 h (Korngreen & Sakmann 2000)
    Kv3_1,    // fast K, m (Rettig et al. 1992)
    Kd,       // D-type K, m h (Foust et al. 2011)
    Kv2like,  // m^2 (h1 + h2) / 2
    Im,       // muscarinic K, m (Adams et al. 1982)
    Im_v2,    // muscarinic K, m (the PV models' refit)
    SK,       // small-conductance Ca-activated K, z(cai) (Kohler et al. 1996)
    Ih,       // hyperpolarisation-activated cation, m (Kole et al. 2006)
    Ca_HVA,   // high-voltage-activated Ca, m^2 h (Reuveni et al. 1993)
    Ca_LVA,   // low-voltage-activated Ca, m^2 h (Avery & Johnston 1996)
};
inline constexpr std::size_t channel_kinds = 14;

enum class ion : std::uint8_t { na, k, ca, hcn };

// The most gating states any channel has (NaV's 12).
inline constexpr std::size_t max_channel_states = 12;

struct channel_info {
    std::string_view name;  // the NEURON SUFFIX and NeuroML ionChannel name
    ion carries;
    std::uint8_t states;
    // Floating-point operations of one instance's step (its current and slope, its rates and
    // gate updates), counted by hand from channels.cpp with an exp, pow or log counting 20, as
    // the point models count theirs.
    double flop_per_step;
};
[[nodiscard]] const channel_info& info(channel_kind k);
[[nodiscard]] std::optional<channel_kind> channel_by_name(std::string_view name);

using channel_state = std::array<double, max_channel_states>;

// Where a channel's gates sit in a cell: the membrane voltage and, for SK, the calcium
// concentration at its compartment.
struct channel_env {
    double v_mv = 0;
    double cai_mm = 0;
    double celsius = 0;
};

// Every state at its steady state for env (NEURON's INITIAL blocks).
void initialize(channel_kind k, const channel_env& env, double* state);
// Advances the states over dt with the rates at env (the step's new voltage).
void advance(channel_kind k, const channel_env& env, double dt_ms, double* state);
// The open fraction: conductance / gbar. Nap's m is instantaneous, so the fraction depends on v
// directly, not only through the states.
[[nodiscard]] double open_fraction(channel_kind k, double v_mv, const double* state);

// Reversal potential of an ion by Nernst (mV): (RT / zF) ln(c_out / c_in), with CODATA 2018's R
// and F (NEURON 8's default units).
[[nodiscard]] double nernst_mv(double c_in_mm, double c_out_mm, int valence, double celsius);

}  // namespace brainemu
