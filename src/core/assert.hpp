#pragma once
// BE_ASSERT: an internal invariant; failing it is our bug, not the user's. Always on.
// BE_DASSERT: the same, compiled in only for debug and sanitizer builds (hot loops).

#include <cstdio>
#include <cstdlib>

namespace brainemu::detail {
[[noreturn]] inline void assert_failed(const char* expr, const char* msg, const char* file,
                                       int line) {
    std::fprintf(stderr, "brainemu internal error: %s:%d: assertion '%s' failed: %s\n", file, line,
                 expr, msg);
    std::abort();
}
}  // namespace brainemu::detail

#define BE_ASSERT(cond, msg)                                                     \
    do {                                                                         \
        if (!(cond)) {                                                           \
            ::brainemu::detail::assert_failed(#cond, (msg), __FILE__, __LINE__); \
        }                                                                        \
    } while (false)

#ifdef BRAINEMU_DEBUG_ASSERTS
#define BE_DASSERT(cond, msg) BE_ASSERT(cond, msg)
#else
#define BE_DASSERT(cond, msg) \
    do {                      \
    } while (false)
#endif
