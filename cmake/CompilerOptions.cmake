# Warning set shared by every target of ours (style.md habit 9). Third-party headers come in
# as SYSTEM includes (imported targets), so these flags apply to our code only.
add_library(brainemu_warnings INTERFACE)
target_compile_options(brainemu_warnings INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual
    -Wconversion -Wno-sign-conversion  # sign conversions from size_t indices are pervasive and benign
    $<$<BOOL:${BRAINEMU_WERROR}>:-Werror>)
if(BRAINEMU_NATIVE)
    target_compile_options(brainemu_warnings INTERFACE -march=native)
endif()
