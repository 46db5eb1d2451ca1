# SPDX-License-Identifier: MIT
# xor_walkthrough.gdb: the gdb session of docs/debugging.md, command for command, on the XOR
# lesson. Replay it by hand with:
#   gdb -x tools/gdb/mlp_gdb.py -x tests/gdb/xor_walkthrough.gdb build/debug/examples/xor
# The first Sigmoid::backward the lesson reaches is the sigmoid network's (seed 1), in its first
# training step: the one the guide follows.
break mlp::Sigmoid::backward
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
