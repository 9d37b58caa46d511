#include "core/atomic_file.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/input_error.hpp"

namespace brainemu {
namespace {

std::filesystem::path temp_dir() {
    auto d =
        std::filesystem::temp_directory_path() /
        ("brainemu_atomic_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d;
}

TEST(atomic_file, appears_only_on_commit) {
    const auto dir = temp_dir();
    {
        atomic_file f(dir / "out.txt");
        f.write("hello");
        EXPECT_FALSE(std::filesystem::exists(dir / "out.txt"));
        f.commit();
    }
    std::ifstream in(dir / "out.txt");
    std::stringstream s;
    s << in.rdbuf();
    EXPECT_EQ(s.str(), "hello");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                            std::filesystem::directory_iterator()),
              1);
}

TEST(atomic_file, abandoned_writer_leaves_nothing) {
    const auto dir = temp_dir();
    {
        atomic_file f(dir / "out.bin");
        f.write("partial");
    }
    EXPECT_TRUE(std::filesystem::is_empty(dir));
}

TEST(atomic_file, commit_keeps_old_file_until_rename) {
    const auto dir = temp_dir();
    write_file_atomic(dir / "a", "old");
    atomic_file f(dir / "a");
    f.write("new");
    std::ifstream before(dir / "a");
    std::string text;
    before >> text;
    EXPECT_EQ(text, "old");
    f.commit();
    std::ifstream after(dir / "a");
    after >> text;
    EXPECT_EQ(text, "new");
}

TEST(atomic_file, unwritable_directory_is_a_resource_error) {
    EXPECT_THROW({ atomic_file f("/nonexistent_dir_brainemu/x"); }, resource_error);
}

}  // namespace
}  // namespace brainemu
