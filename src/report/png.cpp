#include "report/png.hpp"

#include <algorithm>
#include <cmath>
#include <csetjmp>
#include <new>
#include <stdexcept>

#include <png.h>

#include "core/assert.hpp"

namespace brainemu::report {
namespace {

// libpng writes through this callback into memory; its errors arrive as longjmp, turned into an
// exception here before any C++ frame is skipped.
void append(png_structp png, png_bytep data, png_size_t n) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
    try {
        out->insert(out->end(), data, data + n);
    } catch (const std::bad_alloc&) {
        png_error(png, "out of memory");  // libpng's way out: back to the setjmp, no C++ unwind
    }
}

}  // namespace

std::vector<std::uint8_t> encode_png(std::uint32_t width, std::uint32_t height,
                                     std::span<const std::uint8_t> pixels,
                                     std::span<const rgb> palette) {
    BE_ASSERT(pixels.size() == std::size_t{width} * height, "pixels do not fill the image");
    BE_ASSERT(!palette.empty() && palette.size() <= 256, "a palette of 1 to 256 colours");
    std::vector<std::uint8_t> out;
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
    png_infop info = png != nullptr ? png_create_info_struct(png) : nullptr;
    BE_ASSERT(png != nullptr && info != nullptr, "libpng could not start");
    std::vector<png_color> colours;
    for (const rgb& c : palette) {
        colours.push_back({c.r, c.g, c.b});
    }
    std::vector<png_const_bytep> rows(height);
    for (std::uint32_t y = 0; y < height; ++y) {
        rows[y] = pixels.data() + std::size_t{y} * width;
    }
    if (setjmp(png_jmpbuf(png)) != 0) {  // NOLINT(cert-err52-cpp): libpng's error protocol
        png_destroy_write_struct(&png, &info);
        throw std::runtime_error("libpng could not encode the image");
    }
    png_set_write_fn(png, &out, append, nullptr);
    png_set_IHDR(png, info, width, height, 8, PNG_COLOR_TYPE_PALETTE, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, colours.data(), static_cast<int>(colours.size()));
    png_set_compression_level(png, 9);
    png_write_info(png, info);
    png_write_rows(png, const_cast<png_bytepp>(rows.data()), height);  // NOLINT: libpng's C API
    png_write_end(png, info);
    png_destroy_write_struct(&png, &info);
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
