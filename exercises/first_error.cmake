# SPDX-License-Identifier: MIT
# first_error.cmake: the compiler's first error in a build's output, without the folder: what a
# student reads first and fixes first. run_all.cmake and grade_class.cmake both include it.
#   first_compiler_error(<output> <result variable>)
function(first_compiler_error out result)
    # "file.cpp:20:14: error: ...": a compiler's diagnostic, not the command line above it, whose
    # -Werror would match a plain "error".
    string(REGEX MATCH "[^\n]*: (fatal )?error:[^\n]*" first "${out}")
    if(first STREQUAL "")
        string(REGEX MATCH "[^\n]*error[^\n]*" first "${out}")
    endif()
    string(REGEX REPLACE "^[^\n]*/([^/\n]*:[0-9]+:[0-9]+:)" "\\1" first "${first}")
    set(${result} "${first}" PARENT_SCOPE)
endfunction()
