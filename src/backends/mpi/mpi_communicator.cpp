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
                             neuron_id /*neurons: the ranges say it*/) {
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
    // Each rank tells each other rank which of its neurons it needs (offsets into the owner's
    // range), so that every rank knows where its own neurons' spikes must go: messages as large
    // as the needs, nothing per neuron of the network.
    std::vector<std::vector<std::uint32_t>> asks(k);
    for (neuron_id s : needed_sources) {
        const auto owner = static_cast<std::size_t>(
            std::upper_bound(ranges_.begin(), ranges_.end(), s,
                             [](neuron_id x, const index_range& r) { return x < r.last; }) -
            ranges_.begin());
        if (owner < k && static_cast<int>(owner) != rank_) {
            asks[owner].push_back(static_cast<std::uint32_t>(s - ranges_[owner].first));
        }
    }
    std::vector<int> ask_counts(k), ask_displs(k), told_counts(k), told_displs(k);
    std::vector<std::uint32_t> ask_flat;
    for (std::size_t r = 0; r < k; ++r) {
        ask_displs[r] = as_int(ask_flat.size());
        ask_counts[r] = as_int(asks[r].size());
        ask_flat.insert(ask_flat.end(), asks[r].begin(), asks[r].end());
    }
    asks = decltype(asks)();
    check(MPI_Alltoall(ask_counts.data(), 1, MPI_INT, told_counts.data(), 1, MPI_INT, comm_),
          "MPI_Alltoall (need counts)");
    std::size_t told_total = 0;
    for (std::size_t r = 0; r < k; ++r) {
        told_displs[r] = as_int(told_total);
        told_total += static_cast<std::size_t>(told_counts[r]);
    }
    std::vector<std::uint32_t> told(told_total);
    check(MPI_Alltoallv(ask_flat.data(), ask_counts.data(), ask_displs.data(), MPI_UINT32_T,
                        told.data(), told_counts.data(), told_displs.data(), MPI_UINT32_T, comm_),
          "MPI_Alltoallv (needs)");
    // For each of this rank's neurons, the ranks that need it, in rank order (CSR).
    dest_offsets_.assign(mine.size() + 1, 0);
    for (std::uint32_t o : told) {
        ++dest_offsets_[o + 1];
    }
    for (std::size_t i = 0; i < mine.size(); ++i) {
        dest_offsets_[i + 1] += dest_offsets_[i];
    }
    dest_ranks_.assign(told_total, 0);
    std::vector<std::uint32_t> cursor(dest_offsets_.begin(), dest_offsets_.end() - 1);
    for (std::size_t r = 0; r < k; ++r) {
        for (int i = 0; i < told_counts[r]; ++i) {
            const std::uint32_t o = told[static_cast<std::size_t>(told_displs[r] + i)];
            dest_ranks_[cursor[o]++] = static_cast<int>(r);
        }
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

void mpi_communicator::sum_all(std::span<float> values) {
    check(MPI_Allreduce(MPI_IN_PLACE, values.data(), as_int(values.size()), MPI_FLOAT, MPI_SUM,
                        comm_),
          "MPI_Allreduce (sum of frames)");
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

int mpi_session::rank() const {
    int r = 0;
    if (active_) {
        MPI_Comm_rank(MPI_COMM_WORLD, &r);
    }
    return r;
}

int mpi_session::size() const {
    int n = 1;
    if (active_) {
        MPI_Comm_size(MPI_COMM_WORLD, &n);
    }
    return n;
}

void mpi_session::abort_all(int code) const {
    if (active_) {
        MPI_Abort(MPI_COMM_WORLD, code);
    }
    std::_Exit(code);
}

}  // namespace brainemu
