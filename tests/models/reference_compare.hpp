#pragma once
// Runs one neuron of a model under a constant current and compares it with a scipy reference
// (tests/models/reference/*_reference.hpp): spike steps and voltage samples.

#include <cmath>
#include <span>
#include <vector>

#include <gtest/gtest.h>

#include "models/model_harness.hpp"

namespace brainemu::testing {

struct dc_run {
    std::vector<int> spike_steps;  // step k: the spike fell in (k dt, (k + 1) dt]
    std::vector<double> v_mV;      // after k steps, k = 0, 1, ...
};

template <class M>
dc_run run_dc(const typename M::params& p, double current_pA, int steps, double dt_ms = 0.1) {
    one_neuron<M> n(p, dt_ms);
    dc_run r;
    r.v_mV.push_back(n.v());
    for (int k = 0; k < steps; ++k) {
        if (n.step(0.0, current_pA)) {
            r.spike_steps.push_back(k);
        }
        r.v_mV.push_back(n.v());
    }
    return r;
}

// Each reference spike time must lie in its step's interval widened by tol_ms; returns the
// largest distance of a reference time outside the bare interval (0 if all inside).
inline double check_spike_steps(const std::vector<int>& steps, std::span<const double> ref_ms,
                                double tol_ms, double dt_ms = 0.1) {
    EXPECT_EQ(steps.size(), ref_ms.size());
    double worst = 0.0;
    for (std::size_t j = 0; j < std::min(steps.size(), ref_ms.size()); ++j) {
        const double lo = steps[j] * dt_ms, hi = (steps[j] + 1) * dt_ms;
        const double out = std::max({0.0, lo - ref_ms[j], ref_ms[j] - hi});
        worst = std::max(worst, out);
        EXPECT_LE(out, tol_ms) << "spike " << j << ": reference " << ref_ms[j] << " ms, step "
                               << steps[j];
    }
    return worst;
}

// Samples (V, w) every `every` steps against the reference's, skipping samples within
// `guard_ms` of a reference spike (there a time shift of a few us moves V by many mV).
inline double check_samples(const std::vector<double>& v, std::span<const double> ref_mV,
                            std::span<const double> ref_spikes_ms, double tol_mV, int every = 10,
                            double dt_ms = 0.1, double guard_ms = 0.5) {
    double worst = 0.0;
    for (std::size_t j = 0; j < ref_mV.size() && j * every < v.size(); ++j) {
        const double t = static_cast<double>(j * every) * dt_ms;
        bool near = false;
        for (double s : ref_spikes_ms) {
            near = near || std::abs(s - t) < guard_ms;
        }
        if (near) {
            continue;
        }
        const double err = std::abs(v[j * every] - ref_mV[j]);
        worst = std::max(worst, err);
        EXPECT_LE(err, tol_mV) << "t = " << t << " ms";
    }
    return worst;
}

}  // namespace brainemu::testing
