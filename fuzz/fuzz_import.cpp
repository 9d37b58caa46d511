// libFuzzer target for one importer (FUZZ_FORMAT), built once per format. The input is split at
// 0x1E bytes into the importer's files (FUZZ_FILES, '|'-separated names), written to a temporary
// folder and imported. An input_error is the expected answer to garbage; a crash, a sanitizer
// report or any other exception is a bug.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "core/input_error.hpp"
#include "io/import/importers.hpp"

namespace {

std::filesystem::path work_dir() {
    static const std::filesystem::path dir = [] {
        auto d = std::filesystem::temp_directory_path() /
                 ("brainemu_fuzz_" + std::string(FUZZ_FORMAT) + "_" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

std::vector<std::string> file_names() {
    std::vector<std::string> names;
    std::string_view rest = FUZZ_FILES;
    while (!rest.empty()) {
        const auto bar = rest.find('|');
        names.emplace_back(rest.substr(0, bar));
        rest = bar == std::string_view::npos ? "" : rest.substr(bar + 1);
    }
    return names;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::vector<std::string> names = file_names();
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    brainemu::import_inputs inputs;
    std::size_t start = 0;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const auto end = i + 1 == names.size() ? input.size() : input.find('\x1e', start);
        const auto part = start <= input.size() ? input.substr(start, end - start) : "";
        inputs.push_back(work_dir() / names[i]);
        std::ofstream(inputs.back(), std::ios::binary)
            .write(part.data(), static_cast<long>(part.size()));
        start = end == std::string_view::npos ? input.size() + 1 : end + 1;
    }
    try {
        (void)brainemu::import_connectome(FUZZ_FORMAT, inputs, {});
    } catch (const brainemu::input_error&) {
    }
    return 0;
}
