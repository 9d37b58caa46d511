# Included by the top-level CMakeLists.txt before src/: decides BRAINEMU_PYTHON, because the
# libraries the module links must then be built as position-independent code.
#
# The module is for Debian's /usr/bin/python3 (python3-numpy, pybind11-dev), not for
# whichever python3 comes first on PATH (a pyenv shim has neither numpy nor these headers).
if(NOT DEFINED Python_EXECUTABLE AND EXISTS /usr/bin/python3)
    set(Python_EXECUTABLE /usr/bin/python3 CACHE FILEPATH "Python the brainemu module is built for")
endif()
find_package(Python 3.8 QUIET COMPONENTS Interpreter Development.Module)
if(Python_Interpreter_FOUND AND Python_Development.Module_FOUND)
    # pybind11 then finds this same Python (its own search would stop the configure when the
    # headers are missing, even with the module off).
    set(PYBIND11_FINDPYTHON ON)
    find_package(pybind11 2.6 CONFIG QUIET)
endif()
if(Python_Interpreter_FOUND AND Python_Development.Module_FOUND AND pybind11_FOUND
   AND NOT BRAINEMU_FUZZ)
    set(_brainemu_python_default ON)
else()
    set(_brainemu_python_default OFF)
endif()
option(BRAINEMU_PYTHON "Build the brainemu Python module (python/); needs pybind11-dev and python3-dev"
       ${_brainemu_python_default})
if(BRAINEMU_PYTHON)
    if(NOT Python_Interpreter_FOUND OR NOT Python_Development.Module_FOUND)
        message(FATAL_ERROR "BRAINEMU_PYTHON is ON but ${Python_EXECUTABLE} or its headers are "
                            "missing: apt-get install python3-dev, or -DBRAINEMU_PYTHON=OFF")
    endif()
    if(NOT pybind11_FOUND)
        message(FATAL_ERROR "BRAINEMU_PYTHON is ON but pybind11 is missing: apt-get install "
                            "pybind11-dev, or -DBRAINEMU_PYTHON=OFF")
    endif()
    # Our static libraries go into a shared module. -fno-semantic-interposition keeps GCC
    # inlining and calling our functions directly, as without -fPIC, so the CLI's speed is kept.
    set(CMAKE_POSITION_INDEPENDENT_CODE ON)
    add_compile_options($<$<COMPILE_LANGUAGE:CXX>:-fno-semantic-interposition>)
    message(STATUS "brainemu Python module: on, for ${Python_EXECUTABLE} (pybind11 ${pybind11_VERSION})")
else()
    message(STATUS "brainemu Python module: off")
endif()
