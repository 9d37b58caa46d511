// An input error's message: file, line and field named, and text quoted from the input shown
// with its control bytes escaped (a NUL cut the printed message short).

#include "core/input_error.hpp"

#include <string>

#include <gtest/gtest.h>

namespace brainemu {
namespace {

TEST(InputError, NamesTheLocationAndEscapesControlBytes) {
    const input_error plain({"edges.csv", 7, "column 'pre'"}, "'x' is not an integer");
    EXPECT_STREQ(plain.what(), "edges.csv:7: column 'pre': 'x' is not an integer");
    const input_error nul({"n.csv", 2, "name"}, std::string("unknown neuron 'a\0b\rc'", 22));
    EXPECT_STREQ(nul.what(), "n.csv:2: name: unknown neuron 'a\\x00b\\x0dc'");
    const input_error tab({"", 0, ""}, "a\tb");
    EXPECT_STREQ(tab.what(), "a\tb");
}

}  // namespace
}  // namespace brainemu
