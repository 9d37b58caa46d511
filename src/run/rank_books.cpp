#include "run/rank_books.hpp"

#include <nlohmann/json.hpp>

#include "profile/record/run_profile_json.hpp"

namespace brainemu {

// An MPI run's books: every rank's own figures, measured, and its row of the traffic matrix,
// counted where the spikes were sent; rank 0 assembles them and the totals.
partition_record own_part_books(const engine& eng, const network& net) {
    const resident_bytes m = eng.memory();
    const run_stats& s = eng.stats();
    std::uint64_t neurons = 0;
    for (std::size_t p = 0; p < net.synapses.partitions.size(); ++p) {
        if (net.layout.holds(p)) {
            neurons += net.synapses.partitions[p].size();
        }
    }
    partition_record mine;
    mine.neurons = neurons;
    mine.synapses = net.synapses.count();
    mine.neuron_updates = s.neuron_updates;
    mine.synaptic_events = s.synaptic_events;
    mine.spikes = s.spikes;
    partition_bytes_record& held = mine.bytes_resident.emplace();
    held.state = static_cast<double>(m.state);
    held.synapses = static_cast<double>(m.synapses);
    held.ring_buffers = static_cast<double>(m.ring_buffers);
    held.stimuli = static_cast<double>(m.stimuli);
    held.recorders = static_cast<double>(m.recorders);
    held.total = static_cast<double>(m.total());
    mine.time_s = phase_seconds{s.time.update_s, s.time.delivery_s, s.time.communication_s,
                                s.time.recording_s, s.time.waiting_s};
    return mine;
}

void add_rank_books(run_profile_record& profile, const engine& eng, const network& net,
                    communicator& comm, const chosen_partition& partition) {
    const auto sent = comm.spikes_sent_to();
    const auto bytes = comm.bytes_sent_to();
    std::uint64_t sent_total = 0, bytes_total = 0;
    for (std::size_t q = 0; q < sent.size(); ++q) {
        sent_total += sent[q];
        bytes_total += bytes[q];
    }
    partition_record mine = own_part_books(eng, net);
    mine.spikes_sent = sent_total;
    mine.bytes_sent = bytes_total;
    // Each rank's books travel with its rows of the traffic matrices.
    const nlohmann::json wire = {{"part", mine}, {"sent_to", sent}, {"bytes_to", bytes}};
    const std::vector<std::string> all = comm.allgather(wire.dump());
    auto& parts = profile.partitions.emplace();
    traffic_record& traffic = profile.traffic.emplace();
    auto& spikes_m = traffic.spikes.emplace();
    auto& bytes_m = traffic.bytes.emplace();
    std::uint64_t synapses = 0, events = 0, updates = 0, spikes = 0, syn_bytes = 0;
    for (const std::string& text : all) {
        const nlohmann::json r = nlohmann::json::parse(text);
        const partition_record& part = parts.emplace_back(r.at("part").get<partition_record>());
        spikes_m.push_back(r.at("sent_to").get<std::vector<std::uint64_t>>());
        bytes_m.push_back(r.at("bytes_to").get<std::vector<std::uint64_t>>());
        synapses += part.synapses.value_or(0);
        events += part.synaptic_events.value_or(0);
        updates += part.neuron_updates.value_or(0);
        spikes += part.spikes.value_or(0);
        syn_bytes += static_cast<std::uint64_t>(part.bytes_resident->synapses.value_or(0.0));
    }
    for (std::size_t q = 0; q < parts.size(); ++q) {
        std::uint64_t received = 0, received_bytes = 0;
        for (std::size_t p = 0; p < parts.size(); ++p) {
            received += spikes_m[p][q];
            received_bytes += bytes_m[p][q];
        }
        parts[q].spikes_received = received;
        parts[q].bytes_received = received_bytes;
    }
    profile.partitioning = partitioning_record{partition.method, partition.result.parts,
                                               partition.seconds, false, "at the MPI call sites"};
    // The top-level figures are the whole run's.
    profile.ranks = static_cast<std::uint64_t>(comm.size());
    profile.synapses = synapses;
    profile.synaptic_events = events;
    profile.neuron_updates = updates;
    profile.spikes = spikes;
    profile.events_per_s =
        profile.wall_s > 0.0 ? static_cast<double>(events) / profile.wall_s : 0.0;
    profile.bytes_per_synapse =
        synapses > 0 ? static_cast<double>(syn_bytes) / static_cast<double>(synapses) : 0.0;
}

}  // namespace brainemu
