# SPDX-License-Identifier: MIT
# mlp_tensor_text.py: how an mlp::Tensor reads in a debugger, as text, for both debuggers'
# support (tools/gdb/mlp_gdb.py, tools/lldb/mlp_lldb.py). It knows nothing of gdb or lldb: each
# reads the tensor's shape and numbers its own way and hands them here, so the two print a tensor
# the same, number for number.
#
#   Tensor(4, 2)
#   [[0, 0],
#    [0, 1],
#    [1, 0],
#    [1, 1]]
#
# Big tensors are cut like NumPy does: the first and last rows and columns with "..." between.

# A tensor with more rows (columns) than this shows only the first kEdgeRows and last
# kEdgeRows rows (columns); the rest become "...".
kMaxRows = 12
kMaxCols = 8
kEdgeRows = 4
kEdgeCols = 3
# Rows offered as children in the "rows" layout (an IDE asks for them when a tensor is expanded).
kMaxChildRows = 1000
# Beyond this many elements the tensor is almost certainly not constructed yet (stack garbage):
# its numbers are not read at all.
kMaxElements = 1 << 28
# Numbers in the one-line summary of the "rows" layout.
kSummaryNumbers = 6

# `step` enters only the project's code: these one-line accessors are stepped over (each
# debugger also steps over the standard library).
STEP_OVER = {
    "mlp::Tensor": ["operator()", "operator[]", "rows", "cols", "size", "empty", "data"],
    "mlp::Dense": ["in_features", "out_features"],
}


def format_number(value, digits):
    """A double as %g with the given significant digits: 0.593270, 1e-08, -inf, nan."""
    return "%.*g" % (max(digits, 1), value)


def shown(count, limit, edge):
    """The indices to show out of `count`, with None where "..." stands for the rest."""
    if count <= limit:
        return list(range(count))
    return list(range(edge)) + [None] + list(range(count - edge, count))


def shape(rows, cols):
    return "Tensor(%d, %d)" % (rows, cols)


def problem(rows, cols, stored):
    """Why the numbers cannot be shown (an unconstructed tensor), or None. `stored` is how many
    doubles data_ holds."""
    if rows * cols > kMaxElements or stored > kMaxElements:
        return "not constructed yet?"
    if stored != rows * cols:
        return "data_ holds %d values, not %d x %d: not constructed yet?" % (stored, rows, cols)
    return None


def matrix(rows, cols, at, digits):
    """The shape, then the rows aligned in columns; at(r, c) reads one element."""
    shown_rows = shown(rows, kMaxRows, kEdgeRows)
    shown_cols = shown(cols, kMaxCols, kEdgeCols)
    cells = []
    for r in shown_rows:
        if r is None:
            cells.append(None)
            continue
        cells.append(["..." if c is None else format_number(at(r, c), digits) for c in shown_cols])
    # Each column as wide as its widest number, so the columns line up.
    widths = [max(len(row[c]) for row in cells if row is not None) for c in range(len(shown_cols))]
    lines = []
    for row in cells:
        if row is None:
            lines.append("...")
        else:
            lines.append("[" + ", ".join(text.rjust(widths[c]) for c, text in enumerate(row)) + "]")
    note = ""
    if rows > kMaxRows or cols > kMaxCols:
        note = "  (%d x %d shown; print t.data_[r * cols + c] for one element)" % (
            len([r for r in shown_rows if r is not None]), len([c for c in shown_cols if c is not None]))
    body = "[" + ",\n ".join(lines) + "]"
    return shape(rows, cols) + note + "\n" + body


def summary(rows, cols, at):
    """One line for an IDE: the shape and the first few numbers."""
    count = min(rows * cols, kSummaryNumbers)
    numbers = ", ".join(format_number(at(k // cols, k % cols), 6) for k in range(count))
    more = ", ..." if rows * cols > count else ""
    return "%s [%s%s]" % (shape(rows, cols), numbers, more)


def text(rows, cols, stored, at, layout, digits):
    """The whole text of a tensor in the given layout ("matrix" or "rows")."""
    why = problem(rows, cols, stored)
    if why is not None:
        return shape(rows, cols) + " <" + why + ">"
    if rows * cols == 0:
        return shape(rows, cols) + " []"
    if layout == "rows":
        return summary(rows, cols, at)
    return matrix(rows, cols, at, digits)
