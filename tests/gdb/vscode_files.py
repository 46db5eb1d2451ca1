# SPDX-License-Identifier: MIT
# vscode_files.py: what the shipped VS Code configuration (.vscode/launch.json, tasks.json) names,
# checked against the repository and the debug build, with no debugger involved. Imported by the
# debuggers' own Python: tests/gdb/vscode_launch.py (gdb's configurations) and
# tests/lldb/vscode_launch.sh (lldb's), so neither test needs a Python of its own.
#
# Checked: both files parse; every configuration's program exists after the debug build (each
# value of an ${input:...} it uses), its preLaunchTask is a task, that task builds the program
# with the debug preset after configuring it; every task a task depends on exists; every task
# runs cmake with a preset of CMakePresets.json; every file under ${workspaceFolder} that a
# setup or init command names exists.
import json
import os
import re

WORKSPACE = "${workspaceFolder}"


def load_json(root, path, problems):
    try:
        with open(os.path.join(root, path)) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        problems.append("%s does not parse as JSON: %s" % (path, e))
        return None


def load(root):
    """(launch, tasks, problems) with launch and tasks None where they do not parse."""
    problems = []
    return load_json(root, ".vscode/launch.json", problems), load_json(root, ".vscode/tasks.json", problems), problems


def expand(text, root, inputs, choice=None):
    """Every way `text` reads once ${workspaceFolder} and each ${input:id} are filled in."""
    text = text.replace(WORKSPACE, root)
    found = re.search(r"\$\{input:(\w+)\}", text)
    if not found:
        return [text]
    options = inputs.get(found.group(1), {}).get("options", [])
    return [t for option in options for t in expand(text.replace(found.group(0), option), root, inputs)]


def commands_of(configuration):
    """The debugger commands a configuration runs before the program starts."""
    return [s["text"] for s in configuration.get("setupCommands", [])] + configuration.get("initCommands", [])


def check_configuration(root, configuration, by_label, inputs):
    problems = []
    name = configuration.get("name", "a configuration")
    if configuration.get("request") != "launch" or configuration.get("cwd") != WORKSPACE:
        problems.append("%s: expected request 'launch' and cwd %r" % (name, WORKSPACE))
    programs = expand(configuration.get("program", ""), root, inputs)
    built = re.fullmatch(re.escape(WORKSPACE) + r"/build/debug/.*/(\w+)(\$\{input:\w+\})?",
                         configuration.get("program", ""))
    if not built:
        problems.append("%s: program %r is not in build/debug, the debug preset's build"
                        % (name, configuration.get("program")))
    if not programs:
        problems.append("%s: program %r names an input with no options" % (name, configuration.get("program")))
    for program in programs:
        if not os.access(program, os.X_OK):
            problems.append("%s: program %s does not exist after the debug build" % (name, program))
    task = by_label.get(configuration.get("preLaunchTask"))
    if task is None:
        problems.append("%s: preLaunchTask %r is not a task of tasks.json" % (name, configuration.get("preLaunchTask")))
    else:
        args = task.get("args", [])
        targets = args[args.index("--target") + 1:] if "--target" in args else []
        for program in programs:
            if task.get("command") != "cmake" or args[:3] != ["--build", "--preset", "debug"] or \
                    os.path.basename(program) not in targets:
                problems.append("%s: task %r does not build %s with the debug preset: %r"
                                % (name, task["label"], os.path.basename(program), args))
        if not any(by_label.get(label, {}).get("args") == ["--preset", "debug"] for label in task.get("dependsOn", [])):
            problems.append("%s: task %r does not depend on configuring the debug preset" % (name, task["label"]))
    for command in commands_of(configuration):
        for path in re.findall(re.escape(WORKSPACE) + r"(/\S+)", command):
            if not os.path.isfile(root + path):
                problems.append("%s: command %r names %s, which does not exist" % (name, command, path[1:]))
    return problems


def check_files(root):
    """Everything both files name; a list of problems (empty when all is well)."""
    launch, tasks, problems = load(root)
    if not launch or not tasks:
        return problems
    with open(os.path.join(root, "CMakePresets.json")) as f:
        presets = json.load(f)
    preset_names = {kind: {p["name"] for p in presets.get(kind, [])}
                    for kind in ("configurePresets", "buildPresets", "workflowPresets")}
    by_label = {t["label"]: t for t in tasks["tasks"]}
    inputs = {i["id"]: i for i in launch.get("inputs", [])}
    for task in tasks["tasks"]:
        for label in task.get("dependsOn", []):
            if label not in by_label:
                problems.append("task %r depends on %r, which is not a task" % (task["label"], label))
        args = task.get("args", [])
        kind = {"--build": "buildPresets", "--workflow": "workflowPresets"}.get(args[0] if args else "", "configurePresets")
        if task.get("command") != "cmake" or "--preset" not in args or \
                args[args.index("--preset") + 1] not in preset_names[kind]:
            problems.append("task %r does not run cmake with a preset of CMakePresets.json: %r" % (task["label"], args))
    for configuration in launch["configurations"]:
        problems += check_configuration(root, configuration, by_label, inputs)
    # The exercise picker offers every exercise of exercises/exercise_list.cmake, and no other.
    with open(os.path.join(root, "exercises", "exercise_list.cmake")) as f:
        listed = [str(int(n)) for n in re.findall(r"^\s*(\d\d)_\w+\.cpp\s*$", f.read(), re.M)]
    offered = inputs.get("exercise", {}).get("options", [])
    if offered != listed:
        problems.append("launch.json's exercise input offers %r; exercises/exercise_list.cmake lists %r" % (offered, listed))
    return problems


def run_lldb_configuration(debugger, root, index):
    """Runs the initCommands of launch configuration `index` in lldb, as CodeLLDB does before it
    starts the program, after checking the files. Prints "vscode: ..." lines for the test."""
    import lldb

    launch, tasks, problems = load(root)
    configurations = launch["configurations"] if launch else []
    if index >= len(configurations):
        print("vscode: no configuration %d (%d in launch.json)" % (index, len(configurations)))
        return
    configuration = configurations[index]
    name = configuration.get("name", "configuration %d" % index)
    if configuration.get("type") != "lldb":
        print("vscode: configuration %d (%s) is not lldb's (type %r)" % (index, name, configuration.get("type")))
        return
    problems += check_files(root) if not problems else []
    commands = [c.replace(WORKSPACE, root) for c in configuration.get("initCommands", [])]
    if "command script import %s/tools/lldb/mlp_lldb.py" % root not in commands or "mlp-tensor-layout rows" not in commands:
        problems.append("%s: initCommands must import tools/lldb/mlp_lldb.py and run mlp-tensor-layout rows" % name)
    for command in commands:
        result = lldb.SBCommandReturnObject()
        debugger.GetCommandInterpreter().HandleCommand(command, result)
        if not result.Succeeded():
            problems.append("%s: init command %r failed: %s" % (name, command, result.GetError()))
    for p in problems:
        print("vscode: FAILED: %s" % p)
    if not problems:
        print("vscode: configuration %d (%s) checked, %d init commands ran" % (index, name, len(commands)))
