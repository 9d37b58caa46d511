#include "io/voltage_writer.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include <fmt/format.h>

#include "io/sonata/sonata_report.hpp"
#include "io/spike_writer.hpp"

namespace brainemu {

// The formats are little-endian and written as the host lays them out.
static_assert(std::endian::native == std::endian::little, "big-endian hosts need byte swapping");

voltage_writer::voltage_writer(const std::filesystem::path& dir, double dt_ms,
                               std::span<const neuron_id> neurons, bool csv, std::string_view name,
                               std::string_view variable)
    : dt_ms_(dt_ms),
      decimals_(decimals_for(dt_ms)),
      neurons_(neurons.begin(), neurons.end()),
      bin_(dir / (std::string(name) + ".bin")) {
    std::array<char, 8> magic{'B', 'E', 'V', 'O', 'L', 'T', 'S', '1'};
    bin_.write_pod(magic);
    // Version 1 names columns by 32-bit ids; version 2, where one is 2^32 or above, by 64-bit.
    const bool wide =
        std::any_of(neurons_.begin(), neurons_.end(), [](neuron_id n) { return n > UINT32_MAX; });
    bin_.write_pod(std::uint32_t{wide ? 2u : 1u});
    bin_.write_pod(static_cast<std::uint32_t>(neurons_.size()));
    bin_.write_pod(dt_ms);
    bin_.write_pod(std::uint64_t{0});
    if (wide) {
        bin_.write(std::as_bytes(std::span<const neuron_id>(neurons_)));
    } else {
        const std::vector<std::uint32_t> narrow(neurons_.begin(), neurons_.end());
        bin_.write(std::as_bytes(std::span<const std::uint32_t>(narrow)));
    }
    if (csv) {
        csv_.emplace(dir / (std::string(name) + ".csv"));
        csv_->write(fmt::format("time_ms,neuron,{}\n", variable));
    }
}

void voltage_writer::write(std::uint32_t step, std::span<const float> values) {
    bin_.write_pod(step);
    bin_.write(std::as_bytes(values));
    ++frames_;
    if (csv_) {
        std::string text;
        for (std::size_t i = 0; i < values.size(); ++i) {
            // The value at the end of the step: time (step + 1) dt.
            fmt::format_to(std::back_inserter(text), "{:.{}f},{},{}\n", (step + 1) * dt_ms_,
                           decimals_, neurons_[i], values[i]);
        }
        csv_->write(text);
    }
}

void voltage_writer::commit() {
    bin_.write_at(24, std::as_bytes(std::span<const std::uint64_t>(&frames_, 1)));
    bin_.commit();
    if (csv_) {
        csv_->commit();
    }
}

std::string state_writer::file_stem(std::string_view variable) {
    return variable == "v_mV" ? "voltages" : "state_" + std::string(variable);
}

state_writer::state_writer(const std::filesystem::path& dir, double dt_ms,
                           std::span<const neuron_id> neurons,
                           std::span<const std::string> variables, bool csv, bool keep)
    : dir_(dir),
      dt_ms_(dt_ms),
      csv_(csv),
      neurons_(neurons.begin(), neurons.end()),
      variables_(variables.begin(), variables.end()),
      keep_(keep) {
    if (variables_.empty()) {
        variables_.emplace_back("v_mV");
    }
    for (const std::string& v : variables_) {
        files_.push_back(
            std::make_unique<voltage_writer>(dir, dt_ms, neurons_, csv, file_stem(v), v));
    }
}

void state_writer::write(std::uint32_t step, std::span<const float> values) {
    const std::size_t n = neurons_.size();
    for (std::size_t k = 0; k < files_.size(); ++k) {
        files_[k]->write(step, values.subspan(k * n, n));
    }
    if (keep_) {
        kept_steps_.push_back(step);
        kept_.insert(kept_.end(), values.begin(), values.end());
    }
}

namespace {
// A variable's unit, from brainemu's naming (v_mV, i_ex_pA, g_ex_nS, u_mV_per_ms); "" if none.
std::string unit_of(std::string_view variable) {
    for (std::string_view unit : {"mV_per_ms", "pA_per_ms", "mV", "pA", "nS", "mM"}) {
        if (variable.size() > unit.size() + 1 && variable.ends_with(unit) &&
            variable[variable.size() - unit.size() - 1] == '_') {
            std::string out(unit);
            const std::size_t per = out.find("_per_");
            return per == std::string::npos ? out : out.substr(0, per) + "/" + out.substr(per + 5);
        }
    }
    return "";
}
}  // namespace

std::vector<std::string> state_writer::commit(const std::string& population) {
    std::vector<std::string> written;
    for (std::size_t k = 0; k < files_.size(); ++k) {
        files_[k]->commit();
        written.push_back(file_stem(variables_[k]) + ".bin");
        if (csv_) {
            written.push_back(file_stem(variables_[k]) + ".csv");
        }
    }
    if (!keep_) {
        return written;
    }
    const std::size_t n = neurons_.size();
    const std::size_t columns = n * files_.size();
    for (std::size_t k = 0; k < files_.size(); ++k) {
        sonata_report r;
        r.population = population;
        r.node_ids.assign(neurons_.begin(), neurons_.end());
        r.units = unit_of(variables_[k]);
        // Each value holds at the end of its step: time (step + 1) dt.
        const double every =
            kept_steps_.size() > 1 ? static_cast<double>(kept_steps_[1] - kept_steps_[0]) : 1.0;
        r.start_ms = kept_steps_.empty() ? 0.0 : (kept_steps_[0] + 1.0) * dt_ms_;
        r.step_ms = every * dt_ms_;
        r.stop_ms = r.start_ms + static_cast<double>(kept_steps_.size()) * r.step_ms;
        r.data.reserve(kept_steps_.size() * n);
        for (std::size_t f = 0; f < kept_steps_.size(); ++f) {
            const float* row = kept_.data() + f * columns + k * n;
            r.data.insert(r.data.end(), row, row + n);
        }
        const std::string name = "report_" + variables_[k] + ".h5";
        write_sonata_report(dir_ / name, r);
        written.push_back(name);
    }
    return written;
}

}  // namespace brainemu
