#!/bin/sh
# SPDX-License-Identifier: MIT
# vscode_launch.sh: checks the shipped VS Code configuration (.vscode/launch.json, tasks.json):
# both files parse, every program, task and script they name exists after the debug build
# (tests/gdb/vscode_files.py), each configuration builds its program first, and each gdb
# configuration's setupCommands run cleanly in a fresh gdb and make tensors print in the "rows"
# layout an IDE expands (tests/lldb/vscode_launch.sh runs the lldb configurations'). VS Code
# itself is not needed: the C/C++ extension hands these commands to gdb, and this script does the
# same (tests/gdb/vscode_launch.py, in gdb's Python).
#
#   sh vscode_launch.sh <repository root> <a -O0 -g3 build of the XOR lesson>
#
# Exit status: 0 passed, 1 failed, 77 skipped (no gdb, or a gdb without Python).
set -u
root=$1 program=$2

. "$(dirname "$0")/need_gdb.sh"
cd "$root" || exit 1

index=0
while :; do
    # -nx: nothing but the configuration's own setupCommands loads the printer.
    output=$(gdb -batch -nx -ex "python root = '$root'; index = $index" -x tests/gdb/vscode_launch.py \
                 -ex 'break mlp::Dense::backward' -ex run -ex 'print x_' "$program" 2>&1 </dev/null)
    case $output in
        *"vscode: no configuration $index"*)
            [ "$index" -gt 0 ] || { echo "$output"; echo "FAILED: launch.json has no configuration"; exit 1; }
            echo "all $index launch configurations checked"
            exit 0 ;;
    esac
    # The first Dense::backward of the XOR lesson is the output layer's: its input is (4, 8). In
    # the rows layout it prints as a summary line and then its rows.
    case $output in
        *"vscode: FAILED"*|*"Python Exception"*|*"Traceback"*) ok=no ;;
        *"vscode: configuration $index ("*") is not gdb's"*) ok=yes ;;
        *"vscode: configuration $index ("*"= Tensor(4, 8) ["*"] = {{"*) ok=yes ;;
        *) ok=no ;;
    esac
    if [ $ok = no ]; then
        printf '%s\n' "$output"
        echo "FAILED: launch configuration $index (gdb's whole output is above)"
        exit 1
    fi
    printf '%s\n' "$output" | grep '^vscode: '
    index=$((index + 1))
done
