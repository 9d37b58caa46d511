# Every dependency is a Debian 12 package; README.md lists each and why.
find_package(Threads REQUIRED)
find_package(fmt REQUIRED)                # formatting of messages and text outputs
find_package(tomlplusplus REQUIRED)       # experiment files
find_package(CLI11 REQUIRED)              # the command line
find_package(nlohmann_json REQUIRED)      # profile.json

# Random123 (librandom123-dev) is header-only and ships no CMake config.
find_path(RANDOM123_INCLUDE_DIR Random123/philox.h REQUIRED)
add_library(random123 INTERFACE)
target_include_directories(random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})

if(BRAINEMU_TESTS)
    find_package(GTest REQUIRED)
endif()
