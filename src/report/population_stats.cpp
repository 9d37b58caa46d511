#include "report/population_stats.hpp"

#include <algorithm>
#include <complex>
#include <numbers>

namespace brainemu::report {
namespace {

void fft(std::vector<std::complex<double>>& a) {
    const std::size_t n = a.size();
    for (std::size_t i = 1, j = 0; i < n; ++i) {
        std::size_t bit = n >> 1;
        for (; (j & bit) != 0; bit >>= 1) {
            j ^= bit;
        }
        j ^= bit;
        if (i < j) {
            std::swap(a[i], a[j]);
        }
    }
    for (std::size_t len = 2; len <= n; len <<= 1) {
        const double angle = -2.0 * std::numbers::pi / static_cast<double>(len);
        const std::complex<double> w(std::cos(angle), std::sin(angle));
        for (std::size_t i = 0; i < n; i += len) {
            std::complex<double> wk(1.0, 0.0);
            for (std::size_t k = 0; k < len / 2; ++k) {
                const std::complex<double> u = a[i + k];
                const std::complex<double> v = a[i + k + len / 2] * wk;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
                wk *= w;
            }
        }
    }
}

double fano_of(std::span<const double> counts) {
    if (counts.empty()) {
        return NAN;
    }
    double mean = 0.0;
    for (double c : counts) {
        mean += c;
    }
    mean /= static_cast<double>(counts.size());
    if (mean <= 0.0) {
        return NAN;
    }
    double var = 0.0;
    for (double c : counts) {
        var += (c - mean) * (c - mean);
    }
    return var / static_cast<double>(counts.size()) / mean;
}

// The highest peak above `hz`, where it stands out of the noise: a periodogram's values of
// noise are exponentially distributed, so the largest of n bins reaches about ln(n) times their
// mean (about 9 times their median for n = 500); 20 times the median leaves a noise peak a
// chance of under 1 in 1,000, while a rhythm's peak stands hundreds of times above it.
double peak_above(const power_spectrum& s, double hz) {
    std::vector<double> band;
    double best = NAN, top = 0.0;
    for (std::size_t i = 0; i < s.hz.size(); ++i) {
        if (s.hz[i] > hz) {
            band.push_back(s.power[i]);
            if (s.power[i] > top) {
                top = s.power[i];
                best = s.hz[i];
            }
        }
    }
    if (band.empty()) {
        return NAN;
    }
    std::nth_element(band.begin(), band.begin() + static_cast<std::ptrdiff_t>(band.size() / 2),
                     band.end());
    return top > 20.0 * band[band.size() / 2] ? best : NAN;
}

}  // namespace

std::uint64_t millisecond_bin(double dt_ms) {
    return std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::llround(1.0 / dt_ms)));
}

std::vector<double> binned_counts(std::span<const spike> spikes, std::uint64_t steps,
                                  std::uint64_t bin_steps) {
    std::vector<double> out(static_cast<std::size_t>(steps / bin_steps), 0.0);
    for (const spike& s : spikes) {
        const std::uint64_t b = s.step / bin_steps;
        if (b < out.size()) {
            out[b] += 1.0;
        }
    }
    return out;
}

power_spectrum spectrum_of(std::span<const double> counts, double bin_ms) {
    power_spectrum out;
    std::size_t n = 1;
    while (n * 2 <= counts.size() && n < 65536) {
        n *= 2;
    }
    if (n < 8) {
        return out;
    }
    double mean = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        mean += counts[i];
    }
    mean /= static_cast<double>(n);
    std::vector<std::complex<double>> a(n);
    for (std::size_t i = 0; i < n; ++i) {
        a[i] = counts[i] - mean;
    }
    fft(a);
    const double duration_s = static_cast<double>(n) * bin_ms * 1e-3;
    for (std::size_t k = 1; k <= n / 2; ++k) {
        out.hz.push_back(static_cast<double>(k) / duration_s);
        out.power.push_back(std::norm(a[k]) / static_cast<double>(n));
    }
    return out;
}

std::vector<population_stats> population_statistics(
    std::span<const spike> spikes, const std::vector<population_range>& populations,
    std::uint64_t steps, double dt_ms) {
    const std::uint64_t bin = millisecond_bin(dt_ms);
    const std::size_t bins = static_cast<std::size_t>(steps / bin);
    std::uint32_t neurons = 0;
    for (const auto& p : populations) {
        neurons = std::max(neurons, p.last);
    }
    // Per neuron: spikes, last spike step, and the sums of its intervals and their squares.
    std::vector<std::uint32_t> count(neurons, 0), last(neurons, 0);
    std::vector<double> sum(neurons, 0.0), sum_sq(neurons, 0.0);
    const auto none = static_cast<std::uint32_t>(populations.size());
    std::vector<std::uint32_t> pop_of(neurons, none);
    for (std::size_t p = 0; p < populations.size(); ++p) {
        for (std::uint32_t i = populations[p].first; i < populations[p].last; ++i) {
            pop_of[i] = static_cast<std::uint32_t>(p);
        }
    }
    std::vector<std::vector<double>> per_bin(populations.size(), std::vector<double>(bins, 0.0));
    for (const spike& s : spikes) {
        if (s.neuron >= neurons || s.step >= steps) {
            continue;
        }
        const auto i = static_cast<std::uint32_t>(s.neuron);
        if (count[i] > 0) {
            const double isi = static_cast<double>(s.step - last[i]);
            sum[i] += isi;
            sum_sq[i] += isi * isi;
        }
        last[i] = s.step;
        ++count[i];
        const std::size_t b = s.step / bin;
        if (pop_of[i] != none && b < bins) {
            per_bin[pop_of[i]][b] += 1.0;
        }
    }
    const double seconds = static_cast<double>(steps) * dt_ms * 1e-3;
    std::vector<population_stats> out;
    for (std::size_t p = 0; p < populations.size(); ++p) {
        population_stats st;
        st.name = populations[p].name;
        st.neurons = populations[p].last - populations[p].first;
        double cv_sum = 0.0;
        std::uint64_t cv_n = 0;
        for (std::uint32_t i = populations[p].first; i < populations[p].last; ++i) {
            st.spikes += count[i];
            st.silent += count[i] == 0 ? 1 : 0;
            if (count[i] >= 3) {
                const double n = count[i] - 1.0;
                const double mean = sum[i] / n;
                const double var = std::max(0.0, sum_sq[i] / n - mean * mean);
                cv_sum += std::sqrt(var) / mean;
                ++cv_n;
            }
        }
        st.rate_hz = st.neurons > 0 && seconds > 0.0 ? static_cast<double>(st.spikes) /
                                                           static_cast<double>(st.neurons) / seconds
                                                     : 0.0;
        st.isi_cv = cv_n > 0 ? cv_sum / static_cast<double>(cv_n) : NAN;
        st.fano = fano_of(per_bin[p]);
        st.rhythm_hz =
            st.spikes > 0
                ? peak_above(spectrum_of(per_bin[p], static_cast<double>(bin) * dt_ms), 5.0)
                : NAN;
        out.push_back(std::move(st));
    }
    return out;
}

}  // namespace brainemu::report
