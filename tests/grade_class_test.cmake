# SPDX-License-Identifier: MIT
# grade_class_test.cmake: the teacher's class-grading command (exercises/grade_class.cmake) on
# three students made here, in WORK_DIR:
#   alice  exercises 1, 2 and 11 solved (tests/fixtures/exercises/solutions)  -> PASS, PASS, PASS
#   bob    the untouched starters 1 and 11, and a 2 that does not compile   -> not yet, compile error, not yet
#   carol  exercise 1 solved, exercises 2 and 11 missing                    -> PASS, missing, missing
# and, graded on exercise 10 alone, alice's solved one (PASS) and bob's untouched starter (not yet).
# It must print the table, write the CSV, name bob's compile error, and exit 0 (the grading ran,
# whatever the grades); a class of alice alone exits 0 too; a
# misspelt class folder and a class without student folders are clear errors.
cmake_minimum_required(VERSION 3.25)
set(fixtures "${SOURCE_DIR}/tests/fixtures/exercises/solutions")
set(starters "${SOURCE_DIR}/exercises/starters")
set(class "${WORK_DIR}/class")
set(build "${WORK_DIR}/build")
file(REMOVE_RECURSE "${class}" "${WORK_DIR}/alone" "${WORK_DIR}/empty")
file(MAKE_DIRECTORY "${class}/alice" "${class}/bob" "${class}/carol" "${WORK_DIR}/alone/alice" "${WORK_DIR}/empty")
set(solved "${fixtures}/01_activation.cpp" "${fixtures}/02_dense_backward.cpp" "${fixtures}/11_gradient_check.cpp")
file(COPY ${solved} DESTINATION "${class}/alice")
file(COPY ${solved} DESTINATION "${WORK_DIR}/alone/alice")
file(COPY "${starters}/01_activation.cpp" "${starters}/11_gradient_check.cpp" DESTINATION "${class}/bob")
file(WRITE "${class}/bob/02_dense_backward.cpp" "this is not C++\n")
file(COPY "${fixtures}/01_activation.cpp" DESTINATION "${class}/carol")

set(exercises "1;2;11")  # which exercises grade() grades
function(grade expect_success)
    execute_process(COMMAND ${CMAKE_COMMAND} "-DEXERCISES=${exercises}" -P "${SOURCE_DIR}/exercises/grade_class.cmake" -- ${ARGN}
        RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
    set(status "${status}" PARENT_SCOPE)
    set(out "${out}${err}" PARENT_SCOPE)
    message("---- grade_class ${ARGN}: exit ${status}\n${out}${err}")
endfunction()

# The table's lines are matched as they are printed; CMake wraps the lines of an error message,
# so a text not found as it is is looked for again with every run of spaces and newlines as one.
function(expect text)
    string(FIND "${out}" "${text}" at)
    if(at EQUAL -1)
        string(REGEX REPLACE "[ \n]+" " " flat_out "${out}")
        string(REGEX REPLACE "[ \n]+" " " flat_text "${text}")
        string(FIND "${flat_out}" "${flat_text}" at)
    endif()
    if(at EQUAL -1)
        message(FATAL_ERROR "expected the output to contain '${text}'")
    endif()
endfunction()

# The class: a table, a CSV, bob's compile error named under it, exit 0.
grade(OFF "${class}" "${build}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "grading a class where exercises fail exited ${status}: the grading itself ran")
endif()
expect("student   exercise 01   exercise 02   exercise 11   passed")
expect("alice            PASS          PASS          PASS   3/3")
expect("bob           not yet compile error       not yet   0/3")
expect("carol            PASS       missing       missing   1/3")
expect("4 of 9 exercises passed (3 students)")
expect("bob, exercise 2 does not compile: 02_dense_backward.cpp:1:1: error:")
foreach(alarm "CMake Error" "FAILED:")
    string(FIND "${out}" "${alarm}" at)
    if(NOT at EQUAL -1)
        message(FATAL_ERROR "expected no '${alarm}' in the output of a grading that ran")
    endif()
endforeach()
file(READ "${build}/grades.csv" csv)
string(CONCAT expected_csv "student,01_activation,02_dense_backward,11_gradient_check,passed\nalice,PASS,PASS,PASS,3\n"
    "bob,not yet,compile error,not yet,0\ncarol,PASS,missing,missing,1\n")
if(NOT csv STREQUAL expected_csv)
    message(FATAL_ERROR "grades.csv is\n${csv}\nexpected\n${expected_csv}")
endif()
# Each verdict is kept: bob's say NOT YET with a hint, his compile error names the file.
file(READ "${build}/verdicts/bob/exercise1.txt" verdict)
if(NOT verdict MATCHES "NOT YET.*hint: ")
    message(FATAL_ERROR "bob's verdict for exercise 1 is\n${verdict}")
endif()
file(READ "${build}/verdicts/bob/exercise11.txt" verdict)
if(NOT verdict MATCHES "Exercise 11: a gradient checker of your own: NOT YET.*hint: ")
    message(FATAL_ERROR "bob's verdict for exercise 11 is\n${verdict}")
endif()
file(READ "${build}/verdicts/bob/exercise2.txt" verdict)
if(NOT verdict MATCHES "02_dense_backward.cpp")
    message(FATAL_ERROR "bob's compile log for exercise 2 does not name his file:\n${verdict}")
endif()

# Everyone passes: exit 0.
grade(ON "${WORK_DIR}/alone" "${build}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "grading a class where every exercise passes exited ${status}")
endif()
expect("3 of 3 exercises passed (1 students)")

# A later week's exercise is graded the same way: exercise 10 (BatchNorm) as its starter with the
# gaps filled passes, the untouched starter does not.
file(REMOVE_RECURSE "${WORK_DIR}/week10")
file(MAKE_DIRECTORY "${WORK_DIR}/week10/alice" "${WORK_DIR}/week10/bob")
file(COPY "${fixtures}/10_batch_norm.cpp" DESTINATION "${WORK_DIR}/week10/alice")
file(COPY "${starters}/10_batch_norm.cpp" DESTINATION "${WORK_DIR}/week10/bob")
set(exercises 10)
grade(OFF "${WORK_DIR}/week10" "${build}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "grading exercise 10 exited ${status}")
endif()
expect("student   exercise 10   passed")
expect("alice            PASS   1/1")
expect("bob           not yet   0/1")
expect("1 of 2 exercises passed (2 students)")
set(exercises "1;2;11")

# Clear errors, not "0 of 0".
grade(OFF "${WORK_DIR}/no-such-class" "${build}")
if(status EQUAL 0)
    message(FATAL_ERROR "a missing class folder exited 0")
endif()
expect("does not exist")
grade(OFF "${WORK_DIR}/empty" "${build}")
if(status EQUAL 0)
    message(FATAL_ERROR "a class folder without students exited 0")
endif()
expect("holds no student folders")
# Exercise 12 through the same command: a solved one passes, the starter does not.
file(REMOVE_RECURSE "${WORK_DIR}/svm")
file(MAKE_DIRECTORY "${WORK_DIR}/svm/dave" "${WORK_DIR}/svm/erin")
file(COPY "${fixtures}/12_svm_loss.cpp" DESTINATION "${WORK_DIR}/svm/dave")
file(COPY "${starters}/12_svm_loss.cpp" DESTINATION "${WORK_DIR}/svm/erin")
execute_process(COMMAND ${CMAKE_COMMAND} "-DEXERCISES=12" -P "${SOURCE_DIR}/exercises/grade_class.cmake" --
                        "${WORK_DIR}/svm" "${build}"
    RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
set(out "${out}${err}")
message("---- grade_class exercise 12: exit ${status}\n${out}")
if(NOT status EQUAL 0)
    message(FATAL_ERROR "grading exercise 12 exited ${status}")
endif()
expect("student   exercise 12   passed")
expect("dave             PASS   1/1")
expect("erin          not yet   0/1")
file(READ "${build}/verdicts/erin/exercise12.txt" verdict)
if(NOT verdict MATCHES "Exercise 12: multiclass SVM loss: NOT YET.*hint: ")
    message(FATAL_ERROR "erin's verdict for exercise 12 is\n${verdict}")
endif()
message("grade_class_test: all checks held")
