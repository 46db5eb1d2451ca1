# SPDX-License-Identifier: MIT
# vscode_launch.py: run by gdb's own Python (tests/gdb/vscode_launch.sh), so the test needs no
# Python of its own. Checks .vscode/launch.json and tasks.json against the build, then runs the
# setupCommands of configuration number `index` the way the C/C++ extension sends them to gdb.
# Expects `root` (the repository) and `index` to be set first: -ex "python root = '...'; index = 0"
import json
import re

import gdb

problems = []


def load_json(path):
    try:
        with open(root + "/" + path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append("%s does not parse as JSON: %s" % (path, e))
        return None


launch = load_json(".vscode/launch.json")
tasks = load_json(".vscode/tasks.json")
with open(root + "/examples/CMakeLists.txt") as f:
    lessons = re.findall(r"^mlp_lesson\((\w+)\)", f.read(), re.M)
configurations = launch["configurations"] if launch else []

if launch and tasks and index < len(configurations):
    c = configurations[index]
    name = c.get("name", "configuration %d" % index)
    by_label = {t["label"]: t for t in tasks["tasks"]}
    for key, wanted in [("type", "cppdbg"), ("request", "launch"), ("MIMode", "gdb"), ("cwd", "${workspaceFolder}")]:
        if c.get(key) != wanted:
            problems.append("%s: expected %s %r, got %r" % (name, key, wanted, c.get(key)))
    # The program must be a lesson, where the debug preset puts it (binaryDir build/${presetName}).
    program = re.fullmatch(r"\$\{workspaceFolder\}/build/debug/examples/(\w+)", c.get("program", ""))
    lesson = program.group(1) if program else None
    if lesson not in lessons:
        problems.append("%s: program %r is not build/debug/examples/<a lesson of examples/CMakeLists.txt>"
                        % (name, c.get("program")))
    # Its preLaunchTask must build that lesson with the debug preset, after configuring it.
    task = by_label.get(c.get("preLaunchTask"))
    if task is None:
        problems.append("%s: preLaunchTask %r is not a task of tasks.json" % (name, c.get("preLaunchTask")))
    else:
        args = task.get("args", [])
        if task.get("command") != "cmake" or args[:3] != ["--build", "--preset", "debug"] or \
                "--target" not in args or lesson not in args[args.index("--target") + 1:]:
            problems.append("%s: task %r does not build %s with the debug preset: %r" % (name, task["label"], lesson, args))
        configure = [by_label.get(label) for label in task.get("dependsOn", [])]
        if not any(t and t.get("args") == ["--preset", "debug"] for t in configure):
            problems.append("%s: task %r does not depend on configuring the debug preset" % (name, task["label"]))
    # The setup commands, as the extension sends them: MI commands (a leading '-') as they are,
    # console commands through interpreter-exec.
    texts = [s["text"].replace("${workspaceFolder}", root) for s in c.get("setupCommands", [])]
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
