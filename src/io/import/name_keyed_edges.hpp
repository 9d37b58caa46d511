#pragma once
// Datasets keyed by neuron name (C. elegans): edges are collected first, then neurons are
// numbered in sorted name order (ids 0..N-1), so the same names give the same ids whatever
// the row order of the files.

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "io/import/import_common.hpp"

namespace brainemu {

class name_keyed_edges {
public:
    void add_chemical(std::string_view pre, std::string_view post, std::uint32_t count,
                      std::string_view transmitter = {});
    void add_gap(std::string_view a, std::string_view b, std::uint32_t count);
    void add_name(std::string_view name) { (void)key(name); }

    // Adds the neurons (sorted names), their transmitters (the one their chemical edges name,
    // or per edge where one neuron's edges name several) and the edges to `b`.
    void build(connectome_builder& b);

private:
    std::uint32_t key(std::string_view name);
    struct chemical {
        std::uint32_t pre, post, count, transmitter;
    };
    std::unordered_map<std::string, std::uint32_t> keys_;
    std::vector<std::string> names_;
    std::unordered_map<std::string, std::uint32_t> transmitter_keys_;
    std::vector<std::string> transmitters_{""};
    std::vector<chemical> chemical_;
    std::vector<chemical> gaps_;
};

}  // namespace brainemu
