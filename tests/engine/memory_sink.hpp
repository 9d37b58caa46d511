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

}  // namespace brainemu::testing
