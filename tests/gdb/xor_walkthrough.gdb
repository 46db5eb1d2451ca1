# xor_walkthrough.gdb: the gdb session of docs/debugging.md, command for command, on the XOR
# lesson. Replay it by hand with:
#   gdb -x tools/gdb/mlp_gdb.py -x tests/gdb/xor_walkthrough.gdb build/debug/examples/xor
break mlp::Sigmoid::backward
run
backtrace
frame 2
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
continue
print name()
print x_
print dy
print dW
next
next
print dW
print db
