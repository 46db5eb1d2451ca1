# SPDX-License-Identifier: MIT
# need_gdb.sh: sourced by the gdb test scripts. Exits 77 (ctest: skipped) with the reason where
# gdb is absent or built without Python (the Tensor printer is a Python script).
if ! command -v gdb >/dev/null 2>&1; then
    echo "SKIPPED: gdb is not installed, so the debugger tests cannot run here."
    echo "         Install it (Debian/Ubuntu: sudo apt install gdb) and run ctest again."
    exit 77
fi
if ! gdb -batch -nx -ex 'python print("python ok")' 2>/dev/null | grep -q 'python ok'; then
    echo "SKIPPED: this gdb was built without Python, so it cannot load tools/gdb/mlp_gdb.py."
    exit 77
fi
