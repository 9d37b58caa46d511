#pragma once
// Counter-based random numbers: every draw is a pure function of (seed, purpose, id, step, k),
// so results never depend on which thread, rank or partition asks, or in which order.
// Philox4x32-10 (Random123): key = the 64-bit seed, counter = (purpose, id, step, k). Ids are
// global neuron ids below 2^40: bits 32..39 go into the purpose word's top byte (unused by
// purposes), so streams of ids below 2^32 are those of 32-bit builds.

#include <array>
#include <cmath>
#include <cstdint>
#include <numbers>

#include <Random123/philox.h>

namespace brainemu {

// Top-level purposes; a purpose may carry a sub-index in its low 16 bits (e.g. which stimulus).
enum class stream_purpose : std::uint32_t {
    initial_state = 1u << 16,
    connectivity = 2u << 16,
    weights = 3u << 16,
    delays = 4u << 16,
    stimulus = 5u << 16,
    indegree = 6u << 16,
};

[[nodiscard]] constexpr std::uint32_t purpose_code(stream_purpose p, std::uint32_t sub = 0) {
    return static_cast<std::uint32_t>(p) | (sub & 0xffffu);
}

// Ids a stream can be keyed by: 2^40 (1.1e12) neurons, 12 times a human brain.
inline constexpr std::uint64_t max_stream_ids = std::uint64_t{1} << 40;

// The counter words (purpose, id) of a stream for a 64-bit id < max_stream_ids.
[[nodiscard]] constexpr std::uint32_t purpose_word(std::uint32_t purpose, std::uint64_t id) {
    return purpose | (static_cast<std::uint32_t>(id >> 32) << 24);
}

// Four uniforms in [0, 1) with 32 bits each from one Philox call keyed (seed, purpose, id,
// step): the stimulus hot path gives neurons 4m .. 4m + 3 one each, a quarter of the calls.
// 32 bits resolve every probability a Poisson count is drawn with to 2^-32 (2.3e-10).
[[nodiscard]] inline std::array<double, 4> uniform_quad(std::uint64_t seed, std::uint32_t purpose,
                                                        std::uint64_t id, std::uint32_t step) {
    const r123::Philox4x32::key_type key{
        {static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
    const r123::Philox4x32::ctr_type ctr{
        {purpose_word(purpose, id), static_cast<std::uint32_t>(id), step, 0}};
    const auto x = r123::Philox4x32()(ctr, key);
    return {x[0] * 0x1.0p-32, x[1] * 0x1.0p-32, x[2] * 0x1.0p-32, x[3] * 0x1.0p-32};
}

// Poisson count with mean lambda from one uniform u: inversion from 0, given exp(-lambda).
[[nodiscard]] inline std::uint32_t poisson_from_uniform(double u, double lambda,
                                                        double exp_neg_lambda) {
    double p = exp_neg_lambda;
    double cdf = p;
    std::uint32_t k = 0;
    while (u >= cdf && p > 0.0) {
        ++k;
        p *= lambda / k;
        cdf += p;
    }
    return k;
}

// A sequence of uniform draws for one (seed, purpose, id, step). Draws 4 numbers per Philox call.
class random_stream {
public:
    random_stream(std::uint64_t seed, std::uint32_t purpose, std::uint64_t id, std::uint32_t step)
        : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
          ctr_{{purpose_word(purpose, id), static_cast<std::uint32_t>(id), step, 0}} {}

    [[nodiscard]] std::uint32_t next_u32() {
        if (used_ == 4) {
            refill();
        }
        return block_[used_++];
    }

    // Uniform in [0, 1) with 53 random bits.
    [[nodiscard]] double uniform() {
        const std::uint64_t hi = next_u32() >> 5;  // 27 bits
        const std::uint64_t lo = next_u32() >> 6;  // 26 bits
        return static_cast<double>((hi << 26) | lo) * 0x1.0p-53;
    }

    // Uniform in (0, 1]: safe for log().
    [[nodiscard]] double uniform_open0() { return 1.0 - uniform(); }

    // Uniform integer in [0, n) by Lemire's multiply-shift with rejection (unbiased).
    [[nodiscard]] std::uint32_t below(std::uint32_t n) {
        std::uint64_t m = std::uint64_t{next_u32()} * n;
        auto low = static_cast<std::uint32_t>(m);
        if (low < n) {
            const std::uint32_t threshold = static_cast<std::uint32_t>(-n) % n;
            while (low < threshold) {
                m = std::uint64_t{next_u32()} * n;
                low = static_cast<std::uint32_t>(m);
            }
        }
        return static_cast<std::uint32_t>(m >> 32);
    }

    // Standard normal, exact, by the ziggurat method with 128 layers (Marsaglia and Tsang
    // 2000, in Doornik's 2005 form: the layer index and the value come from separate random
    // bits). About 99% of draws cost one uniform, 7 bits and a comparison; the rest evaluate
    // exp() or the tail. Network construction draws two normals per synapse.
    [[nodiscard]] double normal();

    // Poisson-distributed count with mean lambda: exact inversion from 0 for small means,
    // exact chop-down search from the mode for large ones (see random_stream.cpp).
    [[nodiscard]] std::uint32_t poisson(double lambda);
    // The same draw for lambda < 30, given exp(-lambda) computed once by the caller (the
    // stimulus hot path draws one count per neuron per step).
    [[nodiscard]] std::uint32_t poisson_small(double lambda, double exp_neg_lambda) {
        return poisson_from_uniform(uniform(), lambda, exp_neg_lambda);
    }

    // Bernoulli trial with probability p.
    [[nodiscard]] bool bernoulli(double p) { return uniform() < p; }

    // Binomial(n, p), exact, by chop-down search from the mode (cost ~ its standard deviation).
    [[nodiscard]] std::uint64_t binomial(std::uint64_t n, double p);

private:
    void refill() {
        block_ = philox_(ctr_, key_);
        ctr_[3] += 1;
        used_ = 0;
    }

    using philox = r123::Philox4x32;
    philox philox_;
    philox::key_type key_;
    philox::ctr_type ctr_;
    philox::ctr_type block_{};
    int used_ = 4;
};

}  // namespace brainemu
