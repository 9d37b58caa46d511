#include "io/npy_table.hpp"

#include <bit>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>
#include <string_view>

#include <fmt/format.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

static_assert(std::endian::native == std::endian::little, "npy fields are read as little-endian");

// The value of 'key' in the header's Python dict literal, up to the next top-level comma.
std::string dict_value(const std::string& header, const std::string& key) {
    const std::size_t at = header.find("'" + key + "'");
    if (at == std::string::npos) {
        return "";
    }
    std::size_t i = header.find(':', at);
    if (i == std::string::npos) {
        return "";
    }
    int depth = 0;
    const std::size_t start = ++i;
    for (; i < header.size(); ++i) {
        const char c = header[i];
        depth += (c == '[' || c == '(') ? 1 : (c == ']' || c == ')') ? -1 : 0;
        if ((c == ',' && depth == 0) || depth < 0) {
            break;
        }
    }
    return header.substr(start, i - start);
}

// The quoted strings of `text`, in order.
std::vector<std::string> quoted(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t i = text.find('\''); i != std::string::npos; i = text.find('\'', i + 1)) {
        const std::size_t end = text.find('\'', i + 1);
        if (end == std::string::npos) {
            break;
        }
        out.push_back(text.substr(i + 1, end - i - 1));
        i = end;
    }
    return out;
}

// A whole number written in the header, or an input_error naming `what`.
std::size_t whole_number(const std::string& text, const std::string& what,
                         const std::string& path) {
    const std::size_t first = text.find_first_not_of(' ');
    const char* begin = text.data() + (first == std::string::npos ? text.size() : first);
    const char* end = text.data() + text.size();
    std::size_t value = 0;
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || ptr == begin ||
        std::string_view(ptr, static_cast<std::size_t>(end - ptr)).find_first_not_of(' ') !=
            std::string_view::npos) {
        throw input_error({path, 0, ""},
                          fmt::format("{}: cannot read a whole number in '{}'", what, text));
    }
    return value;
}

}  // namespace

npy_table::npy_table(const std::filesystem::path& file) : path_(file.string()) {
    auto fail = [&](const std::string& problem) { throw input_error({path_, 0, ""}, problem); };
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        fail("cannot open file");
    }
    std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                     std::istreambuf_iterator<char>());
    if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
        fail("not a .npy file (numpy.save writes one)");
    }
    const unsigned major = bytes[6];
    std::size_t header_len = 0, header_at = 0;
    if (major == 1) {
        header_len = bytes[8] | (std::size_t{bytes[9]} << 8);
        header_at = 10;
    } else if (major == 2 || major == 3) {
        if (bytes.size() < 12) {
            fail("truncated .npy header");
        }
        std::uint32_t n = 0;
        std::memcpy(&n, bytes.data() + 8, 4);
        header_len = n;
        header_at = 12;
    } else {
        fail(fmt::format(".npy format version {} is not one numpy writes (1, 2 or 3)", major));
    }
    if (header_at + header_len > bytes.size()) {
        fail("truncated .npy header");
    }
    const std::string header(bytes.begin() + static_cast<std::ptrdiff_t>(header_at),
                             bytes.begin() + static_cast<std::ptrdiff_t>(header_at + header_len));
    if (dict_value(header, "fortran_order").find("False") == std::string::npos) {
        fail("a Fortran-ordered array: save a C-ordered one");
    }
    const std::string shape = dict_value(header, "shape");
    const std::size_t open = shape.find('('), comma = shape.find(',');
    if (open == std::string::npos || comma == std::string::npos ||
        shape.find_first_not_of(" ,)", comma) != std::string::npos) {
        fail(fmt::format("shape {}: needs a one-dimensional array", shape));
    }
    rows_ = whole_number(shape.substr(open + 1, comma - open - 1), "shape " + shape, path_);
    const std::string descr = dict_value(header, "descr");
    if (descr.find('[') == std::string::npos) {
        fail(fmt::format("dtype {}: needs a structured array with named fields", descr));
    }
    const std::vector<std::string> parts = quoted(descr);
    if (parts.size() % 2 != 0) {
        fail(fmt::format("dtype {}: cannot read its fields", descr));
    }
    for (std::size_t k = 0; k < parts.size(); k += 2) {
        const std::string& type = parts[k + 1];
        field f;
        f.name = parts[k];
        // Fields of other types (bools, strings, padding) are stepped over; reading one as a
        // number is refused in integers() and doubles().
        if (type.size() < 3 || std::string("<|=").find(type[0]) == std::string::npos ||
            std::string("iufbSUV").find(type[1]) == std::string::npos) {
            fail(
                fmt::format("field '{}' has type '{}', which this reader cannot step over "
                            "(little-endian numbers, bools, strings and padding only)",
                            f.name, type));
        }
        f.kind = type[1];
        const std::size_t count = whole_number(type.substr(2), "field '" + f.name + "'", path_);
        f.size = f.kind == 'U' ? 4 * count : count;
        const bool number = f.kind == 'i' || f.kind == 'u' || f.kind == 'f';
        const bool sized = f.kind == 'f'
                               ? (f.size == 4 || f.size == 8)
                               : (f.size == 1 || f.size == 2 || f.size == 4 || f.size == 8);
        if (number && !sized) {
            fail(fmt::format("field '{}' has type '{}': not a supported width", f.name, type));
        }
        f.offset = row_bytes_;
        row_bytes_ += f.size;
        fields_.push_back(f);
    }
    const std::size_t data_at = header_at + header_len;
    if (row_bytes_ == 0 || rows_ > (bytes.size() - data_at) / row_bytes_ ||
        bytes.size() - data_at != rows_ * row_bytes_) {
        fail(fmt::format("{} rows of {} bytes need {} bytes of data, the file has {}", rows_,
                         row_bytes_, rows_ * row_bytes_, bytes.size() - data_at));
    }
    data_.assign(bytes.begin() + static_cast<std::ptrdiff_t>(data_at), bytes.end());
}

bool npy_table::has(const std::string& name) const {
    for (const field& f : fields_) {
        if (f.name == name) {
            return true;
        }
    }
    return false;
}

const npy_table::field& npy_table::find(const std::string& name) const {
    for (const field& f : fields_) {
        if (f.name == name) {
            return f;
        }
    }
    std::string names;
    for (const field& f : fields_) {
        names += (names.empty() ? "" : ", ") + f.name;
    }
    throw input_error({path_, 0, ""},
                      fmt::format("no field '{}' (the array has: {})", name, names));
}

template <class T>
T npy_table::value(const field& f, std::size_t row) const {
    T v;
    std::memcpy(&v, data_.data() + row * row_bytes_ + f.offset, sizeof(T));
    return v;
}

std::vector<std::int64_t> npy_table::integers(const std::string& name) const {
    const field& f = find(name);
    if (f.kind != 'i' && f.kind != 'u') {
        throw input_error({path_, 0, ""}, fmt::format("field '{}' must be integers", name));
    }
    std::vector<std::int64_t> out(rows_);
    for (std::size_t r = 0; r < rows_; ++r) {
        switch (static_cast<int>(f.size) * (f.kind == 'u' ? 1 : -1)) {
            case 1:
                out[r] = value<std::uint8_t>(f, r);
                break;
            case 2:
                out[r] = value<std::uint16_t>(f, r);
                break;
            case 4:
                out[r] = value<std::uint32_t>(f, r);
                break;
            case -1:
                out[r] = value<std::int8_t>(f, r);
                break;
            case -2:
                out[r] = value<std::int16_t>(f, r);
                break;
            case -4:
                out[r] = value<std::int32_t>(f, r);
                break;
            case -8:
                out[r] = value<std::int64_t>(f, r);
                break;
            default: {
                const auto u = value<std::uint64_t>(f, r);
                if (u > static_cast<std::uint64_t>(INT64_MAX)) {
                    throw input_error(
                        {path_, 0, ""},
                        fmt::format("field '{}' row {}: {} is too large", name, r, u));
                }
                out[r] = static_cast<std::int64_t>(u);
            }
        }
    }
    return out;
}

std::vector<double> npy_table::doubles(const std::string& name) const {
    const field& f = find(name);
    if (f.kind != 'f' && f.kind != 'i' && f.kind != 'u') {
        throw input_error({path_, 0, ""}, fmt::format("field '{}' must be numbers", name));
    }
    if (f.kind != 'f') {
        std::vector<double> out;
        for (std::int64_t v : integers(name)) {
            out.push_back(static_cast<double>(v));
        }
        return out;
    }
    std::vector<double> out(rows_);
    for (std::size_t r = 0; r < rows_; ++r) {
        out[r] = f.size == 4 ? value<float>(f, r) : value<double>(f, r);
    }
    return out;
}

}  // namespace brainemu
