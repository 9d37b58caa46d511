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

# Connectome import and the binary format.
find_package(ZLIB REQUIRED)               # .gz inputs (Codex releases, derived CSVs)
find_package(PNG REQUIRED)                # the report's raster images (compressed)
find_package(PkgConfig REQUIRED)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)      # .zst inputs
pkg_check_modules(XXHASH REQUIRED IMPORTED_TARGET libxxhash)  # .bcx section checksums
pkg_check_modules(HDF5 REQUIRED IMPORTED_TARGET hdf5)         # SONATA circuits and spike files

# METIS (libmetis-dev) partitions a connectome for locality; it ships no CMake config.
find_path(METIS_INCLUDE_DIR metis.h REQUIRED)
find_library(METIS_LIBRARY metis REQUIRED)
add_library(metis INTERFACE)
target_include_directories(metis SYSTEM INTERFACE ${METIS_INCLUDE_DIR})
target_link_libraries(metis INTERFACE ${METIS_LIBRARY})

# MPI (OpenMPI: libopenmpi-dev, openmpi-bin): the multi-rank backend. Without it brainemu builds
# and runs in one process; BRAINEMU_MPI=OFF forces that.
option(BRAINEMU_MPI "Build the MPI backend (src/backends/mpi) when MPI is found" ON)
if(BRAINEMU_MPI)
    find_package(MPI COMPONENTS CXX)
    if(NOT MPI_CXX_FOUND)
        message(STATUS "MPI not found: building without the MPI backend")
        set(BRAINEMU_MPI OFF)
    endif()
endif()
