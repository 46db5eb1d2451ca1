# SPDX-License-Identifier: MIT
# run_all.cmake: runs each exercise program (PROGRAMS, separated by '|'), shows its verdict, and
# counts the ones that pass; the files in MISSING ('|'-separated) count as not passed. Used by the
# check_exercises target. Exits non-zero unless every exercise passed, so a script (or a
# teacher's CI) can tell "all done" from "not yet".
cmake_minimum_required(VERSION 3.25)
string(REPLACE "|" ";" programs "${PROGRAMS}")
string(REPLACE "|" ";" missing "${MISSING}")
set(passed 0)
set(total 0)
set(trouble "")
foreach(program IN LISTS programs)
    math(EXPR total "${total} + 1")
    # A student's endless loop must not hang the grading: 5 minutes is 50 times what it needs.
    execute_process(COMMAND "${program}" RESULT_VARIABLE status TIMEOUT 300)
    get_filename_component(name "${program}" NAME_WE)
    if(status EQUAL 0)
        math(EXPR passed "${passed} + 1")
    elseif(NOT status EQUAL 1)
        # 1 is "NOT YET"; anything else is a crash or a timeout the program could not report.
        list(APPEND trouble "${name} stopped without a verdict: ${status}")
    endif()
endforeach()
foreach(file IN LISTS missing)
    math(EXPR total "${total} + 1")
    list(APPEND trouble "${file} is missing")
endforeach()
foreach(line IN LISTS trouble)
    message("${line}")
endforeach()
if(total EQUAL 0)
    message(FATAL_ERROR "No exercise was built: nothing to grade.")
endif()
message("${passed} of ${total} exercises passed")
if(NOT passed EQUAL total)
    message(FATAL_ERROR "Not every exercise passed yet (${passed} of ${total}).")
endif()
