#include "io/bcx.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "core/atomic_file.hpp"
#include "core/input_error.hpp"

namespace brainemu {
namespace {

// Layout (little-endian, every section starting on a 64-byte boundary):
//   header (64 bytes) | section table (section_count x 32 bytes) | sections
constexpr std::array<char, 8> magic = {'B', 'R', 'A', 'I', 'N', 'B', 'C', 'X'};
constexpr std::uint32_t version = 1;
constexpr std::uint32_t byte_order_mark = 0x01020304;
constexpr std::uint64_t alignment = 64;

struct file_header {
    std::array<char, 8> magic;
    std::uint32_t version;
    std::uint32_t byte_order;
    std::uint64_t file_size;
    std::uint32_t section_count;
    std::uint32_t reserved0;
    std::uint64_t table_checksum;  // xxh64 of the section table
    std::array<std::uint64_t, 3> reserved;
};
static_assert(sizeof(file_header) == 64);

struct section_entry {
    std::array<char, 8> tag;  // NUL-padded name
    std::uint64_t offset, size, checksum;
};
static_assert(sizeof(section_entry) == 32);

std::array<char, 8> tag_of(std::string_view name) {
    std::array<char, 8> t{};
    std::memcpy(t.data(), name.data(), std::min<std::size_t>(name.size(), 8));
    return t;
}

std::uint64_t padded(std::uint64_t n) {
    return (n + alignment - 1) / alignment * alignment;
}

// Small variable-length data (names, labels, provenance) as length-prefixed records.
class blob_writer {
public:
    void u32(std::uint32_t v) { append(&v, sizeof v); }
    void str(std::string_view s) {
        u32(static_cast<std::uint32_t>(s.size()));
        append(s.data(), s.size());
    }
    void strings(const std::vector<std::string>& v) {
        u32(static_cast<std::uint32_t>(v.size()));
        for (const auto& s : v) {
            str(s);
        }
    }
    std::vector<std::byte> bytes;

private:
    void append(const void* p, std::size_t n) {
        const auto* b = static_cast<const std::byte*>(p);
        bytes.insert(bytes.end(), b, b + n);
    }
};

class blob_reader {
public:
    blob_reader(std::span<const std::byte> data, std::string path, std::string section)
        : data_(data), path_(std::move(path)), section_(std::move(section)) {}
    std::uint32_t u32() {
        std::uint32_t v = 0;
        take(&v, sizeof v);
        return v;
    }
    std::string str() {
        const std::uint32_t n = count(1);  // checked before allocating: a damaged length
        std::string s(n, '\0');            // of 4 GiB allocated 4.2 GB before "truncated"
        take(s.data(), n);
        return s;
    }
    std::vector<std::string> strings() {
        std::vector<std::string> v(count(4));
        for (auto& s : v) {
            s = str();
        }
        return v;
    }
    // A count of records each at least `min_bytes` long, checked against what is left, so a
    // corrupt count cannot ask for a huge allocation.
    std::uint32_t count(std::size_t min_bytes) {
        const std::uint32_t n = u32();
        if (static_cast<std::uint64_t>(n) * min_bytes > data_.size() - at_) {
            fail("a count larger than the section");
        }
        return n;
    }
    void done() const {
        if (at_ != data_.size()) {
            fail("trailing bytes");
        }
    }
    [[noreturn]] void fail(std::string_view problem) const {
        throw input_error(
            {path_, 0, "section " + section_},
            fmt::format("{} (the file is damaged or not written by brainemu)", problem));
    }

private:
    void take(void* p, std::size_t n) {
        if (n > data_.size() - at_) {
            fail("truncated");
        }
        std::memcpy(p, data_.data() + at_, n);
        at_ += n;
    }
    std::span<const std::byte> data_;
    std::size_t at_ = 0;
    std::string path_, section_;
};

struct section_out {
    std::string_view tag;
    std::span<const std::byte> bytes;
};

template <class T>
section_out array_section(std::string_view tag, std::span<const T> v) {
    return {tag, std::as_bytes(v)};
}

struct mapping {
    void* base = MAP_FAILED;
    std::size_t size = 0;
    ~mapping() {
        if (base != MAP_FAILED) {
            ::munmap(base, size);
        }
    }
};

}  // namespace

void write_bcx(const connectome& c, const std::filesystem::path& path) {
    blob_writer names, type_names, transmitter_names, labels, meta, unit;
    names.strings(c.names);
    type_names.strings(c.type_names);
    transmitter_names.strings(c.transmitter_names);
    labels.u32(static_cast<std::uint32_t>(c.labels.size()));
    for (const auto& [name, members] : c.labels) {
        labels.str(name);
        labels.u32(static_cast<std::uint32_t>(members.size()));
        for (std::uint32_t m : members) {
            labels.u32(m);
        }
    }
    meta.u32(static_cast<std::uint32_t>(c.metadata.size()));
    for (const auto& [k, v] : c.metadata) {
        meta.str(k);
        meta.str(v);
    }
    unit.str(c.edge_weight_unit);

    std::vector<section_out> sections = {
        array_section("ids", c.ids),
        array_section("type", c.type),
        array_section("tx", c.transmitter),
        array_section("rows", c.row_offsets),
        array_section("post", c.post),
        array_section("count", c.count),
        array_section("etx", c.edge_transmitter),
        array_section("eweight", c.edge_weight),
        array_section("edelay", c.edge_delay_ms),
        array_section("gapa", c.gap_a),
        array_section("gapb", c.gap_b),
        array_section("gapc", c.gap_count),
        {"names", names.bytes},
        {"typename", type_names.bytes},
        {"txname", transmitter_names.bytes},
        {"labels", labels.bytes},
        {"meta", meta.bytes},
        {"wunit", unit.bytes},
    };
    std::vector<section_entry> table;
    std::uint64_t offset = padded(sizeof(file_header) + sections.size() * sizeof(section_entry));
    for (const auto& s : sections) {
        table.push_back(
            {tag_of(s.tag), offset, s.bytes.size(), XXH64(s.bytes.data(), s.bytes.size(), 0)});
        offset = padded(offset + s.bytes.size());
    }
    file_header h{};
    h.magic = magic;
    h.version = version;
    h.byte_order = byte_order_mark;
    h.file_size = offset;
    h.section_count = static_cast<std::uint32_t>(table.size());
    h.table_checksum = XXH64(table.data(), table.size() * sizeof(section_entry), 0);

    atomic_file out(path);
    out.write_pod(h);
    out.write(std::as_bytes(std::span(table)));
    std::uint64_t at = sizeof(file_header) + table.size() * sizeof(section_entry);
    static const std::array<std::byte, alignment> zeros{};
    for (std::size_t i = 0; i < sections.size(); ++i) {
        out.write(std::span(zeros.data(), table[i].offset - at));
        out.write(sections[i].bytes);
        at = table[i].offset + sections[i].bytes.size();
    }
    out.write(std::span(zeros.data(), offset - at));
    out.commit();
}

connectome read_bcx(const std::filesystem::path& path) {
    const std::string where = path.string();
    auto fail = [&](std::string_view field, std::string_view problem) -> void {
        throw input_error({where, 0, std::string(field)}, problem);
    };
    const int fd = ::open(where.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw input_error({where, 0, ""}, fmt::format("cannot open: {}", std::strerror(errno)));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        throw input_error({where, 0, ""}, "not a regular file");
    }
    auto map = std::make_shared<mapping>();
    map->size = static_cast<std::size_t>(st.st_size);
    if (map->size < sizeof(file_header)) {
        ::close(fd);
        throw input_error({where, 0, ""},
                          fmt::format("not a brainemu connectome (.bcx): {} bytes, shorter than "
                                      "the header",
                                      map->size));
    }
    map->base = ::mmap(nullptr, map->size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (map->base == MAP_FAILED) {
        throw resource_error(fmt::format("{}: cannot map: {}", where, std::strerror(errno)));
    }
    const auto* base = static_cast<const std::byte*>(map->base);
    file_header h{};
    std::memcpy(&h, base, sizeof h);
    if (h.magic != magic) {
        fail("",
             "not a brainemu connectome (.bcx): wrong magic bytes; import the dataset with "
             "'brainemu import'");
    }
    if (h.byte_order != byte_order_mark) {
        fail("", "written on a machine of the other byte order");
    }
    if (h.version != version) {
        fail("", fmt::format("format version {}, this build reads version {}; re-import the "
                             "dataset with this build",
                             h.version, version));
    }
    if (h.file_size != map->size) {
        fail("", fmt::format("truncated or extended: the header says {} bytes, the file has {}",
                             h.file_size, map->size));
    }
    const std::uint64_t table_bytes = std::uint64_t{h.section_count} * sizeof(section_entry);
    if (h.section_count > 1024 || sizeof(file_header) + table_bytes > map->size) {
        fail("", "damaged section table");
    }
    std::vector<section_entry> table(h.section_count);
    std::memcpy(table.data(), base + sizeof(file_header), table_bytes);
    if (XXH64(table.data(), table_bytes, 0) != h.table_checksum) {
        fail("", "section table checksum mismatch (the file is damaged)");
    }

    auto section = [&](std::string_view name, bool required) -> std::span<const std::byte> {
        const auto tag = tag_of(name);
        for (const auto& s : table) {
            if (s.tag != tag) {
                continue;
            }
            if (s.offset % alignment != 0 || s.offset > map->size ||
                s.size > map->size - s.offset) {
                fail(fmt::format("section {}", name), "lies outside the file");
            }
            const std::span<const std::byte> bytes(base + s.offset, s.size);
            if (XXH64(bytes.data(), bytes.size(), 0) != s.checksum) {
                fail(fmt::format("section {}", name), "checksum mismatch (the file is damaged)");
            }
            return bytes;
        }
        if (required) {
            fail(fmt::format("section {}", name), "missing");
        }
        return {};
    };
    auto array = [&]<class T>(std::string_view name, std::uint64_t expect, bool optional_empty,
                              std::span<const T>& out) {
        const auto bytes = section(name, true);
        if (bytes.size() % sizeof(T) != 0) {
            fail(fmt::format("section {}", name), "size is not a whole number of elements");
        }
        const std::uint64_t n = bytes.size() / sizeof(T);
        if (n != expect && !(optional_empty && n == 0)) {
            fail(fmt::format("section {}", name),
                 fmt::format("{} entries where {} were expected", n, expect));
        }
        out = std::span(reinterpret_cast<const T*>(bytes.data()), n);
    };

    connectome c;
    {
        const auto ids = section("ids", true);
        if (ids.size() % sizeof(std::int64_t) != 0) {
            fail("section ids", "size is not a whole number of ids");
        }
        c.ids = std::span(reinterpret_cast<const std::int64_t*>(ids.data()),
                          ids.size() / sizeof(std::int64_t));
    }
    const std::uint64_t n = c.ids.size();
    array("type", n, false, c.type);
    array("tx", n, false, c.transmitter);
    array("rows", n + 1, false, c.row_offsets);
    const std::uint64_t m = c.row_offsets.back();
    if (c.row_offsets.front() != 0 || !std::is_sorted(c.row_offsets.begin(), c.row_offsets.end())) {
        fail("section rows", "row offsets are not ascending from 0");
    }
    array("post", m, false, c.post);
    array("count", m, false, c.count);
    array("etx", m, true, c.edge_transmitter);
    array("eweight", m, true, c.edge_weight);
    array("edelay", m, true, c.edge_delay_ms);
    {
        const auto gaps = section("gapa", true);
        const std::uint64_t g = gaps.size() / sizeof(std::uint32_t);
        array("gapa", g, false, c.gap_a);
        array("gapb", g, false, c.gap_b);
        array("gapc", g, false, c.gap_count);
    }

    auto strings = [&](std::string_view name) {
        blob_reader r(section(name, true), where, std::string(name));
        auto v = r.strings();
        r.done();
        return v;
    };
    c.names = strings("names");
    c.type_names = strings("typename");
    c.transmitter_names = strings("txname");
    if (!c.names.empty() && c.names.size() != n) {
        fail("section names", fmt::format("{} names for {} neurons", c.names.size(), n));
    }
    if (c.type_names.empty() || c.transmitter_names.empty()) {
        fail("", "a name table is empty (entry 0 must be the empty name)");
    }
    {
        blob_reader r(section("labels", true), where, "labels");
        for (std::uint32_t k = r.count(8); k > 0; --k) {
            std::string name = r.str();
            std::vector<std::uint32_t> members(r.count(4));
            for (std::size_t i = 0; i < members.size(); ++i) {
                members[i] = r.u32();
                if (members[i] >= n) {
                    r.fail(fmt::format("label {} names neuron {} of {}", name, members[i], n));
                }
                // Sorted and unique, as connectome.hpp promises and lookups assume.
                if (i > 0 && members[i] <= members[i - 1]) {
                    r.fail(fmt::format("label {} lists its neurons out of order or twice", name));
                }
            }
            c.labels.emplace(std::move(name), std::move(members));
        }
        r.done();
    }
    {
        blob_reader r(section("meta", true), where, "meta");
        for (std::uint32_t k = r.count(8); k > 0; --k) {
            std::string key = r.str();
            c.metadata.emplace_back(std::move(key), r.str());
        }
        r.done();
    }
    {
        blob_reader r(section("wunit", true), where, "wunit");
        c.edge_weight_unit = r.str();
        r.done();
    }

    // Indices in range, so that nothing downstream can read outside an array.
    if (std::any_of(c.post.begin(), c.post.end(), [&](std::uint32_t p) { return p >= n; })) {
        fail("section post", "a target index beyond the neurons");
    }
    const auto types = c.type_names.size();
    if (std::any_of(c.type.begin(), c.type.end(), [&](std::uint32_t t) { return t >= types; })) {
        fail("section type", "a type index beyond the type names");
    }
    const auto txs = c.transmitter_names.size();
    auto tx_bad = [&](std::uint16_t t) { return t >= txs; };
    if (std::any_of(c.transmitter.begin(), c.transmitter.end(), tx_bad) ||
        std::any_of(c.edge_transmitter.begin(), c.edge_transmitter.end(), tx_bad)) {
        fail("section tx", "a transmitter index beyond the transmitter names");
    }
    for (std::size_t i = 0; i < c.gap_a.size(); ++i) {
        if (c.gap_a[i] >= c.gap_b[i] || c.gap_b[i] >= n) {
            fail("section gapa", "a gap junction pair out of order or beyond the neurons");
        }
    }
    // Values the checksums cannot vouch for (a crafted file has valid ones): weights finite,
    // delays not infinite or negative (NaN is "no delay of its own"; 0 may be clamped to one
    // step), neuron ids unique, or a run and its id lookups would go wrong silently.
    if (std::any_of(c.edge_weight.begin(), c.edge_weight.end(),
                    [](float w) { return !std::isfinite(w); })) {
        fail("section eweight", "a weight that is not finite");
    }
    if (std::any_of(c.edge_delay_ms.begin(), c.edge_delay_ms.end(),
                    [](float d) { return std::isinf(d) || d < 0.0F; })) {
        fail("section edelay", "a delay that is infinite or negative");
    }
    {
        std::vector<std::int64_t> sorted(c.ids.begin(), c.ids.end());
        std::sort(sorted.begin(), sorted.end());
        const auto twice = std::adjacent_find(sorted.begin(), sorted.end());
        if (twice != sorted.end()) {
            fail("section ids", fmt::format("neuron id {} appears twice", *twice));
        }
    }
    c.owner = std::move(map);
    return c;
}

}  // namespace brainemu
