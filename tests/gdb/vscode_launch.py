# SPDX-License-Identifier: MIT
# vscode_launch.py: run by gdb's own Python (tests/gdb/vscode_launch.sh), so the test needs no
# Python of its own. Checks .vscode/launch.json and tasks.json against the build
# (tests/gdb/vscode_files.py), then runs the setupCommands of configuration number `index` the
# way the C/C++ extension sends them to gdb; an lldb configuration is left to
# tests/lldb/vscode_launch.sh. Expects `root` (the repository) and `index` to be set first:
# -ex "python root = '...'; index = 0"
import sys

import gdb

sys.path.insert(0, root + "/tests/gdb")
import vscode_files  # noqa: E402

launch, tasks, problems = vscode_files.load(root)
configurations = launch["configurations"] if launch else []
if launch and tasks:
    problems += vscode_files.check_files(root)

if launch and tasks and index < len(configurations):
    c = configurations[index]
    name = c.get("name", "configuration %d" % index)
    if c.get("type") != "cppdbg":
        gdb.write("vscode: configuration %d (%s) is not gdb's (type %r)\n" % (index, name, c.get("type")))
    else:
        if c.get("MIMode") != "gdb":
            problems.append("%s: expected MIMode 'gdb', got %r" % (name, c.get("MIMode")))
        # The setup commands, as the extension sends them: MI commands (a leading '-') as they
        # are, console commands through interpreter-exec.
        texts = [text.replace("${workspaceFolder}", root) for text in vscode_files.commands_of(c)]
        if "source %s/tools/gdb/mlp_gdb.py" % root not in texts or "set mlp-tensor-layout rows" not in texts:
            problems.append("%s: setupCommands must source tools/gdb/mlp_gdb.py and set mlp-tensor-layout rows" % name)
        for text in texts:
            try:
                if text.startswith("-"):
                    gdb.execute('interpreter-exec mi "%s"' % text.replace('"', '\\"'), to_string=True)
                else:
                    gdb.execute(text, to_string=True)
            except gdb.error as e:
                problems.append("%s: setup command %r failed: %s" % (name, text, e))
        if not problems:
            gdb.write("vscode: configuration %d (%s) checked, %d setup commands ran\n" % (index, name, len(texts)))

if index >= len(configurations) and launch:
    gdb.write("vscode: no configuration %d (%d in launch.json)\n" % (index, len(configurations)))
for p in problems:
    gdb.write("vscode: FAILED: %s\n" % p)
