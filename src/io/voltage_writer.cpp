#include "io/voltage_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include <fmt/format.h>

#include "io/spike_writer.hpp"

namespace brainemu {

// The formats are little-endian and written as the host lays them out.
static_assert(std::endian::native == std::endian::little, "big-endian hosts need byte swapping");

voltage_writer::voltage_writer(const std::filesystem::path& dir, double dt_ms,
                               std::span<const neuron_id> neurons, bool csv)
    : dt_ms_(dt_ms),
      decimals_(decimals_for(dt_ms)),
      neurons_(neurons.begin(), neurons.end()),
      bin_(dir / "voltages.bin") {
    std::array<char, 8> magic{'B', 'E', 'V', 'O', 'L', 'T', 'S', '1'};
    bin_.write_pod(magic);
    // Version 1 names columns by 32-bit ids; version 2, where one is 2^32 or above, by 64-bit.
    const bool wide =
        std::any_of(neurons_.begin(), neurons_.end(), [](neuron_id n) { return n > UINT32_MAX; });
    bin_.write_pod(std::uint32_t{wide ? 2u : 1u});
    bin_.write_pod(static_cast<std::uint32_t>(neurons_.size()));
    bin_.write_pod(dt_ms);
    bin_.write_pod(std::uint64_t{0});
    if (wide) {
        bin_.write(std::as_bytes(std::span<const neuron_id>(neurons_)));
    } else {
        const std::vector<std::uint32_t> narrow(neurons_.begin(), neurons_.end());
        bin_.write(std::as_bytes(std::span<const std::uint32_t>(narrow)));
    }
    if (csv) {
        csv_.emplace(dir / "voltages.csv");
        csv_->write("time_ms,neuron,v_mV\n");
    }
}

void voltage_writer::write(std::uint32_t step, std::span<const float> values) {
    bin_.write_pod(step);
    bin_.write(std::as_bytes(values));
    ++frames_;
    if (csv_) {
        std::string text;
        for (std::size_t i = 0; i < values.size(); ++i) {
            // The value at the end of the step: time (step + 1) dt.
            fmt::format_to(std::back_inserter(text), "{:.{}f},{},{}\n", (step + 1) * dt_ms_,
                           decimals_, neurons_[i], values[i]);
        }
        csv_->write(text);
    }
}

void voltage_writer::commit() {
    bin_.write_at(24, std::as_bytes(std::span<const std::uint64_t>(&frames_, 1)));
    bin_.commit();
    if (csv_) {
        csv_->commit();
    }
}

}  // namespace brainemu
