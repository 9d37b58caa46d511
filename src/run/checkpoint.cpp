#include "run/checkpoint.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>
#include <xxhash.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"
#include "experiment/experiment_toml.hpp"
#include "io/spike_writer.hpp"

namespace brainemu {
namespace {

constexpr char state_magic[8] = {'B', 'E', 'C', 'K', 'P', 'T', '0', '1'};

std::string hex64(std::uint64_t x) {
    return fmt::format("{:016x}", x);
}
std::uint64_t xxh64(std::string_view bytes) {
    return XXH64(bytes.data(), bytes.size(), 0);
}

// state.bin, little-endian (docs/formats.md):
//   char[8] "BECKPT01", u64 step, f64 fx_per_unit, u32 model tables; per table: the model's
//   name, u32 real and u32 integer column counts, their names, u64 rows, u64 ids[rows],
//   f64 [real columns][rows], i32 [integer columns][rows]; then u64 pending inputs and their
//   arrays u64 id[], u64 step[], u32 channel[], i64 fx[]. Names are u32 length + bytes.
class encoder {
public:
    template <class T>
    void pod(const T& x) {
        bytes.append(reinterpret_cast<const char*>(&x), sizeof(T));
    }
    template <class T>
    void array(const std::vector<T>& v) {
        bytes.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
    }
    void name(const std::string& s) {
        pod(static_cast<std::uint32_t>(s.size()));
        bytes += s;
    }
    std::string bytes;
};

std::string encode(const engine_state& s) {
    encoder out;
    out.bytes.append(state_magic, sizeof state_magic);
    out.pod(s.step);
    out.pod(s.fx_per_unit);
    out.pod(static_cast<std::uint32_t>(s.models.size()));
    for (const model_state_table& t : s.models) {
        out.name(t.model);
        out.pod(static_cast<std::uint32_t>(t.real_names.size()));
        out.pod(static_cast<std::uint32_t>(t.integer_names.size()));
        for (const auto& n : t.real_names) {
            out.name(n);
        }
        for (const auto& n : t.integer_names) {
            out.name(n);
        }
        out.pod(static_cast<std::uint64_t>(t.ids.size()));
        out.array(t.ids);
        for (const auto& c : t.real) {
            out.array(c);
        }
        for (const auto& c : t.integer) {
            out.array(c);
        }
    }
    out.pod(static_cast<std::uint64_t>(s.pending.size()));
    std::vector<std::uint64_t> ids, steps;
    std::vector<std::uint32_t> channels;
    std::vector<std::int64_t> fx;
    for (const pending_input& p : s.pending) {
        ids.push_back(p.id);
        steps.push_back(p.step);
        channels.push_back(p.channel);
        fx.push_back(p.fx);
    }
    out.array(ids);
    out.array(steps);
    out.array(channels);
    out.array(fx);
    return std::move(out.bytes);
}

// Reads state.bin, every count checked against the bytes left before anything is allocated
// (a crafted count cannot make it allocate more than the file holds).
class decoder {
public:
    decoder(std::string_view bytes, std::string file) : bytes_(bytes), file_(std::move(file)) {}
    template <class T>
    T pod(const char* what) {
        T x{};
        take(&x, sizeof(T), what);
        return x;
    }
    template <class T>
    std::vector<T> array(std::uint64_t n, const char* what) {
        if (n > (bytes_.size() - at_) / sizeof(T)) {
            fail(what);
        }
        std::vector<T> v(n);
        take(v.data(), n * sizeof(T), what);
        return v;
    }
    std::string name(const char* what) {
        const auto n = pod<std::uint32_t>(what);
        if (n > 4096 || n > bytes_.size() - at_) {
            fail(what);
        }
        std::string s(bytes_.substr(at_, n));
        at_ += n;
        return s;
    }
    [[nodiscard]] bool done() const { return at_ == bytes_.size(); }
    [[noreturn]] void fail(const char* what) const {
        throw input_error({file_, 0, what},
                          fmt::format("truncated or damaged at byte {} of {}", at_, bytes_.size()));
    }

private:
    void take(void* to, std::size_t n, const char* what) {
        if (n > bytes_.size() - at_) {
            fail(what);
        }
        std::memcpy(to, bytes_.data() + at_, n);
        at_ += n;
    }
    std::string_view bytes_;
    std::string file_;
    std::size_t at_ = 0;
};

engine_state decode(std::string_view bytes, const std::string& file) {
    decoder in(bytes, file);
    char magic[8];
    for (char& c : magic) {
        c = in.pod<char>("magic");
    }
    if (std::memcmp(magic, state_magic, sizeof magic) != 0) {
        throw input_error({file, 0, "magic"}, "not a brainemu checkpoint state (BECKPT01)");
    }
    engine_state s;
    s.step = in.pod<std::uint64_t>("step");
    s.fx_per_unit = in.pod<double>("fx_per_unit");
    const auto tables = in.pod<std::uint32_t>("model tables");
    if (tables > 64) {
        in.fail("model tables");
    }
    for (std::uint32_t k = 0; k < tables; ++k) {
        model_state_table t;
        t.model = in.name("model name");
        const auto reals = in.pod<std::uint32_t>("real columns");
        const auto ints = in.pod<std::uint32_t>("integer columns");
        if (reals > 64 || ints > 64) {
            in.fail("columns");
        }
        for (std::uint32_t c = 0; c < reals; ++c) {
            t.real_names.push_back(in.name("column name"));
        }
        for (std::uint32_t c = 0; c < ints; ++c) {
            t.integer_names.push_back(in.name("column name"));
        }
        const auto rows = in.pod<std::uint64_t>("rows");
        t.ids = in.array<neuron_id>(rows, "ids");
        for (std::uint32_t c = 0; c < reals; ++c) {
            t.real.push_back(in.array<double>(rows, "real column"));
        }
        for (std::uint32_t c = 0; c < ints; ++c) {
            t.integer.push_back(in.array<std::int32_t>(rows, "integer column"));
        }
        s.models.push_back(std::move(t));
    }
    const auto n = in.pod<std::uint64_t>("pending inputs");
    const auto ids = in.array<std::uint64_t>(n, "pending ids");
    const auto steps = in.array<std::uint64_t>(n, "pending steps");
    const auto channels = in.array<std::uint32_t>(n, "pending channels");
    const auto fx = in.array<std::int64_t>(n, "pending values");
    if (!in.done()) {
        in.fail("end");
    }
    for (std::uint64_t i = 0; i < n; ++i) {
        s.pending.push_back({ids[i], steps[i], channels[i], fx[i]});
    }
    return s;
}

std::string read_whole(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw input_error({path.string(), 0, ""},
                          "cannot open: missing from the checkpoint (or unreadable)");
    }
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

void sync_directory(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

std::string experiment_key_text(const experiment& e) {
    experiment k = e;
    k.duration_ms = 0.0;
    k.threads = 0;
    k.record = record_spec{};
    std::ostringstream out;
    out << to_toml(k);
    return out.str();
}

std::string checkpoint_name(double time_ms, double dt_ms) {
    std::string t = fmt::format("{:.{}f}", time_ms, decimals_for(dt_ms));
    if (t.find('.') != std::string::npos) {
        while (t.back() == '0') {
            t.pop_back();
        }
        if (t.back() == '.') {
            t.pop_back();
        }
    }
    return "checkpoint-" + t + "ms";
}

checkpoint_written write_checkpoint(engine& eng, communicator& comm, const experiment& e,
                                    std::uint64_t synapses, const std::string& written_by,
                                    const std::filesystem::path& dir) {
    const auto t0 = std::chrono::steady_clock::now();
    engine_state state = eng.save_state();
    checkpoint_written out;
    out.dir = dir;
    if (comm.size() > 1) {
        // Every rank's share to rank 0 (as text: the communicator's one variable-size gather,
        // whose counts are 32-bit: every rank checks the job's total first, so all refuse alike).
        std::string mine = encode(state);
        std::uint64_t total = 0;
        for (const std::string& size : comm.allgather(std::to_string(mine.size()))) {
            total += std::stoull(size);
        }
        if (total >= (std::uint64_t{1} << 31)) {
            throw resource_error(fmt::format(
                "{}: the job's state is {:.3g} GB; a checkpoint gathers at most 2 GiB through "
                "rank 0 (not yet written per rank)",
                dir.string(), static_cast<double>(total) * 1e-9));
        }
        const auto shares = comm.allgather(mine);
        mine.clear();
        if (comm.rank() != 0) {
            out.seconds = seconds_since(t0);
            return out;
        }
        state = decode(shares[0], "rank 0's checkpoint share");
        for (std::size_t r = 1; r < shares.size(); ++r) {
            state.merge(decode(shares[r], fmt::format("rank {}'s checkpoint share", r)));
        }
        state.canonicalise();
    }
    const std::string bin = encode(state);
    const std::string config = resolved_config_toml(e);

    checkpoint_info info;
    info.step = state.step;
    info.warmup_steps = e.warmup_steps();
    info.dt_ms = e.dt_ms;
    info.time_ms = static_cast<double>(state.step - info.warmup_steps) * e.dt_ms;
    info.neurons = state.neurons();
    info.synapses = synapses;
    info.experiment_key = hex64(xxh64(experiment_key_text(e)));
    info.written_by = written_by;
    nlohmann::ordered_json j;
    j["format"] = "brainemu-checkpoint";
    j["version"] = checkpoint_format_version;
    j["brainemu"] = BRAINEMU_VERSION_TEXT;
    j["step"] = info.step;
    j["warmup_steps"] = info.warmup_steps;
    j["dt_ms"] = info.dt_ms;
    j["time_ms"] = info.time_ms;
    j["neurons"] = info.neurons;
    j["synapses"] = info.synapses;
    j["pending_inputs"] = state.pending.size();
    j["experiment_key"] = info.experiment_key;
    j["written_by"] = info.written_by;
    j["files"]["config.toml"] = {{"bytes", config.size()}, {"xxh64", hex64(xxh64(config))}};
    j["files"]["state.bin"] = {{"bytes", bin.size()}, {"xxh64", hex64(xxh64(bin))}};
    const std::string meta = j.dump(2) + "\n";

    // Whole or absent under its name: written as NAME.tmp-PID and renamed once every file is
    // synced. A checkpoint of the same name (an earlier run's) is swapped out in one atomic
    // exchange, so the name always holds a whole checkpoint; the old one, now NAME.tmp-PID, is
    // removed (or, if this process dies first, by the next run into the folder).
    const std::filesystem::path tmp = dir.string() + fmt::format(".tmp-{}", ::getpid());
    std::error_code ec;
    std::filesystem::remove_all(tmp, ec);
    std::filesystem::create_directories(tmp, ec);
    if (ec) {
        throw resource_error(
            fmt::format("{}: cannot create directory: {}", tmp.string(), ec.message()));
    }
    try {
        write_file_atomic(tmp / "state.bin", bin);
        write_file_atomic(tmp / "config.toml", config);
        write_file_atomic(tmp / "checkpoint.json", meta);
        if (std::filesystem::exists(dir, ec)) {
            if (::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
                if (errno != EINVAL && errno != ENOSYS) {
                    throw std::filesystem::filesystem_error(
                        "exchange", tmp, dir, std::error_code(errno, std::generic_category()));
                }
                // A filesystem without the exchange: the old one aside, the new one in, the
                // old one back if that fails.
                const std::filesystem::path aside = tmp.string() + "-old";
                std::filesystem::rename(dir, aside);
                try {
                    std::filesystem::rename(tmp, dir);
                } catch (...) {
                    std::filesystem::rename(aside, dir, ec);
                    throw;
                }
                std::filesystem::remove_all(aside, ec);
            }
        } else {
            std::filesystem::rename(tmp, dir);
        }
        std::filesystem::remove_all(tmp, ec);  // the old checkpoint, after an exchange
    } catch (const std::filesystem::filesystem_error& err) {
        std::filesystem::remove_all(tmp, ec);
        throw resource_error(
            fmt::format("{}: cannot write the checkpoint: {}", dir.string(), err.code().message()));
    } catch (...) {
        std::filesystem::remove_all(tmp, ec);
        throw;
    }
    sync_directory(dir.has_parent_path() ? dir.parent_path() : std::filesystem::path("."));
    out.bytes = bin.size() + config.size() + meta.size();
    out.seconds = seconds_since(t0);
    return out;
}

loaded_checkpoint read_checkpoint(const std::filesystem::path& dir) {
    const auto t0 = std::chrono::steady_clock::now();
    loaded_checkpoint ck;
    ck.dir = dir;
    std::error_code ec;  // the error_code form: a refused name is bad input too
    if (!std::filesystem::is_regular_file(dir / "checkpoint.json", ec)) {
        throw input_error({dir.string(), 0, "--resume"},
                          "not a checkpoint directory: it has no checkpoint.json (run "
                          "--checkpoint-at or --checkpoint-every writes OUT/checkpoint-Tms)");
    }
    const std::filesystem::path meta_path = dir / "checkpoint.json";
    const std::string meta = read_whole(meta_path);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(meta);
        if (j.at("format").get<std::string>() != "brainemu-checkpoint") {
            throw input_error({meta_path.string(), 0, "format"}, "not a brainemu checkpoint");
        }
        const int version = j.at("version").get<int>();
        if (version != checkpoint_format_version) {
            throw input_error({meta_path.string(), 0, "version"},
                              fmt::format("checkpoint format version {} (written by brainemu "
                                          "{}); this brainemu ({}) reads version {}",
                                          version, j.value("brainemu", "?"), BRAINEMU_VERSION_TEXT,
                                          checkpoint_format_version));
        }
        checkpoint_info& info = ck.info;
        info.step = j.at("step").get<std::uint64_t>();
        info.warmup_steps = j.at("warmup_steps").get<std::uint64_t>();
        info.dt_ms = j.at("dt_ms").get<double>();
        info.time_ms = j.at("time_ms").get<double>();
        info.neurons = j.at("neurons").get<std::uint64_t>();
        info.synapses = j.at("synapses").get<std::uint64_t>();
        info.experiment_key = j.at("experiment_key").get<std::string>();
        info.written_by = j.value("written_by", "");
        info.brainemu = j.value("brainemu", "");
        for (const char* name : {"config.toml", "state.bin"}) {
            const auto& f = j.at("files").at(name);
            const std::filesystem::path path = dir / name;
            std::error_code size_ec;
            const std::uintmax_t size = std::filesystem::file_size(path, size_ec);
            if (!size_ec && size != f.at("bytes").get<std::uint64_t>()) {
                throw input_error({path.string(), 0, ""},
                                  fmt::format("{} bytes; checkpoint.json lists {} bytes: the "
                                              "checkpoint is damaged",
                                              size, f.at("bytes").get<std::uint64_t>()));
            }
            std::string bytes = read_whole(path);
            if (bytes.size() != f.at("bytes").get<std::uint64_t>() ||
                hex64(xxh64(bytes)) != f.at("xxh64").get<std::string>()) {
                throw input_error({path.string(), 0, ""},
                                  fmt::format("{} bytes, xxh64 {}; checkpoint.json lists {} "
                                              "bytes, xxh64 {}: the checkpoint is damaged",
                                              bytes.size(), hex64(xxh64(bytes)),
                                              f.at("bytes").get<std::uint64_t>(),
                                              f.at("xxh64").get<std::string>()));
            }
            if (std::string(name) == "config.toml") {
                ck.config_toml = std::move(bytes);
            } else {
                ck.state = decode(bytes, path.string());
            }
        }
    } catch (const nlohmann::json::exception& err) {
        throw input_error({meta_path.string(), 0, ""},
                          fmt::format("not a readable checkpoint.json: {}", err.what()));
    }
    if (ck.state.step != ck.info.step || ck.state.neurons() != ck.info.neurons ||
        ck.info.step < ck.info.warmup_steps) {
        throw input_error({(dir / "state.bin").string(), 0, "step"},
                          "the state and checkpoint.json disagree: the checkpoint is damaged");
    }
    ck.read_s = seconds_since(t0);
    return ck;
}

void check_resumable(const loaded_checkpoint& ck, const experiment& e, std::uint64_t neurons,
                     std::uint64_t synapses) {
    const std::string at = ck.dir.string();
    const std::string mine = experiment_key_text(e);
    if (hex64(xxh64(mine)) != ck.info.experiment_key) {
        // Name the first line that differs, from the checkpoint's own config.toml.
        std::string theirs;
        try {
            theirs = experiment_key_text(
                parse_experiment_text(ck.config_toml, ck.dir / "config.toml", {}));
        } catch (const input_error&) {
        }
        std::istringstream a(theirs), b(mine);
        std::string la, lb;
        std::string where = "(its config.toml no longer parses)";
        while (!theirs.empty()) {
            const bool ga = static_cast<bool>(std::getline(a, la));
            const bool gb = static_cast<bool>(std::getline(b, lb));
            if (!ga && !gb) {
                where = "";
                break;
            }
            if (!ga || !gb || la != lb) {
                where = fmt::format("the checkpoint's '{}', this experiment's '{}'",
                                    ga ? la : "(nothing)", gb ? lb : "(nothing)");
                break;
            }
        }
        throw input_error({at, 0, "--resume"},
                          fmt::format("the checkpoint continues another experiment (only the "
                                      "duration, threads and recording may change): {}",
                                      where));
    }
    if (ck.info.dt_ms != e.dt_ms || ck.info.warmup_steps != e.warmup_steps() ||
        ck.info.step >= (std::uint64_t{1} << 32)) {
        throw input_error({(ck.dir / "checkpoint.json").string(), 0, "step"},
                          fmt::format("step {} (warm-up {} steps of {} ms) does not fit this "
                                      "experiment (warm-up {} steps of {} ms): the checkpoint is "
                                      "damaged",
                                      ck.info.step, ck.info.warmup_steps, ck.info.dt_ms,
                                      e.warmup_steps(), e.dt_ms));
    }
    if (neurons != ck.info.neurons || synapses != ck.info.synapses) {
        throw input_error({at, 0, "--resume"},
                          fmt::format("the checkpoint's network has {} neurons and {} synapses, "
                                      "this one {} and {}: its input files changed",
                                      ck.info.neurons, ck.info.synapses, neurons, synapses));
    }
    if (e.trials != 1) {
        throw input_error({e.path.string(), 0, "simulation.trials"},
                          "checkpoints take one-trial experiments");
    }
    const double end_ms = static_cast<double>(e.steps()) * e.dt_ms;
    if (ck.info.step - ck.info.warmup_steps >= e.steps()) {
        throw input_error({at, 0, "--duration-ms"},
                          fmt::format("the checkpoint is at {} ms and the experiment ends at "
                                      "{} ms: nothing is left to run (a longer --duration-ms "
                                      "continues it)",
                                      ck.info.time_ms, end_ms));
    }
}

}  // namespace brainemu
