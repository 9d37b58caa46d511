#pragma once

#include <vector>

#include "core/spike_sink.hpp"

namespace brainemu::testing {

struct memory_spike_sink final : spike_sink {
    std::vector<spike_record> spikes;
    void write(std::span<const spike_record> s) override {
        // Each interval's batch must already be sorted and follow the previous one.
        for (const auto& r : s) {
            if (!spikes.empty() && r < spikes.back()) {
                throw std::logic_error("spikes out of order");
            }
            spikes.push_back(r);
        }
    }
};

struct memory_sample_sink final : sample_sink {
    std::vector<std::pair<std::uint32_t, std::vector<float>>> rows;
    void write(std::uint32_t step, std::span<const float> v) override {
        rows.emplace_back(step, std::vector<float>(v.begin(), v.end()));
    }
};

}  // namespace brainemu::testing
