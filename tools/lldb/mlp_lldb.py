# SPDX-License-Identifier: MIT
# mlp_lldb.py: lldb support for mlp, the counterpart of tools/gdb/mlp_gdb.py. Shows an mlp::Tensor
# as its shape and its rows of numbers (the same text as gdb's printer: tools/debugger/), a layer
# as its name() and a Sequential as its layers, and keeps `step` out of the standard library and
# Tensor's one-line accessors.
#
# Load it with one line, from the repository root:
#     lldb -o "command script import tools/lldb/mlp_lldb.py" build/debug/examples/xor
# or inside lldb:  (lldb) command script import tools/lldb/mlp_lldb.py
# Loading it twice is harmless.
#
#   (lldb) p x_
#   (mlp::Tensor) $0 = Tensor(4, 2)
#   [[0, 0],
#    [0, 1],
#    [1, 0],
#    [1, 1]]
#
# Commands it adds (gdb's `set mlp-tensor-layout` and `set mlp-tensor-precision`):
#   mlp-tensor-layout matrix     the whole tensor as one aligned block (the default; best in a
#                                terminal)
#   mlp-tensor-layout rows       a one-line summary plus one child per row, each an array of
#                                doubles (best in an IDE's variables pane: the rows expand)
#   mlp-tensor-precision N       significant digits in the matrix layout (default 6, as std::cout
#                                prints); `p -R t` shows the raw members instead
# With no argument, each says its current setting.
import os
import struct
import sys

import lldb

_common = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "debugger")
if _common not in sys.path:
    sys.path.insert(0, _common)
import mlp_tensor_text as tensor_text  # noqa: E402

CATEGORY = "mlp"
settings = {"layout": "matrix", "precision": 6}


# ---------------------------------------------------------------------------------------------
# Tensor: rows_, cols_, data_ (a std::vector<double>, row-major)
# ---------------------------------------------------------------------------------------------
def _vector_storage(vector):
    """(address of the first element, number of elements, element size) of a std::vector."""
    raw = vector.GetNonSyntheticValue()
    # An expression path, not GetChildMemberWithName: the pointers sit in a base class of
    # _M_impl, which a name lookup misses in the value of an expression (`p $first->W`).
    start, finish = raw.GetValueForExpressionPath("._M_impl._M_start"), raw.GetValueForExpressionPath("._M_impl._M_finish")
    if not start.IsValid():  # libc++
        start, finish = raw.GetChildMemberWithName("__begin_"), raw.GetChildMemberWithName("__end_")
    size = start.GetType().GetPointeeType().GetByteSize() or 1
    begin = start.GetValueAsUnsigned(0)
    return begin, (finish.GetValueAsUnsigned(0) - begin) // size, size


def _storage_from_memory(valobj):
    """(first element's address, number of doubles) of a tensor's data_, read from the process at
    the offsets the program's debug information gives. For the value of an expression
    (`p $first->W`): it carries lldb's own copy of the type, in which, once other expressions have
    run, the standard library's base classes can go missing, so data_'s members cannot be named.
    Both libstdc++ and libc++ begin a std::vector with its begin and end pointers."""
    address = valobj.GetLoadAddress()
    target = valobj.GetTarget()
    program_type = target.FindFirstType("mlp::Tensor")
    if address in (0, lldb.LLDB_INVALID_ADDRESS) or not program_type.IsValid():
        return 0, 0
    offsets = {program_type.GetFieldAtIndex(k).GetName(): program_type.GetFieldAtIndex(k).GetOffsetInBytes()
               for k in range(program_type.GetNumberOfFields())}
    if "data_" not in offsets:
        return 0, 0
    error = lldb.SBError()
    process = valobj.GetProcess()
    begin = process.ReadPointerFromMemory(address + offsets["data_"], error)
    end = process.ReadPointerFromMemory(address + offsets["data_"] + target.GetAddressByteSize(), error)
    if not error.Success() or end < begin:
        return 0, 0
    return begin, (end - begin) // 8


class _Tensor:
    """A tensor's shape and numbers, read from the debugged process."""

    def __init__(self, valobj):
        raw = valobj.GetNonSyntheticValue()
        self.rows = raw.GetChildMemberWithName("rows_").GetValueAsUnsigned(0)
        self.cols = raw.GetChildMemberWithName("cols_").GetValueAsUnsigned(0)
        self.start, self.stored, _ = _vector_storage(raw.GetChildMemberWithName("data_"))
        if self.start == 0 and self.rows * self.cols > 0:
            self.start, self.stored = _storage_from_memory(raw)
        self.process = valobj.GetProcess()
        self.numbers = None

    def problem(self):
        return tensor_text.problem(self.rows, self.cols, self.stored)

    def at(self, r, c):
        # One read of the whole tensor (it is small whenever the matrix shows it whole).
        if self.numbers is None:
            count = min(self.stored, self.rows * self.cols)
            error = lldb.SBError()
            data = self.process.ReadMemory(self.start, 8 * count, error) if count else b""
            if not error.Success():
                raise ValueError("cannot read data_: %s" % error.GetCString())
            self.numbers = struct.unpack("<%dd" % count, data)
        return self.numbers[r * self.cols + c]

    def text(self):
        try:
            return tensor_text.text(self.rows, self.cols, self.stored, self.at,
                                    settings["layout"], settings["precision"])
        except ValueError as e:
            return tensor_text.shape(self.rows, self.cols) + " <" + str(e) + ">"


def tensor_summary(valobj, internal_dict):
    return _Tensor(valobj).text()


def _child_index(name):
    """A child's index from its name, "[3]" -> 3 (-1 for any other name), for both providers."""
    try:
        return int(name.strip("[]"))
    except ValueError:
        return -1


class TensorRows:
    """In the rows layout, one child per row, each a double[cols]; no children in the matrix
    layout, where the summary shows every number already."""

    def __init__(self, valobj, internal_dict):
        self.valobj = valobj
        self.update()

    def update(self):
        self.tensor = _Tensor(self.valobj)
        return False

    def num_children(self):
        t = self.tensor
        if settings["layout"] != "rows" or t.cols == 0 or t.problem() is not None:
            return 0
        return min(t.rows, tensor_text.kMaxChildRows)

    def get_child_index(self, name):
        return _child_index(name)

    def get_child_at_index(self, index):
        t = self.tensor
        row_type = self.valobj.GetTarget().GetBasicType(lldb.eBasicTypeDouble).GetArrayType(t.cols)
        return self.valobj.CreateValueFromAddress("[%d]" % index, t.start + 8 * index * t.cols, row_type)

    def has_children(self):
        return self.num_children() > 0


# ---------------------------------------------------------------------------------------------
# Layers: asked for their name(), never listed by kind
# ---------------------------------------------------------------------------------------------
def _is_layer(sbtype):
    """Whether the type is mlp::Layer or derives from it."""
    sbtype = sbtype.GetCanonicalType().GetUnqualifiedType()
    if sbtype.GetName() == "mlp::Layer":
        return True
    return any(_is_layer(sbtype.GetDirectBaseClassAtIndex(k).GetType())
               for k in range(sbtype.GetNumberOfDirectBaseClasses()))


def _string_text(value):
    """The characters of a std::string value, without quotes."""
    summary = value.GetSummary()
    if summary and len(summary) >= 2 and summary[0] == '"' and summary[-1] == '"':
        return summary[1:-1]
    return None


def layer_name(valobj):
    """The layer's own name(), "Dense(2, 8)", asked of the object in the debugged process; None
    when it cannot run (no process, or the layer not constructed)."""
    address = valobj.GetNonSyntheticValue().GetLoadAddress()
    frame = valobj.GetFrame()
    if address in (0, lldb.LLDB_INVALID_ADDRESS) or not frame.IsValid():
        return None
    options = lldb.SBExpressionOptions()
    options.SetIgnoreBreakpoints(True)
    options.SetTryAllThreads(False)
    options.SetTimeoutInMicroSeconds(2000000)
    options.SetUnwindOnError(True)
    result = frame.EvaluateExpression("((const mlp::Layer*)%d)->name()" % address, options)
    if not result.GetError().Success():
        return None
    return _string_text(result)


def layer_summary(valobj, internal_dict):
    """A layer (or a pointer to one) as its name(); any other class of mlp keeps lldb's own
    display (an empty summary)."""
    if valobj.GetType().IsPointerType() or valobj.GetType().IsReferenceType():
        valobj = valobj.Dereference()
    if not valobj.IsValid() or not _is_layer(valobj.GetType()):
        return ""
    return layer_name(valobj) or ""


class SequentialLayers:
    """A Sequential's children: its layers in order, each as its own type (Dense, Tanh, ...)."""

    def __init__(self, valobj, internal_dict):
        self.valobj = valobj
        self.update()

    def update(self):
        raw = self.valobj.GetNonSyntheticValue()
        self.start, self.count, self.size = _vector_storage(raw.GetChildMemberWithName("layers_"))
        if self.count > 10000:  # not constructed yet
            self.count = 0
        self.layer_type = self.valobj.GetTarget().FindFirstType("mlp::Layer")
        return False

    def num_children(self):
        return self.count

    def get_child_index(self, name):
        return _child_index(name)

    def get_child_at_index(self, index):
        # Each element is a std::unique_ptr<Layer>: one pointer.
        error = lldb.SBError()
        pointer = self.valobj.GetProcess().ReadPointerFromMemory(self.start + self.size * index, error)
        if not error.Success():
            return None
        layer = self.valobj.CreateValueFromAddress("[%d]" % index, pointer, self.layer_type)
        return layer.GetDynamicValue(lldb.eDynamicDontRunTarget)

    def has_children(self):
        return self.count > 0


def sequential_summary(valobj, internal_dict):
    provider = SequentialLayers(valobj, internal_dict)
    names = []
    for k in range(provider.num_children()):
        layer = provider.get_child_at_index(k)
        names.append((layer and layer_name(layer)) or "?")
    return "Sequential[%s]" % " -> ".join(names)


# ---------------------------------------------------------------------------------------------
# Param: a name and two tensor pointers
# ---------------------------------------------------------------------------------------------
def param_summary(valobj, internal_dict):
    raw = valobj.GetNonSyntheticValue()
    name = _string_text(raw.GetChildMemberWithName("name")) or "?"
    shapes = []
    for member in ("value", "grad"):
        pointer = raw.GetChildMemberWithName(member)
        if pointer.GetValueAsUnsigned(0) == 0:
            shapes.append(member + " null")
            continue
        t = _Tensor(pointer.Dereference())
        shapes.append("%s %s" % (member, tensor_text.shape(t.rows, t.cols)))
    return "%s: %s" % (name, ", ".join(shapes))


# ---------------------------------------------------------------------------------------------
# Commands and settings
# ---------------------------------------------------------------------------------------------
def _add_tensor_formatters(debugger):
    debugger.HandleCommand("type summary add -w %s -e -F %s.tensor_summary mlp::Tensor" % (CATEGORY, __name__))
    debugger.HandleCommand("type synthetic add -w %s -l %s.TensorRows mlp::Tensor" % (CATEGORY, __name__))


def _refresh(debugger):
    """A value already shown keeps its children until its formatters are replaced: adding them
    anew makes lldb ask again, in the new layout."""
    _add_tensor_formatters(debugger)


def tensor_layout_command(debugger, command, result, internal_dict):
    """mlp-tensor-layout [matrix|rows]: how mlp::Tensor values print."""
    word = command.strip()
    if word:
        if word not in ("matrix", "rows"):
            result.SetError("mlp-tensor-layout: expected matrix or rows, got %r" % word)
            return
        settings["layout"] = word
        _refresh(debugger)
    result.AppendMessage("mlp::Tensor values print as %s." % settings["layout"])


def tensor_precision_command(debugger, command, result, internal_dict):
    """mlp-tensor-precision [N]: significant digits of mlp::Tensor numbers in the matrix layout."""
    word = command.strip()
    if word:
        if not word.isdigit():
            result.SetError("mlp-tensor-precision: expected a whole number of digits, got %r" % word)
            return
        settings["precision"] = int(word)
        _refresh(debugger)
    result.AppendMessage("mlp::Tensor numbers print with %d significant digits." % settings["precision"])


def _step_avoid_regexp():
    """lldb matches it against a function's name without its parameters: "mlp::Tensor::rows"."""
    accessors = ["^%s::(%s)$" % (owner, "|".join(
        "".join("\\" + ch if ch in "()[]" else ch for ch in name) for name in names))
        for owner, names in tensor_text.STEP_OVER.items()]
    return "|".join(["^(std|__gnu_cxx|__gnu_debug)::"] + accessors)


def __lldb_init_module(debugger, internal_dict):
    module = __name__
    run = debugger.HandleCommand
    debugger.DeleteCategory(CATEGORY)  # loading twice replaces, not duplicates
    _add_tensor_formatters(debugger)
    run("type summary add -w %s -e -F %s.param_summary mlp::Param" % (CATEGORY, module))
    run("type summary add -w %s -e -F %s.sequential_summary mlp::Sequential" % (CATEGORY, module))
    run("type synthetic add -w %s -l %s.SequentialLayers mlp::Sequential" % (CATEGORY, module))
    # Every other class of mlp is asked whether it is a layer: a student's own layer prints as
    # its name() too.
    run("type summary add -w %s -e -F %s.layer_summary -x \"^mlp::\"" % (CATEGORY, module))
    run("type category enable %s" % CATEGORY)
    run("command script add -o -f %s.tensor_layout_command mlp-tensor-layout" % module)
    run("command script add -o -f %s.tensor_precision_command mlp-tensor-precision" % module)
    debugger.SetInternalVariable("target.process.thread.step-avoid-regexp", _step_avoid_regexp(),
                                 debugger.GetInstanceName())
    # Frames show "(...)" for their arguments instead of printing every tensor argument in full
    # on each stop and in every backtrace line; `frame variable` or `p dy` shows them.
    for setting in ("frame-format", "thread-format"):
        current = lldb.SBDebugger.GetInternalVariableValue(setting, debugger.GetInstanceName())
        text = current.GetStringAtIndex(0) if current and current.GetSize() else ""
        if "${function.name-with-args}" in text:
            text = text.replace("${function.name-with-args}", "${function.name-without-args}(...)")
            debugger.SetInternalVariable(setting, text, debugger.GetInstanceName())
    print("mlp: Tensor formatters and step-avoid rules loaded (tools/lldb/mlp_lldb.py)")
