#pragma once
// parrot: NEST's parrot_neuron, a relay that turns input events into its own spikes, so that a
// stimulus (a Poisson train, a list of spike times) becomes a neuron of the network whose spikes
// many targets share, recorded like any other: PyNN's SpikeSourcePoisson and SpikeSourceArray
// (brainemu.pynn) are populations of parrots, each driven by its own stimulus.
//
// Semantics on the dt grid: a parrot spikes in every step whose summed input is positive (a
// positive weight carries an event; the size does not matter). NEST's parrot repeats each of
// several events in one step as a spike of multiplicity k; brainemu's spike has none, so k
// events in one step give one spike: at a source rate r and step dt a fraction of about
// r dt / 2 of the events is merged (0.05% at 10 Hz and 0.1 ms). Input of no sign, or negative,
// is ignored. Its "voltage" v_mV is the input of the last step (for recording; the engine's
// initial-state and sampling code read that array).

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/index_range.hpp"
#include "models/model_common.hpp"

namespace brainemu {

struct parrot {
    static constexpr std::string_view name = "parrot";
    static constexpr std::string_view summary =
        "NEST parrot_neuron: spikes in each step that brings it a positive input (a relay for "
        "spike sources)";
    static constexpr bool accepts_current = false;
    // Its input only needs a sign; mV lets a stimulus drive it with weight_mV = 1.
    static constexpr std::string_view weight_unit = "mV";
    static constexpr model_drive measure_drive = {0.0, 1.0};  // brainemu models --measure

    struct params {
        void validate(const input_location&) const {}
    };

    [[nodiscard]] static int channels(const params&) { return 1; }

    static constexpr std::array<param_field<params>, 0> fields{};

    struct derived {
        static derived from(const params&, double) { return {}; }
    };

    struct state {
        std::vector<double> v_mV;  // the last step's input

        void resize(std::size_t n, const params&, const derived&) { v_mV.assign(n, 0.0); }
        [[nodiscard]] state_columns columns() { return {{{"v_mV", v_mV}}, {}}; }
        [[nodiscard]] std::size_t bytes() const { return v_mV.capacity() * sizeof(double); }
    };

    static void step(const params&, const derived&, state& s, local_range r, const step_input& in,
                     std::vector<std::uint32_t>& spiked) {
        for (std::uint32_t i = r.first; i < r.last; ++i) {
            double w = in.take_total(i - r.first);
            if (in.v_jump_mV != nullptr) {
                w += in.v_jump_mV[i - r.first];
            }
            s.v_mV[i] = w;
            if (w > 0.0) {
                spiked.push_back(i);
            }
        }
    }

    static model_cost cost() { return {1.0, sizeof(double)}; }
};

}  // namespace brainemu
