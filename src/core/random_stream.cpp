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
