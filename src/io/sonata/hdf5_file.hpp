#pragma once
// A small RAII layer over the HDF5 C API: what SONATA reading and spike writing need, no more.
// Every failure of a file the user gave is an input_error naming the file and the object path
// ("nodes.h5: /nodes/v1/node_type_id: cannot read: ..."); HDF5's own error printing is off.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <hdf5.h>

namespace brainemu::hdf5 {

// Owns one hid_t and closes it with the matching H5?close.
class handle {
public:
    using closer = herr_t (*)(hid_t);
    handle() = default;
    handle(hid_t id, closer close) : id_(id), close_(close) {}
    handle(handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = H5I_INVALID_HID; }
    handle& operator=(handle&& o) noexcept;
    handle(const handle&) = delete;
    handle& operator=(const handle&) = delete;
    ~handle() { reset(); }

    [[nodiscard]] hid_t get() const { return id_; }
    [[nodiscard]] bool valid() const { return id_ >= 0; }
    void reset();

private:
    hid_t id_ = H5I_INVALID_HID;
    closer close_ = nullptr;
};

class file {
public:
    // Opens read-only; throws input_error (path, "cannot open as HDF5: ...").
    [[nodiscard]] static file open(const std::filesystem::path& path);
    // Creates or truncates; throws resource_error.
    [[nodiscard]] static file create(const std::filesystem::path& path);

    [[nodiscard]] const std::filesystem::path& path() const { return path_; }
    // True if every component of `object` ("/spikes/v1/timestamps") exists.
    [[nodiscard]] bool has(std::string_view object) const;
    // Names of a group's members, in HDF5's name order; throws input_error if no such group.
    [[nodiscard]] std::vector<std::string> members(std::string_view group) const;
    // Element count of a 1-D dataset; throws input_error if absent or not 1-D.
    [[nodiscard]] std::uint64_t length(std::string_view dataset) const;

    // A 1-D dataset of any integer or floating type, converted by HDF5 (an out-of-range value
    // fails the read). Throws input_error naming file and dataset.
    [[nodiscard]] std::vector<std::uint64_t> read_u64(std::string_view dataset) const;
    [[nodiscard]] std::vector<std::int64_t> read_i64(std::string_view dataset) const;
    [[nodiscard]] std::vector<double> read_f64(std::string_view dataset) const;
    // A scalar string attribute (fixed or variable length), or an enum attribute read as its
    // member name; nullopt if the attribute is absent.
    [[nodiscard]] std::optional<std::string> string_attribute(std::string_view object,
                                                              std::string_view name) const;

    void create_group(std::string_view group);  // parents must exist
    void write_f64(std::string_view dataset, std::span<const double> values);
    void write_u64(std::string_view dataset, std::span<const std::uint64_t> values);
    // A rows x cols dataset of doubles, row after row.
    void write_f64_matrix(std::string_view dataset, std::size_t rows, std::size_t cols,
                          std::span<const double> values);
    void write_string_attribute(std::string_view object, std::string_view name,
                                std::string_view value);
    void write_u32_attribute(std::string_view object, std::string_view name,
                             std::span<const std::uint32_t> values);
    // Flushes and closes; throws resource_error if HDF5 cannot.
    void close();

private:
    file(std::filesystem::path path, handle h) : path_(std::move(path)), h_(std::move(h)) {}
    [[noreturn]] void fail(std::string_view object, std::string_view problem) const;
    [[noreturn]] void fail_write(std::string_view object, std::string_view problem) const;
    template <class T>
    std::vector<T> read_1d(std::string_view dataset, hid_t memtype) const;
    void write_1d(std::string_view dataset, hid_t filetype, hid_t memtype, const void* data,
                  std::size_t n);

    std::filesystem::path path_;
    handle h_;
};

// The innermost message of the current thread's HDF5 error stack ("" if empty).
[[nodiscard]] std::string last_error();

// Writes a SONATA file atomically: `fill` writes the content into a temporary file beside
// `path` that already carries the root's magic (0x0A7A) and version [0, 1]; the file is then
// closed and renamed into place, or removed if anything throws.
void write_sonata_file(const std::filesystem::path& path, const std::function<void(file&)>& fill);

}  // namespace brainemu::hdf5
