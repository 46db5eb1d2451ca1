# SPDX-License-Identifier: MIT
# run_all.cmake: the check_exercises target. Builds each exercise program on its own (so a file
# that does not compile costs only its own line), runs it to show its verdict, and ends with a
# summary table: PASS, NOT YET, "does not compile: <first error line>", crashed or missing.
#   cmake -DBUILD_DIR=<build folder> -DEXERCISES="1|2|..." -DFILES="01_activation.cpp|..."
#         -DMISSING="<files not in the student's folder>|..." [-DEMULATOR="wine|..." -DSUFFIX=.exe] -P run_all.cmake
# Exits 0 when the grading ran, whatever the verdicts (how the student did is in the table);
# non-zero only when it could not grade at all (no exercise file present).
cmake_minimum_required(VERSION 3.25)
include("${CMAKE_CURRENT_LIST_DIR}/first_error.cmake")
string(REPLACE "|" ";" numbers "${EXERCISES}")
string(REPLACE "|" ";" files "${FILES}")
string(REPLACE "|" ";" missing "${MISSING}")
string(REPLACE "|" ";" emulator "${EMULATOR}")  # empty unless cross-compiled
set(passed 0)
set(total 0)
# The summary table, a line at a time, as text (a compiler's message may hold ';', a list's separator).
set(table "")
function(add_row number file verdict)
    set(left "exercise ${number}  ${file}")
    string(LENGTH "${left}" length)
    math(EXPR pad "44 - ${length}")
    if(pad LESS 1)
        set(pad 1)
    endif()
    string(REPEAT " " ${pad} spaces)
    set(table "${table}${left}${spaces}${verdict}\n" PARENT_SCOPE)
endfunction()
set(index 0)
foreach(number IN LISTS numbers)
    list(GET files ${index} file)
    math(EXPR index "${index} + 1")
    math(EXPR total "${total} + 1")
    # LC_ALL=C: the compiler quotes with plain ' ', as a terminal without UTF-8 shows them.
    execute_process(COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C ${CMAKE_COMMAND} --build "${BUILD_DIR}" --target exercise${number}
        RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT status EQUAL 0)
        first_compiler_error("${out}" first)
        string(LENGTH "${first}" length)
        if(length GREATER 160)
            string(SUBSTRING "${first}" 0 157 first)
            string(APPEND first "...")
        endif()
        set(verdict "does not compile: ${first}")
        message("Exercise ${number}: ${verdict}")
    else()
        # A student's endless loop must not hang the grading: 5 minutes is 50 times what it needs.
        execute_process(COMMAND ${emulator} "${BUILD_DIR}/exercises/exercise${number}${SUFFIX}" RESULT_VARIABLE status TIMEOUT 300)
        if(status EQUAL 0)
            set(verdict "PASS")
            math(EXPR passed "${passed} + 1")
        elseif(status EQUAL 1)
            set(verdict "NOT YET")
        else()
            # A crash or a timeout the program could not report itself.
            set(verdict "crashed (${status})")
        endif()
    endif()
    add_row(${number} "${file}" "${verdict}")
endforeach()
foreach(file IN LISTS missing)
    math(EXPR total "${total} + 1")
    string(SUBSTRING ${file} 0 2 number)
    math(EXPR number "${number}")
    add_row(${number} "${file}" "missing (copy it from exercises/starters/)")
endforeach()
if(total EQUAL 0)
    message(FATAL_ERROR "No exercise to grade: the folder holds none of the exercise files.")
endif()
message("\nexercise    file                            verdict\n${table}")
message("${passed} of ${total} exercises passed")
