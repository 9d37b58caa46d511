#pragma once
// A barrier for as many threads as cores: arriving threads spin for a few microseconds before
// sleeping in the kernel. std::barrier parks waiters on a futex at once, and waking one costs
// tens of microseconds on a virtual machine; with exchange every 0.1 ms step (the
// microcircuit's D_min is one step) that alone cost about a third of the run
// (docs/performance.md). When the machine is oversubscribed, the sleep keeps spinning threads
// from stealing the core a late thread needs.

#include <atomic>

namespace brainemu {

class spin_barrier {
public:
    explicit spin_barrier(int parties) : parties_(parties) {}

    void arrive_and_wait() {
        const unsigned gen = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) == parties_ - 1) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.fetch_add(1, std::memory_order_release);
            generation_.notify_all();
            return;
        }
        for (int spins = 0; spins < 20000; ++spins) {
            if (generation_.load(std::memory_order_acquire) != gen) {
                return;
            }
        }
        while (generation_.load(std::memory_order_acquire) == gen) {
            generation_.wait(gen, std::memory_order_acquire);
        }
    }

private:
    const int parties_;
    std::atomic<int> arrived_{0};
    std::atomic<unsigned> generation_{0};
};

}  // namespace brainemu
