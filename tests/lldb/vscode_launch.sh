#!/bin/sh
# SPDX-License-Identifier: MIT
# vscode_launch.sh: the lldb side of the shipped VS Code configuration. For each launch
# configuration of CodeLLDB's type "lldb": the files' checks (tests/gdb/vscode_files.py), then its
# initCommands run in a fresh lldb, in lldb's own Python, as CodeLLDB runs them before the program
# starts, and a tensor must then print in the "rows" layout an IDE expands.
#
#   sh vscode_launch.sh <repository root> <a -O0 -g3 build of the XOR lesson>
#
# Exit status: 0 passed, 1 failed, 77 skipped (no lldb, or an lldb without Python).
set -u
root=$1 program=$2

. "$(dirname "$0")/need_lldb.sh"
cd "$root" || exit 1

index=0 checked=0
while :; do
    # -x: nothing but the configuration's own initCommands loads the formatters.
    output=$(lldb -b -x \
        -o "script import sys; sys.path.insert(0, '$root/tests/gdb'); import vscode_files; vscode_files.run_lldb_configuration(lldb.debugger, '$root', $index)" \
        -o 'breakpoint set --name mlp::Dense::backward' -o run -o 'frame variable x_' "$program" 2>&1 </dev/null)
    case $output in
        *"vscode: no configuration $index"*)
            [ "$checked" -gt 0 ] || { echo "$output"; echo "FAILED: launch.json has no lldb configuration"; exit 1; }
            echo "all $checked lldb launch configurations checked (of $index)"
            exit 0 ;;
    esac
    # The first Dense::backward of the XOR lesson is the output layer's: its input is (4, 8). In
    # the rows layout it prints as a summary line and then one child per row.
    case $output in
        *"vscode: FAILED"*|*"Traceback"*|*"error: "*) ok=no ;;
        *"vscode: configuration $index ("*") is not lldb's"*) ok=skip ;;
        *"vscode: configuration $index ("*"x_ = Tensor(4, 8) ["*"[0] = ("*) ok=yes ;;
        *) ok=no ;;
    esac
    if [ $ok = no ]; then
        printf '%s\n' "$output"
        echo "FAILED: launch configuration $index (lldb's whole output is above)"
        exit 1
    fi
    [ $ok = yes ] && checked=$((checked + 1))
    printf '%s\n' "$output" | grep '^vscode: '
    index=$((index + 1))
done
