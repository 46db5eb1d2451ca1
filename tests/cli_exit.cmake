# SPDX-License-Identifier: MIT
# Runs the built mlp command as a script would and checks its exit code and what it printed.
#   cmake -DMLP=<path to mlp> -DCODE=<expected exit code> -DEXPECT=<text in stdout or stderr>
#         -DWORDS="<arguments, space-separated>" [-DEMULATOR="wine|..."] -P cli_exit.cmake
separate_arguments(words UNIX_COMMAND "${WORDS}")
string(REPLACE "|" ";" emulator "${EMULATOR}")  # empty unless cross-compiled
execute_process(COMMAND ${emulator} "${MLP}" ${words} RESULT_VARIABLE code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT code STREQUAL CODE)
    message(FATAL_ERROR "mlp ${WORDS}: expected exit code ${CODE}, got ${code}\nstdout: ${out}\nstderr: ${err}")
endif()
string(FIND "${out}${err}" "${EXPECT}" at)
if(at EQUAL -1)
    message(FATAL_ERROR "mlp ${WORDS}: expected \"${EXPECT}\" in its output\nstdout: ${out}\nstderr: ${err}")
endif()
message(STATUS "mlp ${WORDS}: exit code ${code}, printed \"${EXPECT}\"")
