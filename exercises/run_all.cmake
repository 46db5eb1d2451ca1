# run_all.cmake: runs each exercise program (PROGRAMS, separated by '|'), shows its verdict, and
# counts the ones that pass. Used by the check_exercises target.
string(REPLACE "|" ";" programs "${PROGRAMS}")
set(passed 0)
set(total 0)
foreach(program IN LISTS programs)
    math(EXPR total "${total} + 1")
    execute_process(COMMAND "${program}" RESULT_VARIABLE status)
    if(status EQUAL 0)
        math(EXPR passed "${passed} + 1")
    endif()
endforeach()
message("${passed} of ${total} exercises passed")
