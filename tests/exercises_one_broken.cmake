# SPDX-License-Identifier: MIT
# exercises_one_broken.cmake: the student's grading run (the check_exercises target) on a copy of
# the starters whose exercise 2 does not compile. Every other exercise must still be graded, the
# run must end with the summary table and exit 0 (the grading ran), with no build-tool alarm.
#   cmake -DSOURCE_DIR=<repository> -DWORK_DIR=<scratch folder> -P exercises_one_broken.cmake
cmake_minimum_required(VERSION 3.25)
set(student "${WORK_DIR}/student")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${student}")
file(COPY "${SOURCE_DIR}/exercises/starters/" DESTINATION "${student}")
file(WRITE "${student}/02_dense_backward.cpp" "this is not C++\n")
execute_process(COMMAND ${CMAKE_COMMAND} --preset exercises -B "${build}" "-DMLP_EXERCISES_DIR=${student}"
    WORKING_DIRECTORY "${SOURCE_DIR}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(NOT status EQUAL 0)
    message(FATAL_ERROR "configuring the exercises failed:\n${out}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build "${build}" --target check_exercises
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
message("${out}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "expected exit code 0 (the grading ran), got ${status}")
endif()
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
        message(FATAL_ERROR "expected '${text}' in the grading run's output")
    endif()
endforeach()
# exercises/README.md quotes the table of the untouched starters: it must hold the same rows (the
# starters' exercise 2 is NOT YET there) and the same count, so a new exercise is a row of it.
file(READ "${SOURCE_DIR}/exercises/README.md" readme)
foreach(text IN LISTS expected ITEMS "exercise 2  02_dense_backward.cpp           NOT YET")
    if(text MATCHES "NOT YET$|exercises passed$")
        string(FIND "${readme}" "${text}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "expected '${text}' in the summary table of exercises/README.md")
        endif()
    endif()
endforeach()
foreach(alarm "CMake Error" "FAILED:" "ninja: build stopped")
    string(FIND "${out}" "${alarm}" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "expected no '${alarm}' in the grading run's output")
    endif()
endforeach()
