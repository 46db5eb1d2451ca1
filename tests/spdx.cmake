# SPDX-License-Identifier: MIT
# spdx.cmake: every source, header, build file and script of the repository names its license
# (an SPDX line among its first two lines), so a file copied out of mlp still says MIT.
#   cmake -DROOT=<repository> -P tests/spdx.cmake
cmake_minimum_required(VERSION 3.25)
set(patterns "")
foreach(dir IN ITEMS include src tests examples exercises bench fuzz tools cmake .ci web)
    foreach(ext IN ITEMS cpp hpp py sh cmake gdb in txt js mjs css html)
        list(APPEND patterns "${ROOT}/${dir}/*.${ext}")
    endforeach()
endforeach()
file(GLOB_RECURSE files LIST_DIRECTORIES false ${patterns})
list(APPEND files "${ROOT}/CMakeLists.txt" "${ROOT}/.ci/run" "${ROOT}/.gdbinit")
set(missing "")
set(checked 0)
foreach(file IN LISTS files)
    # Data, not code: fixture numbers and fuzz corpora (the scripts beside them are checked).
    if(file MATCHES "/fixtures/.*\\.txt$|/corpus/|/node_modules/" OR (file MATCHES "\\.txt$" AND NOT file MATCHES "CMakeLists\\.txt$"))
        continue()
    endif()
    file(STRINGS "${file}" head LIMIT_COUNT 2)
    math(EXPR checked "${checked} + 1")
    if(NOT head MATCHES "SPDX-License-Identifier: MIT")
        file(RELATIVE_PATH shown "${ROOT}" "${file}")
        list(APPEND missing "${shown}")
    endif()
endforeach()
if(missing)
    list(JOIN missing "\n  " missing)
    message(FATAL_ERROR "spdx: expected '// SPDX-License-Identifier: MIT' (or '# ...' in scripts) in the "
                        "first two lines of these files, found none:\n  ${missing}")
endif()
message(STATUS "spdx: all ${checked} files name their license")
