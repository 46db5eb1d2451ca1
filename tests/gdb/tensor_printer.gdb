# SPDX-License-Identifier: MIT
# tensor_printer.gdb: the printer's layouts, truncation and the empty tensor.
break look_at
run
print small
print big
print empty
set mlp-tensor-layout rows
print small
set mlp-tensor-layout matrix
set mlp-tensor-precision 3
print small
print/r small
