# SPDX-License-Identifier: MIT
# need_lldb.sh: sourced by the lldb test scripts. Exits 77 (ctest: skipped) with the reason where
# lldb is absent or cannot run Python (the formatters are a Python script). Where lldb's Python
# module is installed but lldb looks for it in the wrong folder (Debian 12's lldb 14 asks
# /usr/lib/local/...; its python3-lldb-14 installs under /usr/lib/llvm-14/), it sets PYTHONPATH
# to the module's folder, as docs/debugging.md tells a student to.
if ! command -v lldb >/dev/null 2>&1; then
    echo "SKIPPED: lldb is not installed, so the lldb tests cannot run here."
    echo "         Install it (Debian/Ubuntu: sudo apt install lldb python3-lldb-14) and run ctest again."
    exit 77
fi
lldb_python_ok() {
    lldb -b -x -o 'script print("python " + "ok")' 2>/dev/null | grep -q 'python ok'
}
if ! lldb_python_ok; then
    version=$(lldb --version 2>/dev/null | sed -n 's/^lldb version \([0-9]*\)\..*/\1/p')
    for dir in /usr/lib/llvm-"$version"/lib/python3*/dist-packages /usr/lib/llvm-"$version"/lib/python3/dist-packages; do
        if [ -f "$dir/lldb/embedded_interpreter.py" ]; then
            PYTHONPATH="$dir${PYTHONPATH:+:$PYTHONPATH}"
            export PYTHONPATH
            break
        fi
    done
    if ! lldb_python_ok; then
        echo "SKIPPED: this lldb cannot run Python (is python3-lldb-$version installed?), so it cannot"
        echo "         load tools/lldb/mlp_lldb.py."
        exit 77
    fi
fi
