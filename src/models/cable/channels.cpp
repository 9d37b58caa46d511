#include "models/cable/channels.hpp"

#include <cmath>

#include "core/assert.hpp"

namespace brainemu {
namespace {

// FLOP per step: arithmetic + 20 per exp/pow/log (ECa's log is counted with the calcium
// channels). Transcendentals: NaTs 4 rates + q10 + 2 updates; Nap 2 rates + h_inf + q10 +
// update + m_inf twice (the slope); NaV 2 exp + 11 pow for its rates and a 12 x 12 solve
// (~1,150); K_P, K_T and Ca_LVA 4 + q10 + 2 updates; Kv2like 6 + q10 + 3 updates; Ca_HVA 4 + 2
// updates + log; Kv3_1, Ih 2 + update; Kd 2 + 2 updates; Im, Im_v2 2 + q10 + update; SK pow +
// update.
constexpr std::array<channel_info, channel_kinds> kInfo{{
    {"NaTs", ion::na, 2, 46 + 7 * 20},
    {"Nap", ion::na, 1, 40 + 7 * 20},
    {"NaV", ion::na, 12, 1400 + 13 * 20},
    {"K_P", ion::k, 2, 38 + 7 * 20},
    {"K_T", ion::k, 2, 38 + 7 * 20},
    {"Kv3_1", ion::k, 1, 20 + 3 * 20},
    {"Kd", ion::k, 2, 22 + 4 * 20},
    {"Kv2like", ion::k, 3, 48 + 10 * 20},
    {"Im", ion::k, 1, 20 + 4 * 20},
    {"Im_v2", ion::k, 1, 21 + 4 * 20},
    {"SK", ion::k, 1, 16 + 2 * 20},
    {"Ih", ion::hcn, 1, 20 + 3 * 20},
    {"Ca_HVA", ion::ca, 2, 38 + 7 * 20},
    {"Ca_LVA", ion::ca, 2, 44 + 8 * 20},
}};

// q10 factor 2.3^((celsius - t_ref) / 10): every channel here was fitted with a q10 of 2.3.
double q10(double celsius, double t_ref) {
    return std::pow(2.3, (celsius - t_ref) / 10.0);
}

// x / (exp(x / y) - 1), continued through its removable singularity at x = 0 as the published
// kernels guard it.
double vtrap(double x, double y) {
    if (std::fabs(x / y) < 1e-6) {
        return y * (1.0 - x / y / 2.0);
    }
    return x / (std::exp(x / y) - 1.0);
}

double boltzmann(double v, double half, double slope) {
    return 1.0 / (1.0 + std::exp(-(v - half) / slope));
}

struct gate {
    double inf = 0, tau = 1;
};

gate from_rates(double alpha, double beta, double qt) {
    return {alpha / (alpha + beta), 1.0 / ((alpha + beta) * qt)};
}

double nap_m_inf(double v) {
    return boltzmann(v, -52.6, 4.6);
}

// The steady state and time constant of every Hodgkin-Huxley gate of k at env, in state order.
// Returns the number of gates.
std::size_t hh_gates(channel_kind k, const channel_env& e, std::array<gate, 3>& g) {
    const double v = e.v_mv;
    switch (k) {
        case channel_kind::NaTs: {
            const double qt = q10(e.celsius, 23);
            g[0] = from_rates(0.182 * vtrap(-(v + 40), 6), 0.124 * vtrap(v + 40, 6), qt);
            g[1] = from_rates(0.015 * vtrap(v + 66, 6), 0.015 * vtrap(-(v + 66), 6), qt);
            return 2;
        }
        case channel_kind::Nap: {
            const double qt = q10(e.celsius, 21);
            const double a = 2.88e-6 * vtrap(v + 17, 4.63);
            const double b = 6.94e-6 * vtrap(-(v + 64.4), 2.63);
            g[0] = {1.0 / (1.0 + std::exp((v + 48.8) / 10)), 1.0 / ((a + b) * qt)};
            return 1;
        }
        case channel_kind::K_P: {
            const double qt = q10(e.celsius, 21);
            const double m_tau =
                v < -50 ? 1.25 + 175.03 * std::exp(0.026 * v) : 1.25 + 13 * std::exp(-0.026 * v);
            const double x = (v + 75) / 48;
            g[0] = {boltzmann(v, -14.3, 14.6), m_tau / qt};
            g[1] = {1.0 / (1.0 + std::exp((v + 54) / 11)),
                    (360 + (1010 + 24 * (v + 55)) * std::exp(-x * x)) / qt};
            return 2;
        }
        case channel_kind::K_T: {
            const double qt = q10(e.celsius, 21);
            const double xm = (v + 71) / 59, xh = (v + 73) / 23;
            g[0] = {boltzmann(v, -47, 29), (0.34 + 0.92 * std::exp(-xm * xm)) / qt};
            g[1] = {1.0 / (1.0 + std::exp((v + 66) / 10)), (8 + 49 * std::exp(-xh * xh)) / qt};
            return 2;
        }
        case channel_kind::Kv3_1:
            g[0] = {boltzmann(v, 18.7, 9.7), 4.0 / (1.0 + std::exp(-(v + 46.56) / 44.14))};
            return 1;
        case channel_kind::Kd:
            g[0] = {1.0 - 1.0 / (1.0 + std::exp((v + 43) / 8)), 1.0};
            g[1] = {1.0 / (1.0 + std::exp((v + 67) / 7.3)), 1500.0};
            return 2;
        case channel_kind::Kv2like: {
            const double qt = q10(e.celsius, 21);
            const double a = 0.12 * vtrap(-(v - 43), 11);
            const double b = 0.02 * std::exp(-(v + 1.27) / 120);
            const double h_inf = 1.0 / (1.0 + std::exp((v + 58) / 11));
            const double x = (v + 75) / 48;
            g[0] = {a / (a + b), 2.5 / ((a + b) * qt)};
            g[1] = {h_inf, (360 + (1010 + 23.7 * (v + 54)) * std::exp(-x * x)) / qt};
            g[2] = {h_inf, (2350 + 1380 * std::exp(-0.011 * v) - 210 * std::exp(-0.03 * v)) / qt};
            return 3;
        }
        case channel_kind::Im:
            g[0] = from_rates(3.3e-3 * std::exp(0.1 * (v + 35)), 3.3e-3 * std::exp(-0.1 * (v + 35)),
                              q10(e.celsius, 21));
            return 1;
        case channel_kind::Im_v2: {
            const double a = 0.007 * std::exp(2.4 * (v + 48) / 26.12);
            const double b = 0.007 * std::exp(-3.6 * (v + 48) / 26.12);
            g[0] = {a / (a + b), (15 + 1.0 / (a + b)) / q10(e.celsius, 30)};
            return 1;
        }
        case channel_kind::SK: {
            // The published kernel nudges calcium off zero rather than divide by it.
            const double ca = e.cai_mm < 1e-7 ? e.cai_mm + 1e-7 : e.cai_mm;
            g[0] = {1.0 / (1.0 + std::pow(0.00043 / ca, 4.8)), 1.0};
            return 1;
        }
        case channel_kind::Ih:
            g[0] = from_rates(0.001 * 6.43 * vtrap(v + 154.9, 11.9),
                              0.001 * 193 * std::exp(v / 33.1), 1.0);
            return 1;
        case channel_kind::Ca_HVA:
            g[0] = from_rates(0.055 * vtrap(-27 - v, 3.8), 0.94 * std::exp((-75 - v) / 17), 1.0);
            g[1] = from_rates(0.000457 * std::exp((-13 - v) / 50),
                              0.0065 / (std::exp((-v - 15) / 28) + 1), 1.0);
            return 2;
        case channel_kind::Ca_LVA: {
            const double qt = q10(e.celsius, 21);
            const double u = v + 10;  // the published fit is shifted by 10 mV
            g[0] = {boltzmann(u, -30, 6), (5 + 20 / (1 + std::exp((u + 25) / 5))) / qt};
            g[1] = {1.0 / (1.0 + std::exp((u + 80) / 6.4)),
                    (20 + 50 / (1 + std::exp((u + 40) / 7))) / qt};
            return 2;
        }
        case channel_kind::NaV:
            break;
    }
    BE_ASSERT(false, "hh_gates: NaV is a kinetic scheme");
    return 0;
}

// NaV (Carter et al. 2012): closed C1..C5 and open O, each with an inactivated partner
// I1..I5, I6. State order C1..C5, I1..I5, O, I6.
enum nav_state : std::uint8_t { C1, C2, C3, C4, C5, I1, I2, I3, I4, I5, O, I6 };

struct nav_rates {
    std::array<double, 4> f0, b0;  // C1>C2 .. C4>C5 and back
    std::array<double, 4> f1, b1;  // I1>I2 .. I4>I5 and back
    std::array<double, 5> fi, bi;  // Ck>Ik and back
    double f0o, b0o, f1n, b1n, fin, bin;
};

nav_rates nav_at(double v, double celsius) {
    const double qt = q10(celsius, 37);
    constexpr double alpha = 400, beta = 12, gamma_open = 250, delta_close = 60;
    constexpr double on = 0.01, off = 40, o_on = 8, o_off = 0.05;
    constexpr double alfac = 2.51, btfac = 5.32;
    const double up = std::exp(v / 24), down = std::exp(v / -24);
    nav_rates r{};
    for (int i = 0; i < 4; ++i) {
        r.f0[i] = qt * (4 - i) * alpha * up;
        r.b0[i] = qt * (i + 1) * beta * down;
        r.f1[i] = r.f0[i] * alfac;
        r.b1[i] = r.b0[i] / btfac;
    }
    for (int i = 0; i < 5; ++i) {
        r.fi[i] = qt * on * std::pow(alfac, i);
        r.bi[i] = qt * off / std::pow(btfac, i);
    }
    r.f0o = r.f1n = qt * gamma_open;
    r.b0o = r.b1n = qt * delta_close;
    r.fin = qt * o_on;
    r.bin = qt * o_off;
    return r;
}

using nav_matrix = std::array<std::array<double, 12>, 12>;

// Solves m x = rhs in place (Gaussian elimination with partial pivoting; 12 unknowns).
void solve12(nav_matrix& m, std::array<double, 12>& rhs) {
    for (std::size_t c = 0; c < 12; ++c) {
        std::size_t p = c;
        for (std::size_t r = c + 1; r < 12; ++r) {
            if (std::fabs(m[r][c]) > std::fabs(m[p][c])) {
                p = r;
            }
        }
        std::swap(m[c], m[p]);
        std::swap(rhs[c], rhs[p]);
        for (std::size_t r = c + 1; r < 12; ++r) {
            const double f = m[r][c] / m[c][c];
            for (std::size_t k = c; k < 12; ++k) {
                m[r][k] -= f * m[c][k];
            }
            rhs[r] -= f * rhs[c];
        }
    }
    for (std::size_t c = 12; c-- > 0;) {
        double s = rhs[c];
        for (std::size_t k = c + 1; k < 12; ++k) {
            s -= m[c][k] * rhs[k];
        }
        rhs[c] = s / m[c][c];
    }
}

// The generator A of dX/dt = A X: a transition a -> b at rate k moves k X_a from a to b.
nav_matrix nav_generator(const nav_rates& r) {
    nav_matrix a{};
    auto link = [&](int from, int to, double fwd, double back) {
        a[from][from] -= fwd;
        a[to][from] += fwd;
        a[to][to] -= back;
        a[from][to] += back;
    };
    for (int i = 0; i < 4; ++i) {
        link(C1 + i, C1 + i + 1, r.f0[i], r.b0[i]);
        link(I1 + i, I1 + i + 1, r.f1[i], r.b1[i]);
    }
    link(C5, O, r.f0o, r.b0o);
    link(I5, I6, r.f1n, r.b1n);
    link(O, I6, r.fin, r.bin);
    for (int i = 0; i < 5; ++i) {
        link(C1 + i, I1 + i, r.fi[i], r.bi[i]);
    }
    return a;
}

// The published model starts from a linear "equilibrium" system whose I3 balance reads
// I4 bi3 where b13 is meant. NEURON solves that system as written, so its state at t = 0 is
// slightly off the true equilibrium; brainemu starts from the same state so that both begin
// alike (the difference relaxes within a few ms at rest).
void nav_initialize(const nav_rates& r, double* x) {
    nav_matrix m{};
    std::array<double, 12> rhs{};
    // Rows in the published order: C1..C5 and O balances, I1..I5 balances, conservation.
    m[0][I1] = r.bi[0], m[0][C2] = r.b0[0], m[0][C1] = -(r.fi[0] + r.f0[0]);
    for (int k = 1; k < 4; ++k) {  // C2..C4
        m[k][C1 + k - 1] = r.f0[k - 1];
        m[k][I1 + k] = r.bi[k];
        m[k][C1 + k + 1] = r.b0[k];
        m[k][C1 + k] = -(r.b0[k - 1] + r.fi[k] + r.f0[k]);
    }
    m[4][C4] = r.f0[3], m[4][I5] = r.bi[4], m[4][O] = r.b0o;
    m[4][C5] = -(r.b0[3] + r.fi[4] + r.f0o);
    m[5][C5] = r.f0o, m[5][I6] = r.bin, m[5][O] = -(r.b0o + r.fin);
    m[6][C1] = r.fi[0], m[6][I2] = r.b1[0], m[6][I1] = -(r.bi[0] + r.f1[0]);
    for (int k = 1; k < 5; ++k) {  // I2..I5
        m[6 + k][I1 + k - 1] = r.f1[k - 1];
        m[6 + k][C1 + k] = r.fi[k];
        if (k < 4) {
            m[6 + k][I1 + k + 1] = k == 2 ? r.bi[2] : r.b1[k];  // the published I3 row
        } else {
            m[6 + k][I6] = r.b1n;
        }
        m[6 + k][I1 + k] = -(r.b1[k - 1] + r.bi[k] + (k < 4 ? r.f1[k] : r.f1n));
    }
    for (int s = 0; s < 12; ++s) {
        m[11][s] = 1.0;
    }
    rhs[11] = 1.0;
    solve12(m, rhs);
    for (int s = 0; s < 12; ++s) {
        x[s] = rhs[s];
    }
}

// One backward-Euler step, (I - dt A) x' = x: the sum of the states stays 1.
void nav_advance(const nav_rates& r, double dt, double* x) {
    nav_matrix m = nav_generator(r);
    std::array<double, 12> rhs{};
    for (int i = 0; i < 12; ++i) {
        for (int j = 0; j < 12; ++j) {
            m[i][j] = (i == j ? 1.0 : 0.0) - dt * m[i][j];
        }
        rhs[i] = x[i];
    }
    solve12(m, rhs);
    for (int s = 0; s < 12; ++s) {
        x[s] = rhs[s];
    }
}

}  // namespace

const channel_info& info(channel_kind k) {
    return kInfo[static_cast<std::size_t>(k)];
}

std::optional<channel_kind> channel_by_name(std::string_view name) {
    for (std::size_t i = 0; i < channel_kinds; ++i) {
        if (kInfo[i].name == name) {
            return static_cast<channel_kind>(i);
        }
    }
    return std::nullopt;
}

void initialize(channel_kind k, const channel_env& env, double* state) {
    if (k == channel_kind::NaV) {
        nav_initialize(nav_at(env.v_mv, env.celsius), state);
        return;
    }
    std::array<gate, 3> g{};
    const std::size_t n = hh_gates(k, env, g);
    for (std::size_t i = 0; i < n; ++i) {
        state[i] = g[i].inf;
    }
}

void advance(channel_kind k, const channel_env& env, double dt_ms, double* state) {
    if (k == channel_kind::NaV) {
        nav_advance(nav_at(env.v_mv, env.celsius), dt_ms, state);
        return;
    }
    std::array<gate, 3> g{};
    const std::size_t n = hh_gates(k, env, g);
    for (std::size_t i = 0; i < n; ++i) {
        state[i] += (1.0 - std::exp(-dt_ms / g[i].tau)) * (g[i].inf - state[i]);
    }
}

double open_fraction(channel_kind k, double v_mv, const double* s) {
    switch (k) {
        case channel_kind::NaTs:
            return s[0] * s[0] * s[0] * s[1];
        case channel_kind::Nap:
            return nap_m_inf(v_mv) * s[0];
        case channel_kind::NaV:
            return s[O];
        case channel_kind::K_P:
        case channel_kind::Ca_HVA:
        case channel_kind::Ca_LVA:
            return s[0] * s[0] * s[1];
        case channel_kind::K_T:
            return s[0] * s[0] * s[0] * s[0] * s[1];
        case channel_kind::Kd:
            return s[0] * s[1];
        case channel_kind::Kv2like:
            return s[0] * s[0] * (0.5 * s[1] + 0.5 * s[2]);
        case channel_kind::Kv3_1:
        case channel_kind::Im:
        case channel_kind::Im_v2:
        case channel_kind::SK:
        case channel_kind::Ih:
            return s[0];
    }
    return 0.0;
}

double nernst_mv(double c_in_mm, double c_out_mm, int valence, double celsius) {
    constexpr double gas_constant = 8.314462618;                                    // J / (mol K)
    constexpr double faraday = 96485.33212;                                         // C / mol
    const double kt_over_f = 1000.0 * gas_constant * (celsius + 273.15) / faraday;  // mV
    return kt_over_f / valence * std::log(c_out_mm / c_in_mm);
}

}  // namespace brainemu
