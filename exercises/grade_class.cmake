# SPDX-License-Identifier: MIT
# grade_class.cmake: grades a whole class in one command.
#
#   cmake -P exercises/grade_class.cmake -- <class folder> [<build folder>]
#   cmake -DEXERCISES="1;2" -P exercises/grade_class.cmake -- <class folder>    (only exercises 1 and 2)
#
# <class folder> holds one folder per student (the folder's name is the student's), each with the
# exercise files (01_activation.cpp, ...). Every exercise of every student is built and graded on
# its own, so one file that does not compile costs only its own cell. Prints a table of student x
# exercise and writes it as CSV (<build folder>/grades.csv, or -DCSV=<file>); each verdict is kept
# in <build folder>/verdicts/<student>/exerciseN.txt; a file that does not compile is named under
# the table with the compiler's first error. Exits 0 when the grading ran, whatever the grades (the
# table and the CSV say how each student did); non-zero only when it could not grade (a misspelt
# folder, no student folders). The build folder (default: build/class-<class folder's name>) is shared
# by the class: the library is compiled once, and each student's files are built in turn.
cmake_minimum_required(VERSION 3.25)
include(${CMAKE_CURRENT_LIST_DIR}/exercise_list.cmake)
get_filename_component(source_dir "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)

# The arguments after the script's name (a leading "--" is skipped).
set(args "")
set(after_script OFF)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
    math(EXPR before "${i} - 1")
    if(after_script)
        if(NOT (CMAKE_ARGV${i} STREQUAL "--" AND NOT args))
            list(APPEND args "${CMAKE_ARGV${i}}")
        endif()
    elseif(CMAKE_ARGV${before} STREQUAL "-P")
        set(after_script ON)
    endif()
endforeach()
list(LENGTH args count)
if(count LESS 1 OR count GREATER 2)
    message(FATAL_ERROR "grade_class: expected a class folder (and optionally a build folder), got ${count} "
        "arguments.\nUsage: cmake -P exercises/grade_class.cmake -- <class folder> [<build folder>]")
endif()
list(GET args 0 class_dir)
get_filename_component(class_dir "${class_dir}" ABSOLUTE)
if(NOT IS_DIRECTORY "${class_dir}")
    message(FATAL_ERROR "grade_class: expected a class folder with one folder per student, but "
        "'${class_dir}' does not exist")
endif()
get_filename_component(class_name "${class_dir}" NAME)
if(count EQUAL 2)
    list(GET args 1 build_dir)
    get_filename_component(build_dir "${build_dir}" ABSOLUTE)
else()
    set(build_dir "${source_dir}/build/class-${class_name}")
endif()
if(NOT DEFINED CSV)
    set(CSV "${build_dir}/grades.csv")
endif()

# Which exercises: all, or the numbers in EXERCISES.
set(files "")
foreach(file IN LISTS MLP_EXERCISE_FILES)
    string(SUBSTRING ${file} 0 2 number)
    math(EXPR number "${number}")
    if(NOT DEFINED EXERCISES OR number IN_LIST EXERCISES)
        list(APPEND files ${file})
    endif()
endforeach()
if(NOT files)
    list(LENGTH MLP_EXERCISE_FILES last_number)
    message(FATAL_ERROR "grade_class: EXERCISES='${EXERCISES}' names no exercise; they are numbered 1 to "
        "${last_number}")
endif()

file(GLOB entries LIST_DIRECTORIES true "${class_dir}/*")
list(SORT entries)
set(students "")
foreach(entry IN LISTS entries)
    if(IS_DIRECTORY "${entry}")
        list(APPEND students "${entry}")
    endif()
endforeach()
if(NOT students)
    list(JOIN files ", " expected)
    message(FATAL_ERROR "grade_class: '${class_dir}' holds no student folders; expected one folder per "
        "student, each with the exercise files (${expected})")
endif()

# The table's first column is as wide as the longest name.
set(width 7)
foreach(student_dir IN LISTS students)
    get_filename_component(student "${student_dir}" NAME)
    string(LENGTH "${student}" length)
    if(length GREATER width)
        set(width ${length})
    endif()
endforeach()

cmake_host_system_information(RESULT jobs QUERY NUMBER_OF_LOGICAL_CORES)
set(rows "")          # one CSV line per student
set(table "")         # one printed line per student
set(failures 0)
set(cells 0)
set(compile_notes "")  # one line per file that does not compile: the compiler's first error
foreach(student_dir IN LISTS students)
    get_filename_component(student "${student_dir}" NAME)
    message(STATUS "Grading ${student}")
    set(verdicts "${build_dir}/verdicts/${student}")
    file(MAKE_DIRECTORY "${verdicts}")
    set(present "")
    foreach(file IN LISTS files)
        if(EXISTS "${student_dir}/${file}")
            list(APPEND present ${file})
        endif()
    endforeach()
    set(configured OFF)
    if(present)
        # The exercises preset, pointed at this student's folder: -O0 -g, checked tensor access.
        execute_process(
            COMMAND ${CMAKE_COMMAND} --preset exercises -B "${build_dir}" "-DMLP_EXERCISES_DIR=${student_dir}"
            WORKING_DIRECTORY "${source_dir}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
        file(WRITE "${verdicts}/configure.txt" "${out}")
        if(status EQUAL 0)
            set(configured ON)
        else()
            message(WARNING "grade_class: configuring for ${student} failed; see ${verdicts}/configure.txt")
        endif()
    endif()
    # CSV: a name with a comma or a quote is quoted, its quotes doubled.
    set(row "${student}")
    if(student MATCHES "[,\"]")
        string(REPLACE "\"" "\"\"" row "${student}")
        set(row "\"${row}\"")
    endif()
    string(LENGTH "${student}" length)
    math(EXPR pad "${width} - ${length}")
    string(REPEAT " " ${pad} spaces)
    set(line "${student}${spaces}")
    set(passed 0)
    foreach(file IN LISTS files)
        string(SUBSTRING ${file} 0 2 number)
        math(EXPR number "${number}")
        set(program "${build_dir}/exercises/exercise${number}")
        if(NOT file IN_LIST present)
            set(cell "missing")
        elseif(NOT configured)
            set(cell "no build")
        else()
            file(REMOVE "${program}")  # never grade the previous student's program
            execute_process(COMMAND ${CMAKE_COMMAND} -E env LC_ALL=C
                    ${CMAKE_COMMAND} --build "${build_dir}" --target exercise${number} -j ${jobs}
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out)
            if(NOT status EQUAL 0 OR NOT EXISTS "${program}")
                set(cell "compile error")
                file(WRITE "${verdicts}/exercise${number}.txt" "${out}")
                # The compiler's first error, without the folder, for the lines under the table.
                set(first "")
                # "file.cpp:20:14: error: ...": a compiler's diagnostic, not the command line above
                # it, whose -Werror would match a plain "error".
                string(REGEX MATCH "[^\n]*: (fatal )?error:[^\n]*" first "${out}")
                if(first STREQUAL "")
                    string(REGEX MATCH "[^\n]*error[^\n]*" first "${out}")
                endif()
                string(REGEX REPLACE "^[^\n]*/([^/\n]*:[0-9]+:[0-9]+:)" "\\1" first "${first}")
                string(APPEND compile_notes "${student}, exercise ${number} does not compile: ${first}\n")
            else()
                execute_process(COMMAND "${program}" RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE out
                    TIMEOUT 300)
                file(WRITE "${verdicts}/exercise${number}.txt" "${out}")
                if(status EQUAL 0)
                    set(cell "PASS")
                    math(EXPR passed "${passed} + 1")
                elseif(status EQUAL 1)
                    set(cell "not yet")
                else()
                    set(cell "crashed")  # a timeout or a signal the crash guard could not catch
                endif()
            endif()
        endif()
        math(EXPR cells "${cells} + 1")
        if(NOT cell STREQUAL "PASS")
            math(EXPR failures "${failures} + 1")
        endif()
        string(APPEND row ",${cell}")
        string(LENGTH "${cell}" length)
        math(EXPR pad "14 - ${length}")
        string(REPEAT " " ${pad} spaces)
        string(APPEND line "${spaces}${cell}")
    endforeach()
    list(LENGTH files total)
    string(APPEND row ",${passed}")
    string(APPEND line "   ${passed}/${total}")
    list(APPEND rows "${row}")
    list(APPEND table "${line}")
endforeach()

# The table: a column per exercise, named by its number.
string(LENGTH "student" length)
math(EXPR pad "${width} - ${length}")
string(REPEAT " " ${pad} spaces)
set(header "student${spaces}")
set(csv_header "student")
foreach(file IN LISTS files)
    string(SUBSTRING ${file} 0 2 number)
    get_filename_component(stem "${file}" NAME_WE)
    string(APPEND header "   exercise ${number}")
    string(APPEND csv_header ",${stem}")
endforeach()
string(APPEND csv_header ",passed")
string(APPEND header "   passed")
message("")
message("${header}")
foreach(line IN LISTS table)
    message("${line}")
endforeach()
if(compile_notes)
    message("\n${compile_notes}")
endif()
list(JOIN rows "\n" csv)
file(WRITE "${CSV}" "${csv_header}\n${csv}\n")
message("")
message("Grades: ${CSV}; each verdict: ${build_dir}/verdicts/<student>/exerciseN.txt")
list(LENGTH students student_count)
math(EXPR passed_cells "${cells} - ${failures}")
message("${passed_cells} of ${cells} exercises passed (${student_count} students)")
# The exit code says the grading ran; how the students did is in the table and the CSV.
