#pragma once
// intfire1: NEURON's IntFire1 artificial cell (nrn/src/nrnoc/intfire1.mod), the point model of
// the SONATA example circuits (model_template "nrn:IntFire1").
//
// NEURON's definition, integrated analytically between events: m (dimensionless, "plays the
// role of voltage") decays as m(t) = m(t0) exp(-(t - t0)/tau); an input event of weight w at t
// sets m = m(t) + w; if then m > 1 the cell fires at t, m is set to 2 (a marker for plots) and
// every event is ignored until t + refrac, when m = 0 and integration resumes. Neither m's
// threshold nor its decay depends on dt; the cell fires only at an event.
//
// brainemu on the dt grid: an event delivered in step k is taken to arrive at k * dt. Per step:
// m = m exp(-dt/tau) + (sum of this step's weights); m > 1 fires, m = 2, and the input of the
// next round(refrac/dt) - 1 steps is discarded; in step round(refrac/dt) after the spike m = 0
// and that step's input counts again (NEURON leaves an event at exactly t + refrac to queue
// order; we let it in). With refrac rounding to 0 steps m = 0 at once, as NEURON's zero-delay
// self-event does. m between events is exact (the decay factor is the exact exponential), so
// the grid changes only event times (rounded to the step, as the engine's delays are) and:
//   - several events in one step are summed before the threshold test; NEURON tests after
//     each, so a step with a positive and a negative event can differ (NEURON's own result then
//     depends on the events' queue order);
//   - the refractory period is a whole number of steps.
// m is stored in state::v_mV because the engine's initial-state and voltage-sampling code read
// that array: a recorded "voltage" of an intfire1 group is m (2 while refractory).

#include <array>
#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct intfire1 {
    static constexpr std::string_view name = "intfire1";
    static constexpr std::string_view summary =
        "NEURON IntFire1: m decays with tau, events add w, fires when m > 1 (dimensionless)";
    static constexpr bool accepts_current = false;  // m has no capacitance: events only
    static constexpr std::string_view weight_unit = "1";
    static constexpr model_drive measure_drive = {0.0, 0.05};  // brainemu models --measure
    static constexpr double threshold = 1.0;
    static constexpr double refractory_marker = 2.0;  // NEURON's m while refractory

    struct params {
        double tau_ms = 10.0;    // NEURON's defaults
        double refrac_ms = 5.0;  //

        void validate(const input_location& where) const {
            require_positive(where, "tau_ms", tau_ms);
            require_non_negative(where, "refrac_ms", refrac_ms);
        }
    };

    [[nodiscard]] static int channels(const params&) { return 1; }

    static constexpr std::array fields = {
        param_field<params>{"tau_ms", &params::tau_ms, "decay time constant of m"},
        param_field<params>{"refrac_ms", &params::refrac_ms,
                            "refractory period (inputs ignored, m = 2)"},
    };

    struct derived {
        double decay;  // exp(-dt/tau)
        std::int32_t ref_steps;
        static derived from(const params& p, double dt_ms) {
            return {std::exp(-dt_ms / p.tau_ms), refractory_steps(p.refrac_ms, dt_ms)};
        }
    };

    struct state {
        std::vector<double> v_mV;                   // m (see the header comment for the name)
        std::vector<std::int32_t> refractory_left;  // steps until m = 0 and input counts again
        std::vector<std::int32_t> ref_steps;        // round(refrac/dt), per neuron

        void resize(std::size_t n, const params&, const derived& d) {
            v_mV.assign(n, 0.0);
            refractory_left.assign(n, 0);
            ref_steps.assign(n, d.ref_steps);
        }
        [[nodiscard]] state_columns columns() {
            return {{{"v_mV", v_mV}}, {{"refractory_left", refractory_left}}};
        }
        [[nodiscard]] std::size_t bytes() const {
            return v_mV.capacity() * sizeof(double) +
                   (refractory_left.capacity() + ref_steps.capacity()) * sizeof(std::int32_t);
        }
    };

    static void step(const params&, const derived& d, state& s, local_range r, const step_input& in,
                     std::vector<std::uint32_t>& spiked) {
        double* m = s.v_mV.data();
        std::int32_t* ref = s.refractory_left.data();
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            const double w = in.take_total(i - r.first);
            if (ref[i] > 0) {
                if (--ref[i] > 0) {
                    continue;  // refractory: the input is lost
                }
                m[i] = 0.0;  // refrac has passed: NEURON's flag-1 self-event
            }
            m[i] = m[i] * d.decay + w;
            if (m[i] > threshold) {
                spiked.push_back(i);
                ref[i] = s.ref_steps[i];
                m[i] = ref[i] > 0 ? refractory_marker : 0.0;
            }
        }
    }

    static model_cost cost() {
        // decay 1 mul + 1 add; threshold 1.
        return {3.0, sizeof(double) + 2 * sizeof(std::int32_t)};
    }
};

}  // namespace brainemu
