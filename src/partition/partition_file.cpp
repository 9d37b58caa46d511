#include "partition/partition_file.hpp"

#include <array>
#include <cstring>
#include <fstream>
#include <iterator>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"

namespace brainemu {
namespace {

constexpr std::array<char, 8> magic = {'B', 'E', 'P', 'A', 'R', 'T', '\r', '\n'};
constexpr std::uint32_t version = 1;

struct header {
    std::array<char, 8> magic;
    std::uint32_t version;
    std::uint32_t parts;
    std::uint32_t neurons;
    std::uint32_t method;
    std::uint64_t connectome_fingerprint;
    std::uint64_t assignment_checksum;  // xxh64 of the part indices
};
static_assert(sizeof(header) == 40);

std::uint64_t checksum(std::span<const std::uint32_t> part_of) {
    return XXH64(part_of.data(), part_of.size_bytes(), 0);
}

[[noreturn]] void refuse(const std::filesystem::path& path, std::string_view problem) {
    throw input_error({path.string(), 0, ""}, problem);
}

std::vector<char> read_all(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        refuse(path, "cannot open the partition file");
    }
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

std::uint64_t connectome_fingerprint(const connectome& c) {
    XXH64_state_t* state = XXH64_createState();
    XXH64_reset(state, 0);
    XXH64_update(state, c.ids.data(), c.ids.size_bytes());
    for (const std::string& name : c.names) {
        const std::uint64_t length = name.size();
        XXH64_update(state, &length, sizeof(length));
        XXH64_update(state, name.data(), name.size());
    }
    const std::uint64_t h = XXH64_digest(state);
    XXH64_freeState(state);
    return h;
}

void write_partition(const std::filesystem::path& path, const partition& p,
                     partition_method_kind method, const connectome& c) {
    header h{};
    h.magic = magic;
    h.version = version;
    h.parts = p.parts;
    h.neurons = p.size();
    h.method = static_cast<std::uint32_t>(method);
    h.connectome_fingerprint = connectome_fingerprint(c);
    h.assignment_checksum = checksum(p.part_of);
    atomic_file f(path);
    f.write_pod(h);
    f.write(std::as_bytes(std::span<const std::uint32_t>(p.part_of)));
    f.commit();
}

stored_partition read_partition(const std::filesystem::path& path, const connectome& c,
                                std::optional<std::uint32_t> expected_parts) {
    const std::vector<char> bytes = read_all(path);
    header h{};
    if (bytes.size() < sizeof(h.magic) ||
        std::memcmp(bytes.data(), magic.data(), magic.size()) != 0) {
        refuse(path, "not a brainemu partition file (wrong magic)");
    }
    if (bytes.size() < sizeof(header)) {
        refuse(path, fmt::format("truncated: {} bytes, shorter than the {}-byte header",
                                 bytes.size(), sizeof(header)));
    }
    std::memcpy(&h, bytes.data(), sizeof(header));
    if (h.version != version) {
        refuse(path, fmt::format("partition file version {}; this build reads version {}",
                                 h.version, version));
    }
    const std::uint64_t expected_size = sizeof(header) + std::uint64_t{h.neurons} * 4;
    if (bytes.size() != expected_size) {
        refuse(path, fmt::format("{}: {} bytes where a partition of {} neurons has {}",
                                 bytes.size() < expected_size ? "truncated" : "too long",
                                 bytes.size(), h.neurons, expected_size));
    }
    if (h.neurons != c.size()) {
        refuse(path,
               fmt::format("the partition was made for a connectome of {} neurons; this one has {}",
                           h.neurons, c.size()));
    }
    if (h.connectome_fingerprint != connectome_fingerprint(c)) {
        refuse(path, fmt::format("the partition was made for another connectome of {} neurons "
                                 "(their ids or names differ from this one's)",
                                 h.neurons));
    }
    if (expected_parts && h.parts != *expected_parts) {
        refuse(path, fmt::format("the partition has {} parts; {} were asked for", h.parts,
                                 *expected_parts));
    }
    if (h.method > static_cast<std::uint32_t>(partition_method_kind::metis)) {
        refuse(path, fmt::format("unknown partition method code {}", h.method));
    }
    stored_partition s;
    s.method = static_cast<partition_method_kind>(h.method);
    s.result.parts = h.parts;
    s.result.part_of.resize(h.neurons);
    std::memcpy(s.result.part_of.data(), bytes.data() + sizeof(header), std::size_t{h.neurons} * 4);
    if (checksum(s.result.part_of) != h.assignment_checksum) {
        refuse(path, "damaged: the part indices do not match their checksum");
    }
    if (h.parts == 0) {
        refuse(path, "0 parts");
    }
    for (std::uint32_t i = 0; i < h.neurons; ++i) {
        if (s.result.part_of[i] >= h.parts) {
            refuse(path, fmt::format("neuron {} is in part {}, but there are only {} parts", i,
                                     s.result.part_of[i], h.parts));
        }
    }
    return s;
}

}  // namespace brainemu
