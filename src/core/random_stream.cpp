#include "core/random_stream.hpp"

#include <algorithm>
#include <cmath>

namespace brainemu {
namespace {

// Exact sampling of a unimodal discrete distribution by "chop-down" search: visit the support
// in the fixed order m, m+1, m-1, m+2, m-2, ... subtracting each probability from one uniform
// until it falls below. Any fixed visiting order yields the exact distribution; starting at the
// mode makes the expected cost O(standard deviation). `up(k)` = pmf(k+1)/pmf(k) and
// `down(k)` = pmf(k-1)/pmf(k).
template <class Up, class Down>
std::uint64_t chop_down(double u, std::uint64_t mode, std::uint64_t max_k, double pmf_mode, Up up,
                        Down down) {
    if (u < pmf_mode) {
        return mode;
    }
    u -= pmf_mode;
    std::uint64_t hi = mode, lo = mode;
    double p_hi = pmf_mode, p_lo = pmf_mode;
    bool hi_open = mode<max_k, lo_open = mode> 0;
    while (hi_open || lo_open) {
        if (hi_open) {
            p_hi *= up(hi);
            ++hi;
            if (u < p_hi) {
                return hi;
            }
            u -= p_hi;
            hi_open = hi < max_k && p_hi > 0.0;
        }
        if (lo_open) {
            p_lo *= down(lo);
            --lo;
            if (u < p_lo) {
                return lo;
            }
            u -= p_lo;
            lo_open = lo > 0 && p_lo > 0.0;
        }
    }
    return mode;  // u beyond the summed mass by rounding (probability ~1e-15)
}

}  // namespace

namespace {

// Layer edges x[0] > x[1] = r > ... > x[128] = 0 of the 128-layer normal ziggurat (Doornik
// 2005, ZIGNOR): every layer, and the base strip with the tail, has area v.
struct ziggurat_tables {
    static constexpr int layers = 128;
    static constexpr double r = 3.442619855899;
    static constexpr double v = 9.91256303526217e-3;
    double x[layers + 1];
    double ratio[layers];  // x[i + 1] / x[i]
    ziggurat_tables() {
        const double f = std::exp(-0.5 * r * r);
        x[0] = v / f;
        x[1] = r;
        x[layers] = 0.0;
        for (int i = 2; i < layers; ++i) {
            x[i] = std::sqrt(-2.0 * std::log(v / x[i - 1] + std::exp(-0.5 * x[i - 1] * x[i - 1])));
        }
        for (int i = 0; i < layers; ++i) {
            ratio[i] = x[i + 1] / x[i];
        }
    }
};

const ziggurat_tables& zig() {
    static const ziggurat_tables t;
    return t;
}

}  // namespace

double random_stream::normal() {
    const ziggurat_tables& z = zig();
    while (true) {
        const double u = 2.0 * uniform() - 1.0;
        const std::uint32_t i = next_u32() & (ziggurat_tables::layers - 1);
        if (std::abs(u) < z.ratio[i]) {
            return u * z.x[i];  // inside the layer's inner rectangle: accept at once
        }
        if (i == 0) {
            // The tail beyond r (Marsaglia 1964).
            double x, y;
            do {
                x = std::log(uniform_open0()) / ziggurat_tables::r;
                y = std::log(uniform_open0());
            } while (-2.0 * y < x * x);
            return u > 0.0 ? ziggurat_tables::r - x : x - ziggurat_tables::r;
        }
        // The wedge between the layer's rectangles: accept under the density.
        const double xu = u * z.x[i];
        const double f0 = std::exp(-0.5 * (z.x[i] * z.x[i] - xu * xu));
        const double f1 = std::exp(-0.5 * (z.x[i + 1] * z.x[i + 1] - xu * xu));
        if (f1 + uniform() * (f0 - f1) < 1.0) {
            return xu;
        }
    }
}

std::uint32_t random_stream::poisson(double lambda) {
    if (lambda <= 0.0) {
        return 0;
    }
    if (lambda < 30.0) {
        return poisson_small(lambda, std::exp(-lambda));
    }
    const double u = uniform();
    const auto mode = static_cast<std::uint64_t>(std::floor(lambda));
    const double md = static_cast<double>(mode);
    const double pmf_mode = std::exp(md * std::log(lambda) - lambda - std::lgamma(md + 1.0));
    return static_cast<std::uint32_t>(chop_down(
        u, mode, UINT32_MAX, pmf_mode,
        [lambda](std::uint64_t k) { return lambda / static_cast<double>(k + 1); },
        [lambda](std::uint64_t k) { return static_cast<double>(k) / lambda; }));
}

std::uint64_t random_stream::binomial(std::uint64_t n, double p) {
    if (n == 0 || p <= 0.0) {
        return 0;
    }
    if (p >= 1.0) {
        return n;
    }
    const double u = uniform();
    const double nd = static_cast<double>(n);
    const auto mode = std::min<std::uint64_t>(n, static_cast<std::uint64_t>((nd + 1.0) * p));
    const double md = static_cast<double>(mode);
    const double log_pmf = std::lgamma(nd + 1.0) - std::lgamma(md + 1.0) -
                           std::lgamma(nd - md + 1.0) + md * std::log(p) +
                           (nd - md) * std::log1p(-p);
    const double odds = p / (1.0 - p);
    return chop_down(
        u, mode, n, std::exp(log_pmf),
        [n, odds](std::uint64_t k) {
            return static_cast<double>(n - k) / static_cast<double>(k + 1) * odds;
        },
        [n, odds](std::uint64_t k) {
            return static_cast<double>(k) / static_cast<double>(n - k + 1) / odds;
        });
}

}  // namespace brainemu
