#include "report/png.hpp"

#include <algorithm>
#include <cmath>

namespace brainemu::report {
namespace {

std::uint32_t crc32(std::span<const std::uint8_t> bytes) {
    static const std::array<std::uint32_t, 256> table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t n = 0; n < 256; ++n) {
            std::uint32_t c = n;
            for (int k = 0; k < 8; ++k) {
                c = (c & 1U) != 0 ? 0xEDB88320U ^ (c >> 1) : c >> 1;
            }
            t[n] = c;
        }
        return t;
    }();
    std::uint32_t c = 0xFFFFFFFFU;
    for (std::uint8_t b : bytes) {
        c = table[(c ^ b) & 0xFFU] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFU;
}

void put_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<std::uint8_t>(v >> shift));
    }
}

void chunk(std::vector<std::uint8_t>& out, const char (&type)[5],
           std::span<const std::uint8_t> data) {
    put_u32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    out.insert(out.end(), type, type + 4);
    out.insert(out.end(), data.begin(), data.end());
    put_u32(out, crc32(std::span<const std::uint8_t>(out).subspan(start)));
}

// zlib stream of stored (uncompressed) deflate blocks.
std::vector<std::uint8_t> zlib_stored(std::span<const std::uint8_t> raw) {
    std::vector<std::uint8_t> z{0x78, 0x01};
    std::size_t pos = 0;
    do {
        const std::size_t n = std::min<std::size_t>(65535, raw.size() - pos);
        const bool last = pos + n == raw.size();
        z.push_back(last ? 1 : 0);
        const auto len = static_cast<std::uint16_t>(n);
        const auto nlen = static_cast<std::uint16_t>(~len);
        z.push_back(static_cast<std::uint8_t>(len & 0xFFU));
        z.push_back(static_cast<std::uint8_t>(len >> 8));
        z.push_back(static_cast<std::uint8_t>(nlen & 0xFFU));
        z.push_back(static_cast<std::uint8_t>(nlen >> 8));
        z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos),
                 raw.begin() + static_cast<std::ptrdiff_t>(pos + n));
        pos += n;
    } while (pos < raw.size());
    std::uint32_t a = 1, b = 0;
    for (std::uint8_t v : raw) {
        a = (a + v) % 65521U;
        b = (b + a) % 65521U;
    }
    put_u32(z, (b << 16) | a);
    return z;
}

}  // namespace

std::vector<std::uint8_t> encode_png(std::uint32_t width, std::uint32_t height,
                                     std::span<const std::uint8_t> pixels,
                                     std::span<const rgb> palette) {
    std::vector<std::uint8_t> out{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> ihdr;
    put_u32(ihdr, width);
    put_u32(ihdr, height);
    ihdr.insert(ihdr.end(), {8, 3, 0, 0, 0});  // 8 bits, palette, deflate, no filter, no interlace
    chunk(out, "IHDR", ihdr);
    std::vector<std::uint8_t> plte;
    for (const rgb& c : palette) {
        plte.insert(plte.end(), {c.r, c.g, c.b});
    }
    chunk(out, "PLTE", plte);
    std::vector<std::uint8_t> raw;
    raw.reserve(static_cast<std::size_t>(width + 1) * height);
    for (std::uint32_t y = 0; y < height; ++y) {
        raw.push_back(0);  // filter: none
        const auto row = pixels.subspan(static_cast<std::size_t>(y) * width, width);
        raw.insert(raw.end(), row.begin(), row.end());
    }
    chunk(out, "IDAT", zlib_stored(raw));
    chunk(out, "IEND", {});
    return out;
}

std::string base64(std::span<const std::uint8_t> bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < bytes.size(); i += 3) {
        std::uint32_t v = static_cast<std::uint32_t>(bytes[i]) << 16;
        if (i + 1 < bytes.size()) {
            v |= static_cast<std::uint32_t>(bytes[i + 1]) << 8;
        }
        if (i + 2 < bytes.size()) {
            v |= bytes[i + 2];
        }
        out += alphabet[(v >> 18) & 63U];
        out += alphabet[(v >> 12) & 63U];
        out += i + 1 < bytes.size() ? alphabet[(v >> 6) & 63U] : '=';
        out += i + 2 < bytes.size() ? alphabet[v & 63U] : '=';
    }
    return out;
}

std::string png_data_uri(std::uint32_t width, std::uint32_t height,
                         std::span<const std::uint8_t> pixels, std::span<const rgb> palette) {
    return "data:image/png;base64," + base64(encode_png(width, height, pixels, palette));
}

std::array<rgb, 256> density_palette() {
    std::array<rgb, 256> p{};
    p[0] = {255, 255, 255};
    // From a light blue through saturated blue to near black: a single spike stays visible.
    const rgb stops[] = {{158, 202, 225}, {33, 113, 181}, {8, 48, 107}, {10, 10, 30}};
    for (int i = 1; i < 256; ++i) {
        const double t = (i - 1) / 254.0 * 3.0;
        const int k = std::min(2, static_cast<int>(t));
        const double f = t - k;
        auto mix = [&](std::uint8_t a, std::uint8_t b) {
            return static_cast<std::uint8_t>(std::lround(a + (b - a) * f));
        };
        p[static_cast<std::size_t>(i)] = {mix(stops[k].r, stops[k + 1].r),
                                          mix(stops[k].g, stops[k + 1].g),
                                          mix(stops[k].b, stops[k + 1].b)};
    }
    return p;
}

}  // namespace brainemu::report
