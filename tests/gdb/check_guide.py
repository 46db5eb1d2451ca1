# SPDX-License-Identifier: MIT
# check_guide.py: the debugging guide's transcripts against what gdb prints today. Runs gdb on a
# program with a commands file, each command preceded by a marker, and checks that every
# "(gdb) command" block of the guide holds, for each command, lines gdb printed for it, in order,
# and that every "file.cpp:LINE" the guide mentions (prose too) is one gdb printed. Only the part
# of the guide between "<!-- checked by tests/gdb/NAME.gdb -->" and "<!-- end of checked -->" is
# read, NAME being the commands file's. Addresses,
# process ids and the build folder's path are not compared. With --update it rewrites the guide's
# blocks from gdb's output instead (the guide's commands stay; read the prose after).
#
#   python3 check_guide.py [--update] <repository root> <program> <commands.gdb> <guide.md>
# Exit status: 0 agrees, 1 differs (what differs is printed).
import os
import re
import subprocess
import sys
import tempfile

MARK = "@@@ "


def normalise(line):
    line = line.rstrip()
    line = re.sub(r"0x[0-9a-f]+", "0x...", line)
    line = re.sub(r"process \d+", "process N", line)
    line = re.sub(r"Starting program: \S*/(build/)", r"Starting program: \1", line)
    line = re.sub(r"[^\s(\"']*/((?:src|examples|include|tests)/)", r"\1", line)
    return line


# What gdb prints only to a terminal, never in batch mode: the guide may show it, unchecked.
TERMINAL_ONLY = ("Continuing.", "Run till exit from", "Starting program:", "(More stack frames follow...)")


def shown(line):
    """gdb's line as the guide shows it: paths from the repository root, not the build folder."""
    line = line.rstrip()
    line = re.sub(r"Starting program: \S*/(build/)", r"Starting program: \1", line)
    return re.sub(r"[^\s(\"']*/((?:src|examples|include|tests)/)", r"\1", line)


def run_gdb(root, program, commands):
    script = []
    for line in open(commands, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        script.append("echo " + MARK + line.replace("\\", "\\\\") + "\\n")
        script.append(line)
    with tempfile.NamedTemporaryFile("w", suffix=".gdb", delete=False, encoding="utf-8") as f:
        f.write("\n".join(script) + "\n")
        marked = f.name
    out = subprocess.run(["gdb", "-batch", "-nx", "-iex", "set auto-load local-gdbinit off",
                          "-x", "tools/gdb/mlp_gdb.py", "-x", marked, program],
                         cwd=root, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    os.unlink(marked)
    steps = []  # (command, [output lines])
    for line in (out.stdout + out.stderr).splitlines():
        if line.startswith(MARK):
            steps.append((line[len(MARK):], []))
        elif steps:
            steps[-1][1].append(line)
    return steps, out.stdout + out.stderr


def guide_blocks(text):
    """The fenced blocks whose lines start with "(gdb) ": (start, end, [(command, [lines])])."""
    blocks = []
    for m in re.finditer(r"^```\n(.*?)^```\n", text, re.S | re.M):
        body = m.group(1)
        if not body.startswith("(gdb) "):
            continue
        steps = []
        for line in body.splitlines():
            if line.startswith("(gdb) "):
                steps.append((line[len("(gdb) "):], []))
            else:
                steps[-1][1].append(line)
        blocks.append((m.start(1), m.end(1), steps))
    return blocks


def main():
    args = sys.argv[1:]
    update = args and args[0] == "--update"
    if update:
        args = args[1:]
    root, program, commands, guide = args
    steps, raw = run_gdb(root, program, commands)
    whole = open(guide, encoding="utf-8").read()
    begin_mark = "<!-- checked by tests/gdb/%s -->" % commands.replace("\\", "/").split("/")[-1]
    if begin_mark not in whole:
        print("FAILED: %s has no section marked %s" % (guide, begin_mark))
        return 1
    region_start = whole.index(begin_mark)
    region_end = whole.index("<!-- end of checked -->", region_start)
    text = whole[region_start:region_end]
    problems = []
    at = 0  # the next gdb step a guide command may match
    replacements = []
    for start, end, block in guide_blocks(text):
        body = []
        for command, lines in block:
            k = next((i for i in range(at, len(steps)) if steps[i][0] == command), None)
            if k is None:
                problems.append("the guide's command \"%s\" is not in %s (after step %d)" % (command, commands, at))
                continue
            at = k + 1
            actual = [normalise(l) for l in steps[k][1]]
            body.append("(gdb) " + command)
            body.extend(shown(l) for l in steps[k][1])
            i = 0
            for line in lines:
                want = normalise(line)
                if not want or want.startswith(TERMINAL_ONLY):
                    continue
                while i < len(actual) and actual[i] != want:
                    i += 1
                if i == len(actual):
                    problems.append("after \"(gdb) %s\" the guide shows\n      %s\n    which gdb did not print there" %
                                    (command, line))
                    break
                i += 1
        replacements.append((start, end, "\n".join(body) + "\n"))
    printed = set()
    for line in raw.splitlines():
        printed.update(re.findall(r"((?:src|examples|include)/[\w/]+\.(?:cpp|hpp):\d+)", normalise(line)))
    for ref in sorted(set(re.findall(r"((?:src|examples|include)/[\w/]+\.(?:cpp|hpp):\d+)", text))):
        if ref not in printed:
            problems.append("the guide mentions %s, which gdb did not print in this session" % ref)
    if update:
        for start, end, body in reversed(replacements):
            text = text[:start] + body + text[end:]
        open(guide, "w", encoding="utf-8").write(whole[:region_start] + text + whole[region_end:])
        print("rewrote %d blocks of %s from gdb's output" % (len(replacements), guide))
        return 0
    if problems:
        print("FAILED: %s no longer says what gdb prints:" % guide)
        for p in problems:
            print("  - " + p)
        return 1
    print("%s agrees with gdb: %d blocks, %d commands" % (guide, len(replacements),
                                                        sum(len(b[2]) for b in guide_blocks(text))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
