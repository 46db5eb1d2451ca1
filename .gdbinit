# SPDX-License-Identifier: MIT
# .gdbinit: gdb reads this file when started from the repository root, once it is allowed to
# (gdb refuses local init files by default and prints the line that allows this one; see
# docs/debugging.md). Without it, load the same support with: gdb -x tools/gdb/mlp_gdb.py ...
source tools/gdb/mlp_gdb.py
