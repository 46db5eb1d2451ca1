# SPDX-License-Identifier: MIT
# xor_walkthrough.gdb: the gdb session of docs/debugging.md, command for command, on the XOR
# lesson. Replay it by hand with:
#   gdb -x tools/gdb/mlp_gdb.py -x tests/gdb/xor_walkthrough.gdb build/debug/examples/xor
# The first Tanh::backward the lesson reaches is the tanh network's (seed 1), in its first
# training step: the one the guide follows. tests/gdb/check_guide.py checks the guide's
# transcript of this session against what gdb prints.
break mlp::Tanh::backward
run
backtrace
frame 2
list
print loss
print pred
print yb
frame 0
print y_
print dy
finish
delete 1
break mlp::Dense::backward
continue
print name()
print dy
continue
print name()
print x_
print dy
print dW
next
next
print dW
print db
next
print db
print W
print b
set $first = this
delete 2
finish
finish
next
print $first->W
print $first->b
