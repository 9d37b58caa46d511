#include "profile/trials.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

namespace brainemu {

trial_counts collect_trials(std::span<const std::vector<std::uint32_t>> per_trial,
                            std::span<const neuron_id> chosen, double seconds) {
    trial_counts t;
    t.trials = static_cast<std::uint32_t>(per_trial.size());
    t.seconds = seconds;
    if (!chosen.empty()) {
        t.neurons.assign(chosen.begin(), chosen.end());
    } else if (!per_trial.empty()) {
        for (neuron_id i = 0; i < per_trial.front().size(); ++i) {
            if (std::any_of(per_trial.begin(), per_trial.end(),
                            [&](const auto& counts) { return counts[i] > 0; })) {
                t.neurons.push_back(i);
            }
        }
    }
    for (neuron_id i : t.neurons) {
        for (const auto& counts : per_trial) {
            t.counts.push_back(counts[i]);
        }
    }
    return t;
}

std::string trials_csv(const trial_counts& t, const network& net) {
    std::string out = fmt::format(
        "# rates over {} trials of {} s each; sd is the sample standard deviation across "
        "trials\nneuron,id,name,mean_rate_hz,sd_rate_hz,min_rate_hz,max_rate_hz\n",
        t.trials, t.seconds);
    for (std::size_t r = 0; r < t.neurons.size(); ++r) {
        const neuron_id i = t.neurons[r];
        double sum = 0.0, lo = INFINITY, hi = -INFINITY;
        for (std::uint32_t k = 0; k < t.trials; ++k) {
            const double rate = t.counts[r * t.trials + k] / t.seconds;
            sum += rate;
            lo = std::min(lo, rate);
            hi = std::max(hi, rate);
        }
        const double mean = sum / t.trials;
        double ss = 0.0;
        for (std::uint32_t k = 0; k < t.trials; ++k) {
            const double d = t.counts[r * t.trials + k] / t.seconds - mean;
            ss += d * d;
        }
        const double sd = t.trials > 1 ? std::sqrt(ss / (t.trials - 1)) : 0.0;
        const std::int64_t id = net.source ? net.source->ids[i] : static_cast<std::int64_t>(i);
        std::string name =
            net.source && !net.source->names.empty() ? net.source->names[i] : std::string();
        if (name.find_first_of(",\"\n") != std::string::npos) {
            std::string quoted = "\"";
            for (char ch : name) {
                quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
            }
            name = quoted + "\"";
        }
        out += fmt::format("{},{},{},{:.4f},{:.4f},{:.4f},{:.4f}\n", i, id, name, mean, sd, lo, hi);
    }
    return out;
}

}  // namespace brainemu
