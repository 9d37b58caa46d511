#pragma once
// Networks on which the GPU engine (emulated on the host, or on a device) must give the CPU
// engine's spikes bit for bit: Brunel (lif_psc_delta, Poisson), the microcircuit at a small
// scale (lif_psc_exp; Poisson and DC drive; one and two ring channels), the FlyWire-shaped
// surrogate (fly_lif, Poisson voltage drive, refractory override), and per-synapse delays.

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "backends/cuda/device_engine.hpp"
#include "backends/cuda/lower_problem.hpp"
#include "core/random_stream.hpp"
#include "engine/memory_sink.hpp"
#include "engine/simulation.hpp"
#include "network/brunel.hpp"
#include "network/edge_list.hpp"
#include "network/flywire_surrogate.hpp"
#include "network/microcircuit.hpp"

namespace brainemu::testing {

struct identity_case {
    std::string name;
    std::shared_ptr<const network> net;
    std::vector<model_assignment> models;
    std::vector<stimulus> stimuli;
    simulation_config config;
    std::uint64_t steps = 0;
};

inline std::vector<neuron_id> all_of(index_range r) {
    std::vector<neuron_id> t;
    for (neuron_id i = r.first; i < r.last; ++i) {
        t.push_back(i);
    }
    return t;
}

inline identity_case brunel_case(std::uint32_t n_e, unsigned threads, std::uint64_t steps) {
    brunel_params bp;
    bp.n_e = n_e;
    bp.n_i = n_e / 4;
    const std::uint32_t n = bp.n_e + bp.n_i;
    identity_case c;
    c.name = "brunel";
    c.net = std::make_shared<const network>(build_brunel(bp, 5, 0.1, split_blocks(n, threads)));
    lif_psc_delta::params p;
    p.tau_m_ms = 20.0;
    p.e_l_mV = 0.0;
    p.v_reset_mV = 10.0;
    p.v_th_mV = 20.0;
    p.t_ref_ms = 2.0;
    voltage_init vi;
    vi.low_mV = 10.0;
    vi.high_mV = 20.0;
    c.models = {{{0, n}, p, vi}};
    stimulus drive;
    drive.targets = all_of({0, n});
    drive.what = poisson_stimulus{bp.external_rate_hz(), bp.j_mV, receptor_kind::synapse};
    c.stimuli = {drive};
    c.steps = steps;
    return c;
}

// drive: "poisson" (per population, as the reference), "dc" (a current per population, plus
// some Poisson so that a small network does not fall silent), or "both".
inline identity_case microcircuit_case(double scale, unsigned threads, const std::string& drive,
                                       bool two_channels, std::uint64_t steps) {
    const microcircuit_params mp{scale, scale};
    std::uint32_t n = 0;
    for (const auto& s : microcircuit_setup(mp)) {
        n += s.size;
    }
    identity_case c;
    c.name = "microcircuit " + drive + (two_channels ? " (2 channels)" : "");
    network net = build_microcircuit(mp, 3, 0.1, split_blocks(n, threads));
    lif_psc_exp::params p;
    p.tau_m_ms = 10.0;
    p.tau_syn_ex_ms = 0.5;
    p.tau_syn_in_ms = two_channels ? 1.0 : 0.5;
    p.e_l_mV = p.v_reset_mV = -65.0;
    p.v_th_mV = -50.0;
    const auto setup = microcircuit_setup(mp);
    for (std::size_t k = 0; k < net.populations.size(); ++k) {
        voltage_init vi;
        vi.mean_mV = setup[k].v0_mean_mV;
        vi.sd_mV = setup[k].v0_sd_mV;
        const index_range r = net.populations[k].range;
        c.models.push_back({r, p, vi});
        if (drive != "dc") {
            stimulus st;
            st.targets = all_of(r);
            st.what = poisson_stimulus{setup[k].poisson_rate_hz * (drive == "both" ? 0.5 : 1.0),
                                       setup[k].poisson_weight_pA, receptor_kind::synapse};
            c.stimuli.push_back(std::move(st));
        }
        if (drive != "poisson") {
            stimulus st;
            st.targets = all_of(r);
            const double dc = setup[k].dc_drive_pA * (drive == "both" ? 0.5 : 1.0);
            // Switched on at 0, stepped up at 20 ms: the current's change steps matter too.
            st.what = current_stimulus{{0.0, 20.0}, {dc, 1.05 * dc}};
            c.stimuli.push_back(std::move(st));
        }
    }
    c.net = std::make_shared<const network>(std::move(net));
    c.steps = steps;
    return c;
}

// The FlyWire-shaped surrogate at `neurons` neurons (its pair and synapse totals scaled alike),
// fly_lif, `driven` neurons under Shiu et al.'s Poisson voltage drive with no refractory period.
inline identity_case fly_case(std::uint32_t neurons, std::uint32_t driven, double rate_hz,
                              unsigned threads, bool skip_resting, std::uint64_t steps) {
    flywire_surrogate_params fp;
    const double f = static_cast<double>(neurons) / fp.neurons;
    fp.pairs = static_cast<std::uint64_t>(static_cast<double>(fp.pairs) * f);
    fp.synapses = static_cast<std::uint64_t>(static_cast<double>(fp.synapses) * f);
    fp.neurons = neurons;
    identity_case c;
    c.name = "fly";
    c.net = std::make_shared<const network>(
        build_flywire_surrogate(fp, 7, 0.1, split_blocks(neurons, threads)));
    c.models = {{{0, neurons}, fly_lif::params{}, {}}};
    stimulus drive;
    random_stream pick(3, 9, 0, 0);
    while (drive.targets.size() < driven) {
        const std::uint32_t t = pick.below(neurons);
        if (std::find(drive.targets.begin(), drive.targets.end(), t) == drive.targets.end()) {
            drive.targets.push_back(t);
        }
    }
    std::sort(drive.targets.begin(), drive.targets.end());
    drive.what = poisson_stimulus{rate_hz, 250 * 0.275, receptor_kind::voltage};
    drive.refractory_ms = 0.0;
    c.stimuli = {drive};
    c.config.skip_resting = skip_resting;
    c.steps = steps;
    return c;
}

// Per-synapse delays (1..200 steps, so the CPU delivers immediately, not deferred), mixed
// signs, lif_psc_exp with two channels and a voltage-receptor Poisson input as well.
inline identity_case edge_case(unsigned threads, std::uint64_t steps) {
    const std::uint32_t n = 1500;
    edge_list e;
    random_stream rs(21, 1, 0, 0);
    for (std::uint32_t t = 0; t < n; ++t) {
        for (int j = 0; j < 40; ++j) {
            e.source.push_back(rs.below(n));
            e.target.push_back(t);
            e.weight.push_back(rs.below(5) == 0 ? -90.0f : 25.0f);
            e.delay_steps.push_back(static_cast<std::uint16_t>(3 + rs.below(200)));
        }
    }
    identity_case c;
    c.name = "edge list";
    c.net = std::make_shared<const network>(build_from_edges(n, e, split_blocks(n, threads)));
    lif_psc_exp::params p;
    p.tau_syn_ex_ms = 2.0;
    p.tau_syn_in_ms = 5.0;
    p.t_ref_ms = 1.0;
    voltage_init vi;
    vi.low_mV = -70.0;
    vi.high_mV = -56.0;
    c.models = {{{0, n / 2}, p, vi}, {{n / 2, n}, p, {}}};
    stimulus syn;
    syn.targets = all_of({0, n});
    syn.what = poisson_stimulus{9000.0, 30.0, receptor_kind::synapse};
    stimulus volt;
    volt.targets = all_of({n / 3, n});
    volt.start_ms = 5.0;
    volt.stop_ms = 40.0;
    volt.what = poisson_stimulus{500.0, 1.5, receptor_kind::voltage};
    c.stimuli = {syn, volt};
    c.steps = steps;
    return c;
}

// The CPU engine's spikes for one trial of the case, and every neuron's voltage at the end.
struct cpu_result {
    std::vector<spike_record> spikes;
    std::vector<double> v;
};
inline cpu_result cpu_run(const identity_case& c, std::uint64_t seed) {
    struct sink final : spike_sink {
        std::vector<spike_record> spikes;
        void write(std::span<const spike_record> s) override {
            spikes.insert(spikes.end(), s.begin(), s.end());
        }
    } out;
    local_communicator comm;
    simulation_config cfg = c.config;
    cfg.seed = seed;
    simulation sim(c.net, c.models, c.stimuli, cfg, comm);
    sim.run(c.steps, &out, nullptr);
    cpu_result r{std::move(out.spikes), {}};
    for (std::uint32_t i = 0; i < c.net->size; ++i) {
        r.v.push_back(sim.voltage(i));
    }
    return r;
}
inline std::vector<spike_record> cpu_spikes(const identity_case& c, std::uint64_t seed) {
    return cpu_run(c, seed).spikes;
}

// Neurons whose final voltage differs between a device engine's trial and the CPU's (exact
// comparison: a one-ulp difference in an update shows here long before it flips a spike).
inline std::size_t voltage_mismatches(const cuda::device_engine& dev, std::uint32_t trial,
                                      const std::vector<double>& want) {
    std::size_t bad = 0;
    for (std::uint32_t i = 0; i < want.size(); ++i) {
        bad += dev.voltage(trial, i) != want[i] ? 1 : 0;
    }
    return bad;
}

// Every trial's spikes from a device engine (emulated or CUDA) run for the case's steps.

inline std::vector<std::vector<spike_record>> device_spikes(cuda::device_engine& engine,
                                                            std::uint64_t steps) {
    std::vector<testing::memory_spike_sink> sinks(engine.problem().trials);
    std::vector<trial_outputs> outputs;
    for (auto& s : sinks) {
        outputs.push_back({&s, nullptr});
    }
    engine.run(steps, outputs);
    std::vector<std::vector<spike_record>> out;
    for (auto& s : sinks) {
        out.push_back(std::move(s.spikes));
    }
    return out;
}

inline std::shared_ptr<const cuda::device_problem> lower(const identity_case& c,
                                                         std::vector<std::uint64_t> seeds) {
    return std::make_shared<const cuda::device_problem>(
        cuda::lower_problem(*c.net, c.models, c.stimuli, c.config, seeds));
}

}  // namespace brainemu::testing
