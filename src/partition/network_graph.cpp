#include "partition/network_graph.hpp"

#include <algorithm>

namespace brainemu {

connectome connectome_of(const network& net) {
    connectome_builder b;
    for (std::uint32_t i = 0; i < net.size; ++i) {
        (void)b.add_neuron(i);
    }
    const neuron_layout& layout = net.layout;
    // A connectome's indices are 32-bit: only networks below 2^32 neurons are graphed.
    std::vector<std::uint32_t> targets;
    for (const synapse_block& block : net.synapses.blocks) {
        block.for_each_row([&](neuron_id s, std::uint64_t begin, std::uint64_t end) {
            targets.clear();
            for (std::uint64_t k = begin; k < end; ++k) {
                targets.push_back(static_cast<std::uint32_t>(
                    layout.global(block.targets.first + block.target_of(k))));
            }
            std::sort(targets.begin(), targets.end());
            for (std::size_t k = 0; k < targets.size();) {
                std::size_t j = k;
                while (j < targets.size() && targets[j] == targets[k]) {
                    ++j;
                }
                b.add_synapses(static_cast<std::uint32_t>(layout.global(s)), targets[k],
                               static_cast<std::uint32_t>(j - k));
                k = j;
            }
        });
    }
    b.add_metadata("format", "built network");
    return b.finish("network");
}

}  // namespace brainemu
