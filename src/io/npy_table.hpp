#pragma once
// A NumPy structured array (.npy, format versions 1 to 3: what numpy.save writes) read column
// by column: how arrays reach brainemu from Python (a projection's sources, targets, weights
// and delays) without a text format in between.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace brainemu {

class npy_table {
public:
    // Throws input_error naming the file for anything that is not a one-dimensional,
    // C-ordered structured array of little-endian integer and float fields.
    explicit npy_table(const std::filesystem::path& file);

    [[nodiscard]] std::size_t rows() const { return rows_; }
    [[nodiscard]] bool has(const std::string& field) const;
    // Field `name` as integers (an integer field; floats refused) or doubles (any field).
    [[nodiscard]] std::vector<std::int64_t> integers(const std::string& name) const;
    [[nodiscard]] std::vector<double> doubles(const std::string& name) const;

private:
    struct field {
        std::string name;
        char kind = 0;  // 'i', 'u' or 'f'
        std::size_t size = 0, offset = 0;
    };
    [[nodiscard]] const field& find(const std::string& name) const;
    template <class T>
    [[nodiscard]] T value(const field& f, std::size_t row) const;

    std::string path_;
    std::vector<field> fields_;
    std::size_t rows_ = 0, row_bytes_ = 0;
    std::vector<unsigned char> data_;
};

}  // namespace brainemu
