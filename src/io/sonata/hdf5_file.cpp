#include "io/sonata/hdf5_file.hpp"

#include <array>

#include <fmt/format.h>
#include <unistd.h>

#include "core/input_error.hpp"

namespace brainemu::hdf5 {
namespace {

// HDF5 prints every failure to stderr unless told not to; we report our own messages.
void silence_hdf5() {
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

herr_t innermost(unsigned n, const H5E_error2_t* e, void* out) {
    if (n == 0) {
        *static_cast<std::string*>(out) = e->desc ? e->desc : "";
    }
    return 0;
}

std::string with_reason(std::string_view problem) {
    const std::string why = last_error();
    return why.empty() ? std::string(problem) : fmt::format("{}: {}", problem, why);
}

}  // namespace

std::string last_error() {
    std::string out;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_DOWNWARD, innermost, &out);
    H5Eclear2(H5E_DEFAULT);
    return out;
}

handle& handle::operator=(handle&& o) noexcept {
    if (this != &o) {
        reset();
        id_ = o.id_;
        close_ = o.close_;
        o.id_ = H5I_INVALID_HID;
    }
    return *this;
}

void handle::reset() {
    if (id_ >= 0 && close_) {
        close_(id_);
    }
    id_ = H5I_INVALID_HID;
}

file file::open(const std::filesystem::path& path) {
    silence_hdf5();
    // The error_code form: a name the system refuses (over 255 bytes) is bad input, not a
    // filesystem_error escaping as an internal failure.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw input_error({path.string(), 0, ""},
                          ec ? "cannot open: " + ec.message() : std::string("file not found"));
    }
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
        throw input_error({path.string(), 0, ""}, with_reason("cannot open as HDF5"));
    }
    return file(path, handle(id, H5Fclose));
}

file file::create(const std::filesystem::path& path) {
    silence_hdf5();
    const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (id < 0) {
        throw resource_error(
            fmt::format("{}: {}", path.string(), with_reason("cannot create HDF5 file")));
    }
    return file(path, handle(id, H5Fclose));
}

void file::fail(std::string_view object, std::string_view problem) const {
    throw input_error({path_.string(), 0, std::string(object)}, with_reason(problem));
}

void file::fail_write(std::string_view object, std::string_view problem) const {
    throw resource_error(fmt::format("{}: {}: {}", path_.string(), object, with_reason(problem)));
}

bool file::has(std::string_view object) const {
    // H5Lexists fails (rather than answering false) when a parent is missing: test each prefix.
    std::string prefix;
    std::size_t at = 0;
    while (at < object.size()) {
        std::size_t next = object.find('/', at);
        if (next == std::string_view::npos) {
            next = object.size();
        }
        if (next > at) {
            prefix += "/";
            prefix += object.substr(at, next - at);
            if (H5Lexists(h_.get(), prefix.c_str(), H5P_DEFAULT) <= 0) {
                H5Eclear2(H5E_DEFAULT);
                return false;
            }
        }
        at = next + 1;
    }
    return true;
}

std::vector<std::string> file::members(std::string_view group) const {
    const std::string name(group);
    handle g(H5Gopen2(h_.get(), name.c_str(), H5P_DEFAULT), H5Gclose);
    if (!g.valid()) {
        fail(group, "no such group");
    }
    H5G_info_t info{};
    if (H5Gget_info(g.get(), &info) < 0) {
        fail(group, "cannot list");
    }
    std::vector<std::string> out;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t n = H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, nullptr,
                                             0, H5P_DEFAULT);
        if (n < 0) {
            fail(group, "cannot list");
        }
        std::string s(static_cast<std::size_t>(n) + 1, '\0');
        H5Lget_name_by_idx(g.get(), ".", H5_INDEX_NAME, H5_ITER_INC, i, s.data(), s.size(),
                           H5P_DEFAULT);
        s.resize(static_cast<std::size_t>(n));
        out.push_back(std::move(s));
    }
    return out;
}

std::uint64_t file::length(std::string_view dataset) const {
    if (!has(dataset)) {
        fail(dataset, "missing dataset");
    }
    const std::string name(dataset);
    handle d(H5Dopen2(h_.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    if (!d.valid()) {
        fail(dataset, "cannot open dataset");
    }
    handle space(H5Dget_space(d.get()), H5Sclose);
    if (H5Sget_simple_extent_ndims(space.get()) != 1) {
        fail(dataset, "expected a 1-D dataset");
    }
    hsize_t n = 0;
    H5Sget_simple_extent_dims(space.get(), &n, nullptr);
    return n;
}

template <class T>
std::vector<T> file::read_1d(std::string_view dataset, hid_t memtype) const {
    const std::uint64_t n = length(dataset);
    const std::string name(dataset);
    handle d(H5Dopen2(h_.get(), name.c_str(), H5P_DEFAULT), H5Dclose);
    handle type(H5Dget_type(d.get()), H5Tclose);
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls != H5T_INTEGER && cls != H5T_FLOAT) {
        fail(dataset, "cannot read: not a numeric dataset");
    }
    std::vector<T> out(n);
    if (n > 0 && H5Dread(d.get(), memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0) {
        fail(dataset, "cannot read");
    }
    return out;
}

std::vector<std::uint64_t> file::read_u64(std::string_view dataset) const {
    return read_1d<std::uint64_t>(dataset, H5T_NATIVE_UINT64);
}

std::vector<std::int64_t> file::read_i64(std::string_view dataset) const {
    return read_1d<std::int64_t>(dataset, H5T_NATIVE_INT64);
}

std::vector<double> file::read_f64(std::string_view dataset) const {
    return read_1d<double>(dataset, H5T_NATIVE_DOUBLE);
}

std::optional<std::string> file::string_attribute(std::string_view object,
                                                  std::string_view name) const {
    const std::string obj(object), attr_name(name);
    if (!has(object)) {
        fail(object, "missing object");
    }
    const htri_t exists = H5Aexists_by_name(h_.get(), obj.c_str(), attr_name.c_str(), H5P_DEFAULT);
    if (exists <= 0) {
        H5Eclear2(H5E_DEFAULT);
        return std::nullopt;
    }
    const std::string where = fmt::format("{} (attribute {})", object, name);
    handle a(H5Aopen_by_name(h_.get(), obj.c_str(), attr_name.c_str(), H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    handle type(H5Aget_type(a.get()), H5Tclose);
    if (!a.valid() || !type.valid()) {
        fail(where, "cannot read");
    }
    const H5T_class_t cls = H5Tget_class(type.get());
    if (cls == H5T_ENUM) {
        // libsonata stores "sorting" as an enum (none, by_id, by_time): read its member name.
        handle native(H5Tget_native_type(type.get(), H5T_DIR_ASCEND), H5Tclose);
        std::vector<unsigned char> raw(H5Tget_size(native.get()));
        if (H5Aread(a.get(), native.get(), raw.data()) < 0) {
            fail(where, "cannot read");
        }
        char label[64] = {};
        if (H5Tenum_nameof(native.get(), raw.data(), label, sizeof label) < 0) {
            fail(where, "enum value has no name");
        }
        return std::string(label);
    }
    if (cls != H5T_STRING) {
        fail(where, "expected a string attribute");
    }
    if (H5Tis_variable_str(type.get()) > 0) {
        char* text = nullptr;
        handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
        H5Tset_size(mem.get(), H5T_VARIABLE);
        H5Tset_cset(mem.get(), H5Tget_cset(type.get()));
        if (H5Aread(a.get(), mem.get(), &text) < 0) {
            fail(where, "cannot read");
        }
        std::string out = text ? text : "";
        H5free_memory(text);
        return out;
    }
    std::string out(H5Tget_size(type.get()), '\0');
    if (H5Aread(a.get(), type.get(), out.data()) < 0) {
        fail(where, "cannot read");
    }
    out.resize(out.find('\0') == std::string::npos ? out.size() : out.find('\0'));
    return out;
}

void file::create_group(std::string_view group) {
    const std::string name(group);
    handle g(H5Gcreate2(h_.get(), name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.valid()) {
        fail_write(group, "cannot create group");
    }
}

void file::write_1d(std::string_view dataset, hid_t filetype, hid_t memtype, const void* data,
                    std::size_t n) {
    const std::string name(dataset);
    const hsize_t dims = n;
    handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose);
    handle d(H5Dcreate2(h_.get(), name.c_str(), filetype, space.get(), H5P_DEFAULT, H5P_DEFAULT,
                        H5P_DEFAULT),
             H5Dclose);
    if (!d.valid()) {
        fail_write(dataset, "cannot create dataset");
    }
    if (n > 0 && H5Dwrite(d.get(), memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0) {
        fail_write(dataset, "cannot write");
    }
}

void file::write_f64(std::string_view dataset, std::span<const double> values) {
    write_1d(dataset, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(), values.size());
}

void file::write_f64_matrix(std::string_view dataset, std::size_t rows, std::size_t cols,
                            std::span<const double> values) {
    if (values.size() != rows * cols) {
        fail_write(dataset, "values do not fill the matrix");
    }
    const std::string name(dataset);
    const std::array<hsize_t, 2> dims{rows, cols};
    handle space(H5Screate_simple(2, dims.data(), nullptr), H5Sclose);
    handle d(H5Dcreate2(h_.get(), name.c_str(), H5T_IEEE_F64LE, space.get(), H5P_DEFAULT,
                        H5P_DEFAULT, H5P_DEFAULT),
             H5Dclose);
    if (!d.valid()) {
        fail_write(dataset, "cannot create dataset");
    }
    if (!values.empty() &&
        H5Dwrite(d.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0) {
        fail_write(dataset, "cannot write");
    }
}

void file::write_u64(std::string_view dataset, std::span<const std::uint64_t> values) {
    write_1d(dataset, H5T_STD_U64LE, H5T_NATIVE_UINT64, values.data(), values.size());
}

void file::write_string_attribute(std::string_view object, std::string_view name,
                                  std::string_view value) {
    // Variable-length UTF-8, as h5py (and so BMTK) writes string attributes.
    const std::string obj(object), attr_name(name), text(value);
    handle type(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(type.get(), H5T_VARIABLE);
    H5Tset_cset(type.get(), H5T_CSET_UTF8);
    handle space(H5Screate(H5S_SCALAR), H5Sclose);
    handle a(H5Acreate_by_name(h_.get(), obj.c_str(), attr_name.c_str(), type.get(), space.get(),
                               H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    const char* ptr = text.c_str();
    if (!a.valid() || H5Awrite(a.get(), type.get(), &ptr) < 0) {
        fail_write(object, fmt::format("cannot write attribute {}", name));
    }
}

void file::write_u32_attribute(std::string_view object, std::string_view name,
                               std::span<const std::uint32_t> values) {
    const std::string obj(object), attr_name(name);
    const hsize_t dims = values.size();
    handle space(H5Screate_simple(1, &dims, nullptr), H5Sclose);
    handle a(H5Acreate_by_name(h_.get(), obj.c_str(), attr_name.c_str(), H5T_STD_U32LE, space.get(),
                               H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
             H5Aclose);
    if (!a.valid() || H5Awrite(a.get(), H5T_NATIVE_UINT32, values.data()) < 0) {
        fail_write(object, fmt::format("cannot write attribute {}", name));
    }
}

void file::close() {
    if (h_.valid()) {
        if (H5Fflush(h_.get(), H5F_SCOPE_LOCAL) < 0) {
            fail_write("/", "cannot flush");
        }
        h_.reset();
    }
}

void write_sonata_file(const std::filesystem::path& path, const std::function<void(file&)>& fill) {
    const std::filesystem::path tmp =
        path.string() + fmt::format(".tmp-{}", static_cast<long>(::getpid()));
    try {
        file f = file::create(tmp);
        static constexpr std::array<std::uint32_t, 1> magic = {0x0A7A};
        static constexpr std::array<std::uint32_t, 2> version = {0, 1};
        f.write_u32_attribute("/", "magic", magic);
        f.write_u32_attribute("/", "version", version);
        fill(f);
        f.close();
        std::filesystem::rename(tmp, path);
    } catch (...) {
        std::error_code ignored;
        std::filesystem::remove(tmp, ignored);
        throw;
    }
}

}  // namespace brainemu::hdf5
