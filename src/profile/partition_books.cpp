#include "profile/partition_books.hpp"

#include <algorithm>
#include <vector>

namespace brainemu {

void add_partition_books(run_profile_record& profile, const network& net,
                         std::span<const std::uint32_t> spikes, const resident_bytes& m,
                         std::span<const std::uint32_t> part_of, std::uint32_t parts,
                         std::span<const std::uint64_t> synapse_bytes) {
    const neuron_layout& layout = net.layout;
    const neuron_id n = net.size;
    const std::size_t words = (parts + 63) / 64;
    // needs[s]: the parts holding a target of source s (by global id), as a bitset.
    std::vector<std::uint64_t> needs(n * words, 0);
    std::vector<std::uint64_t> synapses(parts, 0), events(parts, 0), neurons(parts, 0);
    std::vector<std::uint64_t> cut(parts, 0);  // synapses held whose source is elsewhere
    for (neuron_id g = 0; g < n; ++g) {
        ++neurons[part_of[g]];
    }
    for (const synapse_block& block : net.synapses.blocks) {
        block.for_each_row([&](neuron_id s, std::uint64_t begin, std::uint64_t end) {
            const neuron_id sg = layout.global(s);
            for (std::uint64_t k = begin; k < end; ++k) {
                const std::uint32_t q =
                    part_of[layout.global(block.targets.first + block.target_of(k))];
                needs[sg * words + q / 64] |= std::uint64_t{1} << (q % 64);
                ++synapses[q];
                events[q] += spikes[sg];
                if (part_of[sg] != q) {
                    ++cut[q];
                }
            }
        });
    }
    std::vector<std::vector<std::uint64_t>> traffic(parts, std::vector<std::uint64_t>(parts, 0));
    std::vector<std::uint64_t> emitted(parts, 0);
    for (neuron_id g = 0; g < n; ++g) {
        const std::uint32_t p = part_of[g];
        emitted[p] += spikes[g];
        if (spikes[g] == 0) {
            continue;
        }
        for (std::uint32_t q = 0; q < parts; ++q) {
            if (q != p && (needs[std::size_t{g} * words + q / 64] >> (q % 64) & 1) != 0) {
                traffic[p][q] += spikes[g];
            }
        }
    }
    // Resident bytes per part: the run's measured bytes, shared by what each part holds
    // (synapse storage by synapses, the rest by neurons).
    const double per_synapse =
        net.synapses.count() > 0
            ? static_cast<double>(m.synapses) / static_cast<double>(net.synapses.count())
            : 0.0;
    const double per_neuron =
        n > 0 ? static_cast<double>(m.total() - m.synapses) / static_cast<double>(n) : 0.0;
    auto& list = profile.partitions.emplace();
    traffic_record& books = profile.traffic.emplace();
    auto& spikes_m = books.spikes.emplace();
    auto& bytes_m = books.bytes.emplace();
    for (std::uint32_t p = 0; p < parts; ++p) {
        std::uint64_t sent = 0, received = 0;
        for (std::uint32_t q = 0; q < parts; ++q) {
            sent += traffic[p][q];
            received += traffic[q][p];
        }
        auto& row_b = bytes_m.emplace_back();
        for (std::uint32_t q = 0; q < parts; ++q) {
            row_b.push_back(traffic[p][q] * spike_message_bytes);
        }
        spikes_m.push_back(traffic[p]);
        const double syn_bytes = synapse_bytes.empty()
                                     ? per_synapse * static_cast<double>(synapses[p])
                                     : static_cast<double>(synapse_bytes[p]);
        const double other_bytes = per_neuron * static_cast<double>(neurons[p]);
        partition_record& part = list.emplace_back();
        part.neurons = neurons[p];
        part.synapses = synapses[p];
        part.synapses_from_other_parts = cut[p];
        part.spikes = emitted[p];
        part.synaptic_events = events[p];
        part.spikes_sent = sent;
        part.bytes_sent = sent * spike_message_bytes;
        part.spikes_received = received;
        part.bytes_received = received * spike_message_bytes;
        partition_bytes_record& b = part.bytes_resident.emplace();
        b.shares = true;
        b.synapses = syn_bytes;
        b.other = other_bytes;
        b.total = syn_bytes + other_bytes;
    }
}

}  // namespace brainemu
