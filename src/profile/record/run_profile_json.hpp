#pragma once
// The one reader and writer of profile.json: run_profile_record <-> JSON. nlohmann-json writes
// object keys in alphabetical order; files are indented by 2 and end in a newline.

#include <filesystem>
#include <string_view>

#include <nlohmann/json.hpp>

#include "profile/record/run_profile_record.hpp"

namespace brainemu {

// Keys that readers name in their own messages ("required to calibrate"), spelled once.
namespace profile_key {
inline constexpr std::string_view neurons = "neurons";
inline constexpr std::string_view synapses = "synapses";
inline constexpr std::string_view dt_ms = "dt_ms";
inline constexpr std::string_view threads = "threads";
inline constexpr std::string_view neuron_updates = "neuron_updates";
inline constexpr std::string_view synaptic_events = "synaptic_events";
inline constexpr std::string_view mean_rate_hz = "mean_rate_hz";
inline constexpr std::string_view bytes_resident = "bytes_resident";
inline constexpr std::string_view time_s = "time_s";
inline constexpr std::string_view per_thread_time_s = "per_thread_time_s";
}  // namespace profile_key

// from_json throws input_error whose field is the dotted key ("partitions[2].time_s.update")
// for a missing required field, a value of the wrong type, or a schema_version newer than
// profile_schema_version; the path is left to read_profile_file.
void to_json(nlohmann::json& j, const run_profile_record& r);
void from_json(const nlohmann::json& j, run_profile_record& r);

// One part's books on their own: MPI ranks exchange them, `brainemu profile --json` echoes
// the partitioning.
void to_json(nlohmann::json& j, const partition_record& p);
void from_json(const nlohmann::json& j, partition_record& p);
void to_json(nlohmann::json& j, const partitioning_record& p);

// Throws input_error naming the file (and the field) when it cannot be read as a profile.
[[nodiscard]] run_profile_record read_profile_file(const std::filesystem::path& path);

// Written atomically (complete or absent).
void write_profile_file(const std::filesystem::path& path, const run_profile_record& r);

}  // namespace brainemu
