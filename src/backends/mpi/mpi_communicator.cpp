#include "backends/mpi/mpi_communicator.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace brainemu {
namespace {

static_assert(sizeof(spike_wire) == 2 * sizeof(std::uint32_t));

void check(int rc, const char* what) {
    if (rc != MPI_SUCCESS) {
        throw std::runtime_error(std::string("MPI call failed: ") + what);
    }
}

int as_int(std::size_t n) {
    if (n > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw std::runtime_error("an MPI message larger than 2^31 elements");
    }
    return static_cast<int>(n);
}

}  // namespace

mpi_communicator::mpi_communicator(MPI_Comm comm) : comm_(comm) {
    check(MPI_Comm_rank(comm_, &rank_), "MPI_Comm_rank");
    check(MPI_Comm_size(comm_, &size_), "MPI_Comm_size");
    spikes_.assign(static_cast<std::size_t>(size_), 0);
    bytes_.assign(static_cast<std::size_t>(size_), 0);
}

void mpi_communicator::setup(std::span<const neuron_id> needed_sources, index_range mine,
                             neuron_id neurons) {
    mine_ = mine;
    const auto k = static_cast<std::size_t>(size_);
    std::vector<std::uint64_t> bounds(2 * k);
    const std::uint64_t me[2] = {mine.first, mine.last};
    check(MPI_Allgather(me, 2, MPI_UINT64_T, bounds.data(), 2, MPI_UINT64_T, comm_),
          "MPI_Allgather (ranges)");
    ranges_.clear();
    for (std::size_t r = 0; r < k; ++r) {
        ranges_.push_back({bounds[2 * r], bounds[2 * r + 1]});
    }
    // Every rank's needs, so each rank knows where its own neurons' spikes must go (a flag per
    // neuron of the network: every rank holds n x ranks bytes while it sets up).
    const std::size_t n = neurons;
    std::vector<std::uint8_t> needed(n, 0);
    for (neuron_id s : needed_sources) {
        needed[s] = 1;
    }
    std::vector<std::uint8_t> all(n * k);
    check(MPI_Allgather(needed.data(), as_int(n), MPI_UINT8_T, all.data(), as_int(n), MPI_UINT8_T,
                        comm_),
          "MPI_Allgather (needs)");
    dest_offsets_.assign(mine.size() + 1, 0);
    dest_ranks_.clear();
    for (neuron_id s = mine.first; s < mine.last; ++s) {
        for (std::size_t r = 0; r < k; ++r) {
            if (static_cast<int>(r) != rank_ && all[r * n + s] != 0) {
                dest_ranks_.push_back(static_cast<int>(r));
            }
        }
        dest_offsets_[s - mine.first + 1] = static_cast<std::uint32_t>(dest_ranks_.size());
    }
    out_.assign(k, {});
    reset_counts();
}

void mpi_communicator::reset_counts() {
    std::fill(spikes_.begin(), spikes_.end(), 0);
    std::fill(bytes_.begin(), bytes_.end(), 0);
}

void mpi_communicator::exchange(std::uint64_t, std::uint64_t, std::span<const spike_record> local,
                                std::vector<spike_record>& deliver) {
    const auto k = static_cast<std::size_t>(size_);
    for (auto& o : out_) {
        o.clear();
    }
    for (const spike_record& r : local) {
        const auto i = static_cast<std::uint32_t>(r.neuron - mine_.first);
        for (std::uint32_t d = dest_offsets_[i]; d < dest_offsets_[i + 1]; ++d) {
            out_[static_cast<std::size_t>(dest_ranks_[d])].push_back({r.step, i});
        }
    }
    send_counts_.assign(k, 0);
    send_displs_.assign(k, 0);
    send_.clear();
    for (std::size_t r = 0; r < k; ++r) {
        send_displs_[r] = as_int(2 * send_.size());
        send_counts_[r] = as_int(2 * out_[r].size());
        send_.insert(send_.end(), out_[r].begin(), out_[r].end());
        spikes_[r] += out_[r].size();
        bytes_[r] += out_[r].size() * sizeof(spike_wire);
    }
    recv_counts_.assign(k, 0);
    check(MPI_Alltoall(send_counts_.data(), 1, MPI_INT, recv_counts_.data(), 1, MPI_INT, comm_),
          "MPI_Alltoall");
    recv_displs_.assign(k, 0);
    std::size_t total = 0;
    for (std::size_t r = 0; r < k; ++r) {
        recv_displs_[r] = as_int(total);
        total += static_cast<std::size_t>(recv_counts_[r]);
    }
    recv_.resize(total / 2);
    check(
        MPI_Alltoallv(send_.data(), send_counts_.data(), send_displs_.data(), MPI_UINT32_T,
                      recv_.data(), recv_counts_.data(), recv_displs_.data(), MPI_UINT32_T, comm_),
        "MPI_Alltoallv");
    deliver.assign(local.begin(), local.end());
    unpack(recv_counts_, recv_displs_, recv_, deliver);
    std::sort(deliver.begin(), deliver.end());
}

void mpi_communicator::unpack(std::span<const int> counts, std::span<const int> displs,
                              std::span<const spike_wire> wire,
                              std::vector<spike_record>& out) const {
    for (std::size_t r = 0; r < counts.size(); ++r) {
        const auto first = static_cast<std::size_t>(displs[r]) / 2;
        const auto n = static_cast<std::size_t>(counts[r]) / 2;
        for (const spike_wire& w : wire.subspan(first, n)) {
            out.push_back({w.step, ranges_[r].first + w.offset});
        }
    }
}

void mpi_communicator::gather(std::span<const spike_record> local, std::vector<spike_record>& all) {
    const auto k = static_cast<std::size_t>(size_);
    const int mine = as_int(2 * local.size());
    std::vector<int> counts(k, 0), displs(k, 0);
    check(MPI_Gather(&mine, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, comm_), "MPI_Gather");
    std::size_t total = 0;
    for (std::size_t r = 0; r < k; ++r) {
        displs[r] = as_int(total);
        total += static_cast<std::size_t>(counts[r]);
    }
    std::vector<spike_wire> wire, received(rank_ == 0 ? total / 2 : 0);
    wire.reserve(local.size());
    for (const spike_record& s : local) {
        wire.push_back({s.step, static_cast<std::uint32_t>(s.neuron - mine_.first)});
    }
    check(MPI_Gatherv(wire.data(), mine, MPI_UINT32_T, received.data(), counts.data(),
                      displs.data(), MPI_UINT32_T, 0, comm_),
          "MPI_Gatherv");
    all.clear();
    if (rank_ == 0) {
        unpack(counts, displs, received, all);
        std::sort(all.begin(), all.end());
    }
}

void mpi_communicator::share(std::vector<double>& v) {
    const auto k = static_cast<std::size_t>(size_);
    std::vector<int> counts(k), displs(k);
    for (std::size_t r = 0; r < k; ++r) {
        counts[r] = as_int(ranges_[r].size());
        displs[r] = as_int(ranges_[r].first);
    }
    check(MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, v.data(), counts.data(), displs.data(),
                         MPI_DOUBLE, comm_),
          "MPI_Allgatherv (voltages)");
}

std::uint64_t mpi_communicator::min_all(std::uint64_t x) {
    std::uint64_t out = 0;
    check(MPI_Allreduce(&x, &out, 1, MPI_UINT64_T, MPI_MIN, comm_), "MPI_Allreduce (min)");
    return out;
}

double mpi_communicator::max_all(double x) {
    double out = 0.0;
    check(MPI_Allreduce(&x, &out, 1, MPI_DOUBLE, MPI_MAX, comm_), "MPI_Allreduce (max)");
    return out;
}

void mpi_communicator::sum_all(std::span<std::uint32_t> counts) {
    check(MPI_Allreduce(MPI_IN_PLACE, counts.data(), as_int(counts.size()), MPI_UINT32_T, MPI_SUM,
                        comm_),
          "MPI_Allreduce (sum)");
}

std::vector<std::string> mpi_communicator::allgather(const std::string& text) {
    const auto k = static_cast<std::size_t>(size_);
    const int mine = as_int(text.size());
    std::vector<int> lengths(k), displs(k);
    check(MPI_Allgather(&mine, 1, MPI_INT, lengths.data(), 1, MPI_INT, comm_),
          "MPI_Allgather (lengths)");
    std::size_t total = 0;
    for (std::size_t r = 0; r < k; ++r) {
        displs[r] = as_int(total);
        total += static_cast<std::size_t>(lengths[r]);
    }
    std::string all(total, '\0');
    check(MPI_Allgatherv(text.data(), mine, MPI_CHAR, all.data(), lengths.data(), displs.data(),
                         MPI_CHAR, comm_),
          "MPI_Allgatherv (text)");
    std::vector<std::string> out;
    for (std::size_t r = 0; r < k; ++r) {
        out.push_back(
            all.substr(static_cast<std::size_t>(displs[r]), static_cast<std::size_t>(lengths[r])));
    }
    return out;
}

mpi_session::mpi_session() {
    const char* world = std::getenv("OMPI_COMM_WORLD_SIZE");
    if (world == nullptr || std::atoi(world) < 2) {
        return;
    }
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    active_ = true;
}

mpi_session::~mpi_session() {
    if (active_) {
        MPI_Finalize();
    }
}

}  // namespace brainemu
