// izhikevich against scipy's DOP853 (rtol = atol = 1e-11) with event detection at v = 30 mV
// and the reset applied at the event (tests/models/reference/make_references.py).
//
// Tolerances: the grid can only say in which step a spike fell, so each reference time must
// lie in its step's interval (k dt, (k + 1) dt], widened by 2e-3 ms. RK4 at dt = 0.1 ms has a
// local error ~1e-7 mV between spikes, and the fine pass places each reset within ~1e-4 ms, so
// the widening is ~10x the expected drift over the run; a grid-rounded reset (the usual
// scheme) drifts by ~dt/2 per spike and fails it. Voltages (every 1 ms, away from spikes)
// agree within 0.01 mV for the same reason.

#include "models/izhikevich.hpp"

#include <gtest/gtest.h>

#include "models/reference_compare.hpp"
#include "reference/izhikevich_reference.hpp"

namespace brainemu {
namespace {

namespace ref = reference::izhikevich;

TEST(izhikevich, regular_spiking_matches_the_reference_spike_times_and_voltages) {
    izhikevich::params p;  // defaults: regular spiking
    const auto r = testing::run_dc<izhikevich>(p, 10.0, 3000);
    const double worst_t = testing::check_spike_steps(r.spike_steps, ref::rs_spikes_ms, 2e-3);
    const double worst_v = testing::check_samples(r.v_mV, ref::rs_v_mV, ref::rs_spikes_ms, 0.01);
    RecordProperty("worst_spike_ms", std::to_string(worst_t));
    RecordProperty("worst_v_mV", std::to_string(worst_v));
}

TEST(izhikevich, fast_spiking_matches_the_reference_spike_times_and_voltages) {
    izhikevich::params p;
    p.a_per_ms = 0.1;
    p.d_mV_per_ms = 2.0;
    const auto r = testing::run_dc<izhikevich>(p, 10.0, 3000);
    const double worst_t = testing::check_spike_steps(r.spike_steps, ref::fs_spikes_ms, 2e-3);
    const double worst_v = testing::check_samples(r.v_mV, ref::fs_v_mV, ref::fs_spikes_ms, 0.01);
    RecordProperty("worst_spike_ms", std::to_string(worst_t));
    RecordProperty("worst_v_mV", std::to_string(worst_v));
}

TEST(izhikevich, a_synaptic_weight_is_a_voltage_jump_and_can_fire_at_once) {
    izhikevich::params p;
    testing::one_neuron<izhikevich> n(p);
    const double v0 = n.v();
    n.step(0.0);
    const double drift = n.v() - v0;  // no input: the flow alone
    testing::one_neuron<izhikevich> m(p);
    m.step(3.0);
    EXPECT_NEAR(m.v() - v0, drift + 3.0, 1e-12);
    EXPECT_TRUE(m.step(200.0));  // crosses v_peak by the jump: reset at once
    EXPECT_DOUBLE_EQ(m.v(), p.c_mV);
}

TEST(izhikevich, bad_parameters_name_the_field) {
    izhikevich::params p;
    p.a_per_ms = 0.0;
    try {
        p.validate({"exp.toml", 3, "model"});
        FAIL();
    } catch (const input_error& e) {
        EXPECT_NE(std::string(e.what()).find("a_per_ms"), std::string::npos) << e.what();
    }
    p = {};
    p.c_m_pF = -1.0;
    EXPECT_THROW(p.validate({}), input_error);
}

}  // namespace
}  // namespace brainemu
