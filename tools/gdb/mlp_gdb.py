# SPDX-License-Identifier: MIT
# mlp_gdb.py: gdb support for mlp. Shows an mlp::Tensor as its shape and its rows of numbers, and
# sets `skip` rules so that `step` stays in the math instead of wandering into std::vector.
#
# Load it with one line, from the repository root:
#     gdb -x tools/gdb/mlp_gdb.py build/debug/examples/xor
# or inside gdb:  (gdb) source tools/gdb/mlp_gdb.py
# The repository's .gdbinit does the same automatically once gdb is allowed to read it
# (see docs/debugging.md). Loading it twice is harmless.
#
#   (gdb) print x_
#   $1 = Tensor(4, 2)
#   [[0, 0],
#    [0, 1],
#    [1, 0],
#    [1, 1]]
#
# Settings it adds:
#   set mlp-tensor-layout matrix   the whole tensor as one aligned block (the default; best in a
#                                  terminal)
#   set mlp-tensor-layout rows     a one-line summary plus one child per row, each an array of
#                                  doubles at full precision (best in an IDE's variables pane:
#                                  the rows expand)
#   set mlp-tensor-precision N     significant digits in the matrix layout (default 6, as
#                                  std::cout prints); `print/r t` shows the raw members instead
# Big tensors are cut like NumPy does: the first and last rows and columns with "..." between.

import os
import sys

import gdb
import gdb.printing
from gdb.FrameDecorator import FrameDecorator

# The tensor's text is shared with lldb's support (tools/lldb/mlp_lldb.py), in tools/debugger/.
# This file's own path comes from its code object: gdb leaves __file__ naming the outer script
# when a Python script runs `source` on this one (as tests/gdb/vscode_launch.py does).
_here = sys._getframe().f_code.co_filename
_common = os.path.join(os.path.dirname(os.path.abspath(_here)), "..", "debugger")
if _common not in sys.path:
    sys.path.insert(0, _common)
import mlp_tensor_text as tensor_text  # noqa: E402


class TensorLayout(gdb.Parameter):
    """How mlp::Tensor values print: 'matrix' (one aligned block) or 'rows' (one child per row)."""

    set_doc = "Set how mlp::Tensor values are printed."
    show_doc = "Show how mlp::Tensor values are printed."

    def __init__(self):
        super().__init__("mlp-tensor-layout", gdb.COMMAND_DATA, gdb.PARAM_ENUM, ["matrix", "rows"])
        self.value = "matrix"

    def get_show_string(self, svalue):
        return "mlp::Tensor values print as " + svalue + "."


class TensorPrecision(gdb.Parameter):
    """Significant digits of the numbers in the matrix layout of mlp::Tensor."""

    set_doc = "Set the significant digits of mlp::Tensor numbers in the matrix layout."
    show_doc = "Show the significant digits of mlp::Tensor numbers in the matrix layout."

    def __init__(self):
        super().__init__("mlp-tensor-precision", gdb.COMMAND_DATA, gdb.PARAM_ZUINTEGER)
        self.value = 6

    def get_show_string(self, svalue):
        return "mlp::Tensor numbers print with " + svalue + " significant digits."


def _vector_storage(vector):
    """(pointer to the first double, number of doubles) of a std::vector<double>."""
    try:  # libstdc++
        impl = vector["_M_impl"]
        start, finish = impl["_M_start"], impl["_M_finish"]
    except gdb.error:  # libc++
        start, finish = vector["__begin_"], vector["__end_"]
    return start, int(finish - start)


class TensorPrinter:
    """Prints mlp::Tensor (rows_, cols_, data_: row-major doubles) as its shape and rows."""

    def __init__(self, value):
        self.value = value
        self.rows = int(value["rows_"])
        self.cols = int(value["cols_"])
        self.start, self.stored = _vector_storage(value["data_"])

    def _at(self, r, c):
        return float((self.start + (r * self.cols + c)).dereference())

    def to_string(self):
        return tensor_text.text(self.rows, self.cols, self.stored, self._at,
                                gdb.parameter("mlp-tensor-layout"),
                                int(gdb.parameter("mlp-tensor-precision")))

    def children(self):
        if gdb.parameter("mlp-tensor-layout") != "rows" or self.cols == 0 or \
                tensor_text.problem(self.rows, self.cols, self.stored) is not None:
            return
        row_type = gdb.lookup_type("double").array(self.cols - 1)
        for r in range(min(self.rows, tensor_text.kMaxChildRows)):
            row = (self.start + r * self.cols).cast(row_type.pointer()).dereference()
            yield "[%d]" % r, row

    def display_hint(self):
        return "array" if gdb.parameter("mlp-tensor-layout") == "rows" else None


def build_printer():
    printer = gdb.printing.RegexpCollectionPrettyPrinter("mlp")
    printer.add_printer("Tensor", "^mlp::Tensor$", TensorPrinter)
    return printer


# `step` enters only the project's code: the standard library's templates, and the one-line
# accessors of Tensor and Dense, are stepped over (`info skip` lists these; `skip delete` undoes).
SKIPS = [
    r"skip -gfi /usr/include/c++/*/*",
    r"skip -gfi /usr/include/c++/*/bits/*",
    r"skip -gfi /usr/include/c++/*/debug/*",
    r"skip -gfi /usr/include/c++/*/ext/*",
    r"skip -rfu ^(std|__gnu_cxx|__gnu_debug)::",
] + [
    # (gdb drops a backslash before a bracket, so brackets are spelled as classes: [(] is "(")
    r"skip -rfu ^%s::(%s)[(]" % (owner, "|".join(
        "".join("[%s]" % ch if ch in "()[]" else ch for ch in name) for name in names))
    for owner, names in tensor_text.STEP_OVER.items()
]


# The standard library's spellings as a student writes them, and a length past which a frame's
# function name is cut, so that a backtrace reads one line a frame.
SHORT_NAMES = [
    ("std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >", "std::string"),
    ("std::__cxx11::", "std::"),
]
MAX_FUNCTION_NAME = 100


def _without_parameters(name):
    """"f(std::string const&) const" -> "f": the frame's arguments are shown (or not) by gdb's
    `print frame-arguments`, so the parameter types only lengthen the line."""
    trimmed = name[:-len(" const")] if name.endswith(" const") else name
    if not trimmed.endswith(")"):
        return name
    depth = 0
    for k in range(len(trimmed) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(trimmed[k], 0)
        if depth == 0:
            return trimmed[:k] if k > 0 else name
    return name


class ShortNames(FrameDecorator):
    def function(self):
        name = super().function()
        if not isinstance(name, str):  # a frame without symbols: its address
            return name
        name = _without_parameters(name)
        for long_name, short_name in SHORT_NAMES:
            name = name.replace(long_name, short_name)
        if len(name) > MAX_FUNCTION_NAME:
            name = name[: MAX_FUNCTION_NAME - 3] + "..."
        return name


class ShortNamesFilter:
    """`bt` and `frame` show each function with ShortNames' spellings (`disable frame-filter
    global mlp-short-names` shows gdb's own)."""

    def __init__(self):
        self.name = "mlp-short-names"
        self.priority = 100
        self.enabled = True
        gdb.frame_filters[self.name] = self

    def filter(self, frames):
        return map(ShortNames, frames)


def load():
    global _mlp_loaded
    if globals().get("_mlp_loaded"):
        return
    _mlp_loaded = True
    TensorLayout()
    TensorPrecision()
    gdb.printing.register_pretty_printer(None, build_printer(), replace=True)
    ShortNamesFilter()
    for command in SKIPS:
        gdb.execute(command, to_string=True)
    # Frames show "(...)" for their arguments instead of printing every tensor argument in full
    # on each step and in every backtrace line; `info args` or `print dy` shows them.
    gdb.execute("set print frame-arguments presence")
    gdb.write("mlp: Tensor printer and skip rules loaded (tools/gdb/mlp_gdb.py)\n")


load()
