#pragma once
// The MPI communicator (OpenMPI): one rank per partition. Once per interval each rank sends
// each of its spikes once to every rank that holds at least one of its targets (not a
// broadcast), with MPI_Alltoallv; the spike then fans out there. Spikes and bytes sent to each
// rank are counted here, where they are sent.

#include <cstdint>
#include <string>
#include <vector>

#include <mpi.h>

#include "engine/communicator.hpp"

namespace brainemu {

class mpi_communicator final : public communicator {
public:
    explicit mpi_communicator(MPI_Comm comm = MPI_COMM_WORLD);

    [[nodiscard]] int rank() const override { return rank_; }
    [[nodiscard]] int size() const override { return size_; }
    void setup(std::span<const neuron_id> needed, index_range mine, neuron_id neurons) override;
    void exchange(std::uint64_t first_step, std::uint64_t end_step,
                  std::span<const spike_record> local, std::vector<spike_record>& deliver) override;
    void gather(std::span<const spike_record> local, std::vector<spike_record>& all) override;
    void share(std::vector<double>& v) override;
    [[nodiscard]] std::uint64_t min_all(std::uint64_t x) override;
    [[nodiscard]] double max_all(double x) override;
    void sum_all(std::span<std::uint32_t> counts) override;
    void sum_all(std::span<float> values) override;
    [[nodiscard]] std::vector<std::string> allgather(const std::string& text) override;
    [[nodiscard]] std::vector<std::uint64_t> spikes_sent_to() const override { return spikes_; }
    [[nodiscard]] std::vector<std::uint64_t> bytes_sent_to() const override { return bytes_; }
    void reset_counts() override;

private:
    MPI_Comm comm_;
    int rank_ = 0, size_ = 1;
    index_range mine_{};
    std::vector<index_range> ranges_;  // every rank's engine indices
    // For each of this rank's neurons (by engine index - mine_.first), the other ranks that
    // need its spikes: CSR.
    std::vector<std::uint32_t> dest_offsets_;
    std::vector<int> dest_ranks_;
    std::vector<std::uint64_t> spikes_, bytes_;
    std::vector<std::vector<spike_wire>> out_;
    std::vector<int> send_counts_, recv_counts_, send_displs_, recv_displs_;
    std::vector<spike_wire> send_, recv_;
    // Spikes received from each rank, unpacked (wire offsets back to engine indices).
    void unpack(std::span<const int> counts, std::span<const int> displs,
                std::span<const spike_wire> wire, std::vector<spike_record>& out) const;
};

// MPI_Init / MPI_Finalize for the process, when it was started by mpirun with more than one
// rank (OpenMPI's OMPI_COMM_WORLD_SIZE); otherwise it does nothing and the run is local.
class mpi_session {
public:
    mpi_session();
    ~mpi_session();
    mpi_session(const mpi_session&) = delete;
    mpi_session& operator=(const mpi_session&) = delete;
    [[nodiscard]] bool active() const { return active_; }
    [[nodiscard]] int rank() const;  // in MPI_COMM_WORLD; 0 when not active
    [[nodiscard]] int size() const;  // 1 when not active
    // Ends every rank of the job (MPI_Abort): a rank that failed alone must not leave the
    // others waiting in a collective.
    [[noreturn]] void abort_all(int code) const;

private:
    bool active_ = false;
};

}  // namespace brainemu
