#include "network/source_index.hpp"

#include "core/assert.hpp"

namespace brainemu {

source_index::source_index(std::span<const neuron_id> sorted) : ids_(sorted) {
    BE_ASSERT(sorted.size() < npos, "a source index holds fewer than 2^32 ids");
    for (std::size_t i = 1; i < sorted.size(); ++i) {
        BE_ASSERT(sorted[i] > sorted[i - 1], "source ids must ascend, each once");
    }
}

}  // namespace brainemu
