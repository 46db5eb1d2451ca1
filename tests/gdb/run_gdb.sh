#!/bin/sh
# SPDX-License-Identifier: MIT
# run_gdb.sh: runs real gdb in batch mode over a program built at -O0 -g3, with the project's
# Tensor printer and skip rules loaded the way docs/debugging.md says, and checks what gdb printed.
#
#   sh run_gdb.sh <repository root> <program> <commands.gdb> <expectations>
#
# The expectations file holds one fixed string per line; each must appear in gdb's output, in the
# order given (several may match on one line). A line starting with '!' is text that must appear
# nowhere; lines starting with '# ' (hash, space) and blank lines are comments (expectations.awk).
# Exit status: 0 passed, 1 failed (gdb's whole output is printed), 77 skipped (no gdb here).
set -u
root=$1 program=$2 commands=$3 expectations=$4

. "$(dirname "$0")/need_gdb.sh"

cd "$root" || exit 1
output=$(gdb -batch -nx -x tools/gdb/mlp_gdb.py -x "$commands" "$program" 2>&1 </dev/null)

case $output in
    *"ptrace: Operation not permitted"*|*"Could not attach to process"*)
        echo "$output"
        echo "FAILED: gdb may not trace programs on this machine (in a container, run it with"
        echo "        --cap-add=SYS_PTRACE, or set kernel.yama.ptrace_scope to 0)."
        exit 1 ;;
esac

printf '%s\n' "$output" | awk -v expectations="$expectations" -v debugger=gdb \
    -f "$(dirname "$0")/expectations.awk"
status=$?
if [ $status -ne 0 ]; then
    echo "---- what gdb printed ----"
    printf '%s\n' "$output"
    exit 1
fi
echo "gdb printed everything expected ($(grep -c . "$expectations") lines of $expectations checked)"
exit 0
