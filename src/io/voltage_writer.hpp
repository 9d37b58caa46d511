#pragma once
// voltages.bin (and voltages.csv on request) through core's sample_sink; any other recorded
// state variable in the same layout, state_<variable>.bin (state_writer below).
//
// voltages.bin, little-endian (docs/formats.md):
//   0  char[8]  "BEVOLTS1"
//   8  uint32   version = 1
//   12 uint32   columns (recorded neurons)
//   16 float64  dt_ms
//   24 uint64   frame count
//   32 uint32   neuron index per column
//   then frames {uint32 step, float32 v_mV[columns]}; v is the membrane voltage at the end of
//   that step.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/index_range.hpp"
#include "core/spike_sink.hpp"

namespace brainemu {

class voltage_writer final : public sample_sink {
public:
    // Files NAME.bin and NAME.csv; `variable` heads the CSV's value column.
    voltage_writer(const std::filesystem::path& dir, double dt_ms,
                   std::span<const neuron_id> neurons, bool csv, std::string_view name = "voltages",
                   std::string_view variable = "v_mV");
    void write(std::uint32_t step, std::span<const float> values) override;
    void commit();

private:
    double dt_ms_;
    int decimals_;
    std::vector<neuron_id> neurons_;
    atomic_file bin_;
    std::optional<atomic_file> csv_;
    std::uint64_t frames_ = 0;
};

// Every recorded variable of the same neurons (frame column = variable index x neurons +
// neuron index, as the engine samples them): v_mV to voltages.bin, any other variable V to
// state_V.bin, each in voltages.bin's layout. With `keep`, the frames are also kept for
// SONATA membrane reports (report_V.h5) written at commit.
class state_writer final : public sample_sink {
public:
    state_writer(const std::filesystem::path& dir, double dt_ms, std::span<const neuron_id> neurons,
                 std::span<const std::string> variables, bool csv, bool keep);
    void write(std::uint32_t step, std::span<const float> values) override;
    // Commits every file and returns their names; `population`: the SONATA reports' population.
    std::vector<std::string> commit(const std::string& population);

    // "voltages" for v_mV, else "state_" + variable: the file's name without .bin.
    [[nodiscard]] static std::string file_stem(std::string_view variable);

private:
    std::filesystem::path dir_;
    double dt_ms_;
    bool csv_;
    std::vector<neuron_id> neurons_;
    std::vector<std::string> variables_;
    std::vector<std::unique_ptr<voltage_writer>> files_;
    bool keep_;
    std::vector<std::uint32_t> kept_steps_;
    std::vector<float> kept_;
};

}  // namespace brainemu
