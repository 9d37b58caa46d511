#include "io/import/byte_source.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include <fmt/format.h>
#include <sys/stat.h>
#include <zlib.h>
#include <zstd.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

struct file_closer {
    void operator()(std::FILE* f) const { std::fclose(f); }
};
using file_ptr = std::unique_ptr<std::FILE, file_closer>;

file_ptr open_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        throw input_error({path.string(), 0, ""}, "is a directory, not a file");
    }
    file_ptr f(std::fopen(path.c_str(), "rb"));
    if (!f) {
        throw input_error({path.string(), 0, ""},
                          fmt::format("cannot open file: {}", std::strerror(errno)));
    }
    return f;
}

read_progress_fn& progress_hook() {
    static read_progress_fn hook;
    return hook;
}

// Tells the hook how far `f` is, at most every 200 ms (per thread) and at its end.
void report_progress(std::FILE* f, const std::string& path, bool at_end) {
    using clock = std::chrono::steady_clock;
    thread_local clock::time_point last{};
    const clock::time_point now = clock::now();
    if (!at_end && now - last < std::chrono::milliseconds(200)) {
        return;
    }
    last = now;
    struct stat st {};
    const long at = std::ftell(f);
    if (::fstat(::fileno(f), &st) == 0 && at >= 0) {
        progress_hook()(path, static_cast<std::uint64_t>(at),
                        static_cast<std::uint64_t>(st.st_size));
    }
}

std::size_t read_raw(std::FILE* f, char* buffer, std::size_t size, const std::string& path) {
    const std::size_t n = std::fread(buffer, 1, size, f);
    if (n < size && std::ferror(f)) {
        throw resource_error(fmt::format("{}: read failed", path));
    }
    if (progress_hook()) {
        report_progress(f, path, n < size);
    }
    return n;
}

class plain_source final : public byte_source {
public:
    explicit plain_source(const std::filesystem::path& path)
        : path_(path.string()), file_(open_file(path)) {}
    std::size_t read(char* buffer, std::size_t size) override {
        return read_raw(file_.get(), buffer, size, path_);
    }

private:
    std::string path_;
    file_ptr file_;
};

// zlib's inflate with automatic gzip header detection (windowBits 15 + 32); concatenated gzip
// members (as `cat a.gz b.gz` makes) are read one after another.
class gzip_source final : public byte_source {
public:
    explicit gzip_source(const std::filesystem::path& path)
        : path_(path.string()), file_(open_file(path)), in_(1 << 16) {
        if (inflateInit2(&z_, 15 + 32) != Z_OK) {
            throw resource_error("zlib: inflateInit2 failed");
        }
    }
    ~gzip_source() override { inflateEnd(&z_); }
    gzip_source(const gzip_source&) = delete;
    gzip_source& operator=(const gzip_source&) = delete;

    std::size_t read(char* buffer, std::size_t size) override {
        z_.next_out = reinterpret_cast<Bytef*>(buffer);
        z_.avail_out = static_cast<uInt>(size);
        while (z_.avail_out == size && !done_) {
            if (z_.avail_in == 0) {
                const std::size_t n = read_raw(file_.get(), in_.data(), in_.size(), path_);
                if (n == 0) {
                    if (!at_member_start_) {
                        throw input_error({path_, 0, ""},
                                          "gzip stream is truncated (unexpected end of file)");
                    }
                    done_ = true;
                    break;
                }
                z_.next_in = reinterpret_cast<Bytef*>(in_.data());
                z_.avail_in = static_cast<uInt>(n);
            }
            at_member_start_ = false;
            const int rc = inflate(&z_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                inflateReset(&z_);
                at_member_start_ = true;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw input_error({path_, 0, ""},
                                  fmt::format("corrupt gzip data ({})", z_.msg ? z_.msg : "zlib"));
            }
        }
        return size - z_.avail_out;
    }

private:
    std::string path_;
    file_ptr file_;
    std::vector<char> in_;
    z_stream z_{};
    bool at_member_start_ = true, done_ = false;
};

class zstd_source final : public byte_source {
public:
    explicit zstd_source(const std::filesystem::path& path)
        : path_(path.string()), file_(open_file(path)), in_(ZSTD_DStreamInSize()) {
        if (dctx_ == nullptr) {
            throw resource_error("zstd: cannot create a decompression context");
        }
    }
    ~zstd_source() override { ZSTD_freeDCtx(dctx_); }
    zstd_source(const zstd_source&) = delete;
    zstd_source& operator=(const zstd_source&) = delete;

    std::size_t read(char* buffer, std::size_t size) override {
        ZSTD_outBuffer out{buffer, size, 0};
        while (out.pos == 0) {
            if (input_.pos == input_.size) {
                const std::size_t n = read_raw(file_.get(), in_.data(), in_.size(), path_);
                if (n == 0) {
                    if (pending_) {
                        throw input_error({path_, 0, ""},
                                          "zstd stream is truncated (unexpected end of file)");
                    }
                    return 0;
                }
                input_ = {in_.data(), n, 0};
            }
            const std::size_t rc = ZSTD_decompressStream(dctx_, &out, &input_);
            if (ZSTD_isError(rc)) {
                throw input_error({path_, 0, ""},
                                  fmt::format("corrupt zstd data ({})", ZSTD_getErrorName(rc)));
            }
            pending_ = rc != 0;
        }
        return out.pos;
    }

private:
    std::string path_;
    file_ptr file_;
    std::vector<char> in_;
    ZSTD_inBuffer input_{nullptr, 0, 0};
    ZSTD_DCtx* dctx_ = ZSTD_createDCtx();
    bool pending_ = false;
};

}  // namespace

void set_read_progress(read_progress_fn f) {
    progress_hook() = std::move(f);
}

std::unique_ptr<byte_source> open_byte_source(const std::filesystem::path& path) {
    const auto ext = path.extension();
    if (ext == ".gz") {
        return std::make_unique<gzip_source>(path);
    }
    if (ext == ".zst") {
        return std::make_unique<zstd_source>(path);
    }
    return std::make_unique<plain_source>(path);
}

}  // namespace brainemu
