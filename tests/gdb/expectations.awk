# SPDX-License-Identifier: MIT
# expectations.awk: checks a debugger's output (stdin) against an expectations file, for the gdb
# and lldb tests (tests/gdb/run_gdb.sh, tests/lldb/run_lldb.sh).
#
#   awk -v expectations=FILE -v debugger=gdb -f expectations.awk < output
#
# The expectations file holds one fixed string per line; each must appear in the output, in the
# order given (several may match on one line). A line starting with '!' is text that must appear
# nowhere; lines starting with '# ' (hash, space) and blank lines are comments.
# Exit status: 0 all found, 1 not (what is missing is printed).
BEGIN {
    wanted = 0; forbidden = 0
    while ((getline line < expectations) > 0) {
        if (line == "" || substr(line, 1, 2) == "# ") continue
        if (substr(line, 1, 1) == "!") forbidden_text[++forbidden] = substr(line, 2)
        else wanted_text[++wanted] = line
    }
    next_wanted = 1; failed = 0
}
{
    for (f = 1; f <= forbidden; f++)
        if (index($0, forbidden_text[f])) {
            printf "FAILED: %s printed \"%s\", which it must not: %s\n", debugger, forbidden_text[f], $0
            failed = 1
        }
    while (next_wanted <= wanted && index($0, wanted_text[next_wanted])) next_wanted++
}
END {
    if (next_wanted <= wanted) {
        printf "FAILED: expected %s to print \"%s\" (expectation %d of %d, in order)\n",
               debugger, wanted_text[next_wanted], next_wanted, wanted
        failed = 1
    }
    exit failed
}
