#include "io/spike_writer.hpp"

#include <array>
#include <bit>
#include <cmath>
#include <cstring>

#include <fmt/format.h>

namespace brainemu {

// The formats are little-endian and written as the host lays them out.
static_assert(std::endian::native == std::endian::little, "big-endian hosts need byte swapping");

int decimals_for(double dt_ms) {
    for (int k = 0; k < 9; ++k) {
        const double scaled = dt_ms * std::pow(10.0, k);
        if (std::abs(scaled - std::round(scaled)) < 1e-9 * std::max(1.0, scaled)) {
            return k;
        }
    }
    return 9;
}

spike_writer::spike_writer(const std::filesystem::path& dir, double dt_ms, neuron_id neurons,
                           bool csv)
    : dt_ms_(dt_ms),
      decimals_(decimals_for(dt_ms)),
      wide_(spike_layout_for(neurons).version == 2),
      bin_(dir / "spikes.bin") {
    std::array<char, 8> magic{'B', 'E', 'S', 'P', 'I', 'K', 'E', '1'};
    bin_.write_pod(magic);
    bin_.write_pod(spike_layout_for(neurons).version);
    bin_.write_pod(spike_layout_for(neurons).record_bytes);
    bin_.write_pod(dt_ms);
    bin_.write_pod(std::uint64_t{0});
    if (csv) {
        csv_.emplace(dir / "spikes.csv");
        csv_->write("time_ms,neuron\n");
    }
}

void spike_writer::write(std::span<const spike_record> spikes) {
    // Packed records: {step, neuron} in 4 + 4 or 4 + 8 bytes (the in-memory record is padded).
    const std::size_t id_bytes = wide_ ? 8 : 4;
    records_.resize(spikes.size() * (4 + id_bytes));
    std::byte* at = records_.data();
    for (const spike_record& s : spikes) {
        std::memcpy(at, &s.step, 4);
        if (wide_) {
            std::memcpy(at + 4, &s.neuron, 8);
        } else {
            const auto narrow = static_cast<std::uint32_t>(s.neuron);
            std::memcpy(at + 4, &narrow, 4);
        }
        at += 4 + id_bytes;
    }
    bin_.write(records_);
    count_ += spikes.size();
    if (csv_) {
        buffer_.clear();
        for (const spike_record& s : spikes) {
            fmt::format_to(std::back_inserter(buffer_), "{:.{}f},{}\n", s.step * dt_ms_, decimals_,
                           s.neuron);
        }
        csv_->write(buffer_);
    }
}

void spike_writer::commit() {
    bin_.write_at(24, std::as_bytes(std::span<const std::uint64_t>(&count_, 1)));
    bin_.commit();
    if (csv_) {
        csv_->commit();
    }
}

}  // namespace brainemu
