#include "core/process_memory.hpp"

#include <cstdlib>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

// A build's shape: many small allocations (below glibc's mmap threshold, so they come from the
// heap), touched, then freed but for the last one, which pins the heap's top. Freed, they stay
// resident; released, they go back to the kernel.
TEST(process_memory, freed_heap_pages_are_handed_back) {
#if !defined(__GLIBC__) || defined(__SANITIZE_ADDRESS__)
    GTEST_SKIP() << "release_free_memory trims glibc's heap: not this C library or allocator "
                    "(AddressSanitizer keeps freed memory in quarantine)";
#else
    const auto before = read_process_memory();
    ASSERT_TRUE(before.has_value()) << "/proc/self/status is unreadable";
    constexpr std::size_t blocks = 64 * 1024, size = 2048;  // 128 MiB
    std::vector<std::unique_ptr<char[]>> held;
    held.reserve(blocks);
    for (std::size_t i = 0; i < blocks; ++i) {
        held.emplace_back(new char[size]);
        for (std::size_t k = 0; k < size; k += 512) {
            held.back()[k] = static_cast<char>(i);
        }
    }
    std::unique_ptr<char[]> last(new char[size]);
    last[0] = 1;
    held = decltype(held)();
    const auto freed = read_process_memory();
    release_free_memory();
    const auto released = read_process_memory();
    ASSERT_TRUE(freed && released);
    EXPECT_GT(freed->resident, before->resident + 96u * 1024 * 1024)
        << "freed heap pages stay resident until released";
    EXPECT_LT(released->resident + 96u * 1024 * 1024, freed->resident);
#endif
}

}  // namespace
}  // namespace brainemu
