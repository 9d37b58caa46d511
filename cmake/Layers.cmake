# Library boundaries (docs/architecture.md, "Libraries and folders"). No target has src/ on its
# include path. Each library gets its own include root in the build tree holding one symlink to
# its folder, e.g. <build>/include/brainemu_engine/engine -> src/engine, so
# `#include "engine/simulation.hpp"` resolves only for a target that links brainemu_engine
# (directly, or through PUBLIC links). An include against the direction fails to compile;
# tests/architecture/ checks that it does.
#
# brainemu_headers(<target> <folder> [PUBLIC|INTERFACE|PRIVATE]): <folder> is relative to src/
# ("engine", "backends/cuda"); the scope defaults to PUBLIC.
function(brainemu_headers target folder)
    set(scope PUBLIC)
    if(ARGC GREATER 2)
        set(scope ${ARGV2})
    endif()
    set(root ${PROJECT_BINARY_DIR}/include/${target})
    get_filename_component(parent ${root}/${folder} DIRECTORY)
    file(MAKE_DIRECTORY ${parent})
    # A symlink, not a copy: edits in src/ are seen at once and errors point at src/ files.
    file(CREATE_LINK ${PROJECT_SOURCE_DIR}/src/${folder} ${root}/${folder} SYMBOLIC)
    target_include_directories(${target} ${scope} ${root})
endfunction()
