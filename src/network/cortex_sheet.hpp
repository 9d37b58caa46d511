#pragma once
// A cortical sheet: columns of excitatory and inhibitory neurons tiled on a 2D torus, with
// Brunel's (2000) balanced dynamics (docs/experiments.md, builtin = "cortex_sheet"). Each
// target draws its K sources from streams keyed by its own id, so any set of targets (one
// rank's part of a 10^9-neuron sheet) is built alone and identically under every partitioning.
// Connectivity only; the experiment layer adds the neuron model and the external drive.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "core/random_stream.hpp"
#include "network/brunel.hpp"
#include "network/network.hpp"

namespace brainemu {

enum class distance_profile_kind : std::uint8_t { gaussian, exponential };

struct cortex_sheet_params {
    std::uint32_t columns_x = 1, columns_y = 1;
    std::uint32_t neurons_per_column = 80000;
    std::uint32_t in_degree = 4000;  // K: c_e() excitatory and c_i() inhibitory sources
    distance_profile_kind profile = distance_profile_kind::gaussian;
    // The profile's length in column widths: the Gaussian's standard deviation per axis, or the
    // exponential's decay length (density of sources ~ exp(-r / length) in the plane).
    double length_columns = 0.3;
    double long_range_share = 0.5;  // of each target's sources: from a uniform column anywhere
    brunel_coupling coupling;

    [[nodiscard]] std::uint32_t columns() const { return columns_x * columns_y; }
    [[nodiscard]] std::uint64_t neurons() const {
        return std::uint64_t{columns()} * neurons_per_column;
    }
    // Per column: E neurons first, then I (4:1 as Brunel's).
    [[nodiscard]] std::uint32_t e_per_column() const;
    [[nodiscard]] std::uint32_t i_per_column() const { return neurons_per_column - e_per_column(); }
    [[nodiscard]] std::uint32_t c_e() const;  // round(0.8 K)
    [[nodiscard]] std::uint32_t c_i() const { return in_degree - c_e(); }
};

// The grid shape for `columns` columns: X x Y = columns with Y the largest divisor of columns
// not above its square root (the most square exact factorisation; a prime count gives 1 x P).
struct grid_shape {
    std::uint32_t x = 1, y = 1;
};
[[nodiscard]] grid_shape squarest_grid(std::uint32_t columns);

// The columns' numbering: column c (neurons [c n, (c + 1) n)) sits at the c-th cell of the
// X x Y grid in Morton (Z) order, cells outside the grid skipped, so that a contiguous range of
// neuron ids is a compact patch of the sheet.
class cortex_sheet_geometry {
public:
    explicit cortex_sheet_geometry(std::uint32_t columns_x, std::uint32_t columns_y);
    [[nodiscard]] std::uint32_t x_of(std::uint32_t column) const { return x_of_[column]; }
    [[nodiscard]] std::uint32_t y_of(std::uint32_t column) const { return y_of_[column]; }
    // The column at (x, y), each coordinate taken modulo the grid (the sheet is a torus).
    [[nodiscard]] std::uint32_t column_at(std::int64_t x, std::int64_t y) const {
        const auto wx = static_cast<std::uint32_t>(((x % nx_) + nx_) % nx_);
        const auto wy = static_cast<std::uint32_t>(((y % ny_) + ny_) % ny_);
        return column_at_[std::size_t{wy} * nx_ + wx];
    }
    [[nodiscard]] std::uint32_t columns_x() const { return static_cast<std::uint32_t>(nx_); }
    [[nodiscard]] std::uint32_t columns_y() const { return static_cast<std::uint32_t>(ny_); }

private:
    std::int64_t nx_, ny_;
    std::vector<std::uint32_t> x_of_, y_of_, column_at_;
};

// The sources of each target, drawn per target from counter-based streams: excitatory sources
// from stream connectivity(0), inhibitory from connectivity(1), both keyed by the target's id.
class cortex_sheet_wiring {
public:
    cortex_sheet_wiring(const cortex_sheet_params& p, std::uint64_t seed);

    // Calls emit(source, is_inhibitory) for each of the target's K sources, excitatory first,
    // always in the same order. Autapses and multapses are allowed, as in Brunel's network.
    template <class Emit>
    void sources_of(neuron_id target, Emit&& emit) const {
        const auto column = static_cast<std::uint32_t>(target / p_.neurons_per_column);
        const std::int64_t x = geometry_.x_of(column), y = geometry_.y_of(column);
        random_stream e(seed_, purpose_code(stream_purpose::connectivity, 0), target, 0);
        // The column is drawn before the neuron in it: two statements, so the order is fixed.
        for (std::uint32_t j = 0; j < c_e_; ++j) {
            const neuron_id first = neuron_id{source_column(e, x, y)} * p_.neurons_per_column;
            emit(first + e.below(e_per_column_), false);
        }
        random_stream i(seed_, purpose_code(stream_purpose::connectivity, 1), target, 0);
        for (std::uint32_t j = 0; j < c_i_; ++j) {
            const neuron_id first =
                neuron_id{source_column(i, x, y)} * p_.neurons_per_column + e_per_column_;
            emit(first + i.below(p_.neurons_per_column - e_per_column_), true);
        }
    }
    [[nodiscard]] const cortex_sheet_geometry& geometry() const { return geometry_; }

private:
    // One source's column: with probability long_range_share a uniform column anywhere; else
    // a displacement from the profile, rounded to whole columns and wrapped on the torus.
    [[nodiscard]] std::uint32_t source_column(random_stream& r, std::int64_t x,
                                              std::int64_t y) const {
        if (r.bernoulli(p_.long_range_share)) {
            return r.below(columns_);
        }
        double dx, dy;
        if (p_.profile == distance_profile_kind::gaussian) {
            dx = p_.length_columns * r.normal();
            dy = p_.length_columns * r.normal();
        } else {
            // A 2D density ~ exp(-r / l) has radius ~ Gamma(2, l): the sum of two exponentials.
            const double radius =
                -p_.length_columns * std::log(r.uniform_open0() * r.uniform_open0());
            const double angle = 2.0 * std::numbers::pi * r.uniform();
            dx = radius * std::cos(angle);
            dy = radius * std::sin(angle);
        }
        return geometry_.column_at(x + std::llround(dx), y + std::llround(dy));
    }

    cortex_sheet_params p_;
    std::uint64_t seed_;
    cortex_sheet_geometry geometry_;
    std::uint32_t columns_, e_per_column_, c_e_, c_i_;
};

// Every held partition of the sheet; weights J (E) and -g J (I) in mV, one delay. Needs
// p.neurons() <= 2^40 (max_stream_ids).
[[nodiscard]] network build_cortex_sheet(const cortex_sheet_params& p, std::uint64_t seed,
                                         double dt_ms, const neuron_layout& blocks);

}  // namespace brainemu
