# SPDX-License-Identifier: MIT
# first_stop.gdb: section 1 of docs/debugging.md, the first stop in Dense::backward of the XOR
# lesson. tests/gdb/check_guide.py checks the guide's transcript of it against what gdb prints.
break mlp::Dense::backward
run
print x_
print dy
