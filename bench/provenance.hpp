#pragma once
// What the C++ benchmarks record about where they ran (as bench/side_by_side.py does for the
// Python ones).

#include <cstdio>
#include <string>

namespace brainemu::bench {

// The checked-out commit (short hash), or "" outside a git checkout.
inline std::string git_commit() {
    std::string commit;
    if (std::FILE* git = ::popen("git rev-parse --short HEAD 2>/dev/null", "r")) {
        char buf[64] = {};
        if (std::fgets(buf, sizeof buf, git) != nullptr) {
            commit = buf;
            commit.erase(commit.find_last_not_of(" \n") + 1);
        }
        ::pclose(git);
    }
    return commit;
}

}  // namespace brainemu::bench
