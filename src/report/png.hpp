#pragma once
// PNG density images (8-bit palette, compressed by libpng): the raster of millions of spikes as
// one image keeps report.html small, where one SVG mark per spike would not.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace brainemu::report {

struct rgb {
    std::uint8_t r = 0, g = 0, b = 0;
};

// `pixels` holds width x height palette indices, row-major from the top.
[[nodiscard]] std::vector<std::uint8_t> encode_png(std::uint32_t width, std::uint32_t height,
                                                   std::span<const std::uint8_t> pixels,
                                                   std::span<const rgb> palette);

[[nodiscard]] std::string base64(std::span<const std::uint8_t> bytes);

// "data:image/png;base64,...".
[[nodiscard]] std::string png_data_uri(std::uint32_t width, std::uint32_t height,
                                       std::span<const std::uint8_t> pixels,
                                       std::span<const rgb> palette);

// 256 colours from white (index 0 = empty) through blue to near black (index 255 = densest).
[[nodiscard]] std::array<rgb, 256> density_palette();

}  // namespace brainemu::report
