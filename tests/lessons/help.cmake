# SPDX-License-Identifier: MIT
# Every lesson answers --help (exit 0) with what it shows, its options, the files it writes and
# how long it takes; an unknown option exits 2 and lists the valid ones.
#   cmake -DDIR=<folder of the built lessons> -DLESSONS="xor;iris;..." [-DEMULATOR="wine|..." -DSUFFIX=.exe] -P help.cmake
string(REPLACE "|" ";" emulator "${EMULATOR}")  # empty unless cross-compiled
foreach(lesson IN LISTS LESSONS)
    execute_process(COMMAND ${emulator} "${DIR}/${lesson}${SUFFIX}" --help RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    if(NOT code STREQUAL "0")
        message(FATAL_ERROR "${lesson} --help: expected exit code 0, got ${code}\n${out}${err}")
    endif()
    foreach(part "usage: ${lesson}" "--data DIR" "--out DIR" "--quick" "--update-repo" "--help" "\nwrites: " "\ntakes:  ")
        string(FIND "${out}" "${part}" at)
        if(at EQUAL -1)
            message(FATAL_ERROR "${lesson} --help: expected \"${part}\" in\n${out}")
        endif()
    endforeach()
    string(FIND "${out}" "TAKES_" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "${lesson} --help: the time it takes was never filled in\n${out}")
    endif()
    execute_process(COMMAND ${emulator} "${DIR}/${lesson}${SUFFIX}" --no-such-option RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
    string(FIND "${err}" "valid: --data DIR, --out DIR, --quick, --update-repo, --help" at)
    if(NOT code STREQUAL "2" OR at EQUAL -1)
        message(FATAL_ERROR "${lesson} --no-such-option: expected exit code 2 and the valid options, got ${code}\n${err}")
    endif()
endforeach()
list(LENGTH LESSONS n)
message(STATUS "${n} lessons answer --help and list their options for an unknown one")
