#!/bin/sh
# SPDX-License-Identifier: MIT
# run_guide.sh: docs/debugging.md's transcript of a gdb session against what gdb prints today
# (check_guide.py). Exit status: 0 agrees, 1 differs, 77 skipped (no gdb, or no python3).
#
#   sh run_guide.sh <repository root> <program> <commands.gdb>
set -u
. "$(dirname "$0")/need_gdb.sh"
command -v python3 >/dev/null 2>&1 || { echo "SKIPPED: python3 is not installed"; exit 77; }
exec python3 "$(dirname "$0")/check_guide.py" "$1" "$2" "$3" "$1/docs/debugging.md"
