// profile.json's record: what is written reads back equal, and files it cannot trust are refused
// naming the file and the field.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

#include "core/input_error.hpp"
#include "profile/record/run_profile_json.hpp"

namespace brainemu {
namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& text) {
    const auto path = std::filesystem::temp_directory_path() /
                      ("brainemu_record_" + std::to_string(::getpid()) + "_" + name);
    std::ofstream(path) << text;
    return path;
}

// Every field set, as a partitioned CPU run with several trials writes them (and the GPU
// engine's own fields), so that each one's spelling is exercised both ways.
run_profile_record full_record() {
    run_profile_record r;
    r.backend = "cuda";
    r.device = "NVIDIA H200";
    r.network = "brunel";
    r.neurons = 12500;
    r.synapses = 15625000;
    r.dt_ms = 0.1;
    r.seed = 7;
    r.steps = 2000;
    r.interval_steps = 15;
    r.threads = 2;
    r.simulated_ms = 200.0;
    r.warmup_ms = 20.0;
    r.build_s = 0.75;
    r.wall_s = 2.5;
    r.rtf = 12.5;
    r.rtf_per_trial = 6.25;
    r.spikes = 96000;
    r.neuron_updates = 25000000;
    r.synaptic_events = 120000000;
    r.events_per_s = 4.8e7;
    r.bytes_per_synapse = 3.0625;
    r.bytes_resident = resident_bytes_record{1000, 47851562, 8000, 100, 2000, 47862662};
    r.population_rates_hz = std::map<std::string, double>{{"E", 38.5}, {"I", 38.25}};
    r.mean_rate_hz = 38.4;
    r.models = std::map<std::string, std::uint64_t>{{"lif_psc_delta", 12500}};
    r.time_s = phase_seconds{1.0, 0.5, 0.25, 0.125, 0.0625};
    r.per_thread_time_s = std::vector<phase_seconds>{*r.time_s, {1.5, 0.5, 0.0, 0.0, 0.25}};
    r.synapse_blocks = std::vector<synapse_block_record>{
        {0, 12500, 15625000, "table_u8", "constant", 47851562, std::nullopt, std::nullopt},
        {12500, 12600, 38000, "scaled_i16", "packed", 152000, "dense", "unary"}};
    r.launches = 134;
    r.device_bytes = 123456789;
    r.trials = 2;
    r.trials_wall_s = 5.0;
    r.ranks = 2;
    partition_record measured;  // an MPI rank's books
    measured.neurons = 6250;
    measured.synapses = 7812500;
    measured.neuron_updates = 12500000;
    measured.synaptic_events = 60000000;
    measured.spikes = 48000;
    measured.spikes_sent = 48000;
    measured.bytes_sent = 384000;
    measured.spikes_received = 47000;
    measured.bytes_received = 376000;
    measured.bytes_resident =
        partition_bytes_record{false, 500, 23925781, 4000, 50, 1000, std::nullopt, 23931331};
    measured.time_s = phase_seconds{0.9, 0.01, 1.25, 0.0, 0.001};
    partition_record shared;  // one process's books: shares of the run's bytes
    shared.neurons = 6250;
    shared.synapses_from_other_parts = 3906250;
    shared.bytes_resident =
        partition_bytes_record{true,         std::nullopt, std::nullopt, std::nullopt,
                               std::nullopt, std::nullopt, 5550.5,       23931331.25};
    r.partitions = std::vector<partition_record>{measured, shared};
    r.traffic = traffic_record{traffic_matrix{{0, 48000}, {47000, 0}},
                               traffic_matrix{{0, 384000}, {376000, 0}}};
    r.partitioning =
        partitioning_record{"metis", 2, 0.125, true, "from spikes per neuron and synapses"};
    return r;
}

// The fields every profile.json has, and nothing else.
const char* minimal_json = R"({"network": "brunel", "neurons": 10, "synapses": 100,
  "dt_ms": 0.1, "simulated_ms": 100.0, "build_s": 0.5, "wall_s": 1.0, "rtf": 10.0,
  "spikes": 3, "events_per_s": 30.0)";

input_error read_error(const std::string& name, const std::string& text) {
    try {
        (void)read_profile_file(write_temp(name, text));
    } catch (const input_error& e) {
        return e;
    }
    ADD_FAILURE() << name << ": expected input_error";
    return input_error({}, "");
}

TEST(ProfileRecord, RoundTripsThroughJson) {
    const run_profile_record r = full_record();
    const nlohmann::json j = r;
    EXPECT_EQ(j.at("schema_version"), 1);
    EXPECT_EQ(j.get<run_profile_record>(), r);
    const auto path = write_temp("round_trip.json", "");
    write_profile_file(path, r);
    EXPECT_EQ(read_profile_file(path), r);
    std::filesystem::remove(path);
}

TEST(ProfileRecord, KeepsWholeAndFractionalBytesApart) {
    const nlohmann::json j = full_record();
    const auto& parts = j.at("partitions");
    EXPECT_TRUE(parts[0].at("bytes_resident").at("total").is_number_unsigned());
    EXPECT_TRUE(parts[1].at("bytes_resident").at("total").is_number_float());
    EXPECT_FALSE(parts[1].at("bytes_resident").contains("state"));
}

TEST(ProfileRecord, OlderFilesWithoutSchemaVersionReadAsOne) {
    const run_profile_record r =
        read_profile_file(write_temp("old.json", minimal_json + std::string("}")));
    EXPECT_EQ(r.schema_version, 1u);
    EXPECT_EQ(r.neurons, 10u);
    EXPECT_FALSE(r.bytes_resident.has_value());
    EXPECT_FALSE(r.partitions.has_value());
}

TEST(ProfileRecord, MissingRequiredFieldNamesFileAndField) {
    const input_error e = read_error("missing.json", R"({"network": "brunel", "neurons": 10,
      "synapses": 100, "simulated_ms": 100.0, "build_s": 0.5, "wall_s": 1.0, "rtf": 10.0,
      "spikes": 3, "events_per_s": 30.0})");
    EXPECT_EQ(e.where().field, "dt_ms");
    EXPECT_NE(e.where().path.find("missing.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("required field is missing"), std::string::npos);

    const input_error nested = read_error(
        "nested.json", minimal_json + std::string(R"(, "partitioning": {"method": "metis",
          "parts": 2, "partition_s": 0.1, "virtual": true}})"));
    EXPECT_EQ(nested.where().field, "partitioning.counted");
}

TEST(ProfileRecord, WrongTypesNameTheField) {
    EXPECT_EQ(read_error("negative.json", R"({"network": "x", "neurons": -5})").where().field,
              "neurons");
    const input_error e = read_error(
        "phase.json",
        minimal_json + std::string(R"(, "per_thread_time_s": [{}, {"update": "slow"}]})"));
    EXPECT_EQ(e.where().field, "per_thread_time_s[1].update");
}

TEST(ProfileRecord, NewerSchemaVersionIsRefused) {
    const input_error e = read_error(
        "future.json", std::string(R"({"schema_version": 2, )") + (minimal_json + 1) + "}");
    EXPECT_EQ(e.where().field, "schema_version");
    EXPECT_NE(e.where().path.find("future.json"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("newer"), std::string::npos);
}

TEST(ProfileRecord, TrafficMustBeSquareAndFitThePartitions) {
    EXPECT_EQ(read_error("ragged.json",
                         minimal_json + std::string(R"(, "traffic": {"bytes": [[1, 2]]}})"))
                  .where()
                  .field,
              "traffic.bytes");
    EXPECT_EQ(read_error("k.json", minimal_json + std::string(R"(, "partitions": [{}, {}, {}],
                "traffic": {"spikes": [[0, 1], [1, 0]]}})"))
                  .where()
                  .field,
              "traffic");
}

}  // namespace
}  // namespace brainemu
