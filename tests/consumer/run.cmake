# SPDX-License-Identifier: MIT
# run.cmake: builds tests/consumer against mlp one way and runs it (the consumer test of ctest).
#
#   cmake -DROUTE=install|subdirectory -DSOURCE_DIR=<mlp> -DBINARY_DIR=<this build of mlp>
#         -DWORK_DIR=<scratch> -DVERSION=<x.y.z> [-DGENERATOR=...] [-DCXX=...] [-DBUILD_TYPE=...]
#         [-DCXX_FLAGS=...] [-DCXX_FLAGS_CONFIG=...] [-DLINKER_FLAGS=...] -P run.cmake
#
# install:      `cmake --install` of this build into WORK_DIR/prefix, then find_package(mlp 0.2).
# subdirectory: add_subdirectory(<mlp source>), which must build the library alone.
# The consumer is compiled with this build's compiler and flags (CXX_FLAGS holds -stdlib=libc++
# in the libcxx build). Against the install it also takes the build type's flags and the
# linker's (the sanitizers'), so it links with the installed library; through add_subdirectory
# it builds the library itself, without optimisation or debug information: the quickest build
# (about 30 s on 2 cores) that shows the library compiles and links as a subproject.
# Fails with the step's output when a step fails or the program's line is wrong.
cmake_minimum_required(VERSION 3.25)

function(step what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        message(FATAL_ERROR "consumer (${ROUTE}): ${what} failed (${status}):\n${out}")
    endif()
    set(step_output "${out}" PARENT_SCOPE)
endfunction()

set(build "${WORK_DIR}/${ROUTE}")
set(configure_args -S "${SOURCE_DIR}/tests/consumer" -B "${build}")
if(GENERATOR)
    list(APPEND configure_args -G "${GENERATOR}")
endif()
if(MAKE_PROGRAM)
    list(APPEND configure_args "-DCMAKE_MAKE_PROGRAM=${MAKE_PROGRAM}")
endif()
if(CXX)
    list(APPEND configure_args "-DCMAKE_CXX_COMPILER=${CXX}")
endif()
list(APPEND configure_args "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}")
if(ROUTE STREQUAL "install")
    if(BUILD_TYPE)
        string(TOUPPER "${BUILD_TYPE}" config)
        list(APPEND configure_args "-DCMAKE_BUILD_TYPE=${BUILD_TYPE}" "-DCMAKE_CXX_FLAGS_${config}=${CXX_FLAGS_CONFIG}")
    endif()
    list(APPEND configure_args "-DCMAKE_EXE_LINKER_FLAGS=${LINKER_FLAGS}")
else()
    list(APPEND configure_args "-DCMAKE_BUILD_TYPE=")
endif()

if(ROUTE STREQUAL "install")
    set(prefix "${WORK_DIR}/prefix")
    file(REMOVE_RECURSE "${prefix}" "${build}")
    step("cmake --install" "${CMAKE_COMMAND}" --install "${BINARY_DIR}" --prefix "${prefix}")
    foreach(file IN ITEMS include/mlp/mlp.hpp include/mlp/core/tensor.hpp include/mlp/version.hpp)
        if(NOT EXISTS "${prefix}/${file}")
            message(FATAL_ERROR "consumer (install): ${file} was not installed")
        endif()
    endforeach()
    list(APPEND configure_args "-DCMAKE_PREFIX_PATH=${prefix}")
elseif(ROUTE STREQUAL "subdirectory")
    # The build directory is kept between runs, so a second run rebuilds only what changed.
    list(APPEND configure_args "-DMLP_SOURCE_DIR=${SOURCE_DIR}")
else()
    message(FATAL_ERROR "consumer: ROUTE must be install or subdirectory, got '${ROUTE}'")
endif()

step("configuring the consumer" "${CMAKE_COMMAND}" ${configure_args})
step("building the consumer" "${CMAKE_COMMAND}" --build "${build}")
step("running the consumer" "${build}/xor")
if(NOT step_output MATCHES "^mlp ${VERSION}: XOR loss ")
    message(FATAL_ERROR "consumer (${ROUTE}): expected 'mlp ${VERSION}: XOR loss ...', got:\n${step_output}")
endif()
message(STATUS "consumer (${ROUTE}): ${step_output}")
