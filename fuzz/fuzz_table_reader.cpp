// libFuzzer target for the table reader alone. The first byte picks the delimiter, the header
// flag and the compression (plain, .gz, .zst: the decompressors see arbitrary bytes); the rest
// is the file. Every field is read as text, integer, count and real number.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "core/input_error.hpp"
#include "io/import/table_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    static const auto dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("brainemu_fuzz_table_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    const std::uint8_t mode = data[0];
    const char* ext[] = {".csv", ".csv.gz", ".csv.zst", ".csv"};
    const auto path = dir / (std::string("t") + ext[(mode >> 3) & 3]);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(data + 1), static_cast<long>(size - 1));
    brainemu::table_options options;
    options.delimiter = static_cast<brainemu::delimiter_kind>(mode & 3);
    options.header = (mode & 4) != 0;
    try {
        brainemu::table_reader r(path, options);
        (void)r.find_column("");
        while (r.next()) {
            for (std::size_t c = 0; c < r.columns().size(); ++c) {
                (void)r.text(c);
                try {
                    (void)r.integer(c);
                } catch (const brainemu::input_error&) {
                }
                try {
                    (void)r.count(c);
                } catch (const brainemu::input_error&) {
                }
                try {
                    (void)r.real(c);
                } catch (const brainemu::input_error&) {
                }
            }
        }
        (void)r.column("no such column");
    } catch (const brainemu::input_error&) {
    }
    return 0;
}
