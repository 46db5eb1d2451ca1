#!/bin/sh
# SPDX-License-Identifier: MIT
# run_lldb.sh: runs real lldb in batch mode over a program built at -O0 -g3, with the project's
# formatters loaded the way docs/debugging.md says, and checks what lldb printed: the lldb twin of
# tests/gdb/run_gdb.sh, with the same expectations format (tests/gdb/expectations.awk).
#
#   sh run_lldb.sh <repository root> <program> <commands.lldb> <expectations>
#
# Exit status: 0 passed, 1 failed (lldb's whole output is printed), 77 skipped (no lldb here).
set -u
root=$1 program=$2 commands=$3 expectations=$4

. "$(dirname "$0")/need_lldb.sh"

cd "$root" || exit 1
# -x: no ~/.lldbinit, so only the project's formatters are loaded.
output=$(lldb -b -x -o "command script import tools/lldb/mlp_lldb.py" -s "$commands" "$program" 2>&1 </dev/null)

case $output in
    *"Operation not permitted"*|*"failed to attach"*|*"ptrace"*)
        echo "$output"
        echo "FAILED: lldb may not trace programs on this machine (in a container, run it with"
        echo "        --cap-add=SYS_PTRACE, or set kernel.yama.ptrace_scope to 0)."
        exit 1 ;;
esac

printf '%s\n' "$output" | awk -v expectations="$expectations" -v debugger=lldb \
    -f "$(dirname "$0")/../gdb/expectations.awk"
status=$?
if [ $status -ne 0 ]; then
    echo "---- what lldb printed ----"
    printf '%s\n' "$output"
    exit 1
fi
echo "lldb printed everything expected ($(grep -c . "$expectations") lines of $expectations checked)"
exit 0
