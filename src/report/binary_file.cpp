#include "report/binary_file.hpp"

#include <fstream>

#include <fmt/format.h>

namespace brainemu::report {

std::vector<std::byte> read_binary(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in) {
        throw input_error({path.string(), 0, ""}, "cannot open the file");
    }
    const std::streamoff size = in.tellg();
    std::vector<std::byte> bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (!in.read(reinterpret_cast<char*>(bytes.data()), size)) {
        throw input_error({path.string(), 0, ""}, "cannot read the file");
    }
    return bytes;
}

void damaged(const std::filesystem::path& path, std::string_view problem) {
    throw input_error({path.string(), 0, ""}, fmt::format("damaged file: {}", problem));
}

}  // namespace brainemu::report
