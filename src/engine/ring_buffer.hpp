#pragma once
// Delayed synaptic input of one block: `slots` future steps x `channels` x block neurons, in
// 64-bit fixed point. Slot (step mod slots) is read in `step` and cleared after it.
// With slots = the largest delay and exchange every D_min <= smallest delay steps, every slot a
// delivery writes lies in [now, now + max_delay) and none is still being read (design.md).

#include <cstdint>
#include <cstring>
#include <vector>

namespace brainemu {

class ring_buffer {
public:
    ring_buffer() = default;
    ring_buffer(std::uint32_t slots, int channels, std::uint32_t neurons)
        : slots_(slots),
          channels_(channels),
          neurons_(neurons),
          data_(std::size_t{slots} * static_cast<std::size_t>(channels) * neurons, 0) {}

    [[nodiscard]] std::uint32_t slots() const { return slots_; }
    [[nodiscard]] int channels() const { return channels_; }
    [[nodiscard]] std::uint32_t neurons() const { return neurons_; }
    [[nodiscard]] std::uint32_t slot_of(std::uint64_t step) const {
        return static_cast<std::uint32_t>(step % slots_);
    }
    [[nodiscard]] std::int64_t* channel(std::uint32_t slot, int ch) {
        return data_.data() + (std::size_t{slot} * static_cast<std::size_t>(channels_) +
                               static_cast<std::size_t>(ch)) *
                                  neurons_;
    }
    void clear_slot(std::uint32_t slot) {
        std::memset(channel(slot, 0), 0,
                    sizeof(std::int64_t) * neurons_ * static_cast<std::size_t>(channels_));
    }
    [[nodiscard]] std::int64_t* data() { return data_.data(); }
    [[nodiscard]] std::size_t bytes() const { return data_.capacity() * sizeof(std::int64_t); }

private:
    std::uint32_t slots_ = 0;
    int channels_ = 0;
    std::uint32_t neurons_ = 0;
    std::vector<std::int64_t> data_;
};

}  // namespace brainemu
