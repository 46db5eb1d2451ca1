# SPDX-License-Identifier: MIT
# backprop_by_hand.gdb: break in Dense::backward of the worked example and read its tensors; the
# numbers are the textbook's (examples/backprop_by_hand.cpp prints them too).
break mlp::Dense::backward
run
# The first Dense::backward is the output layer's: its input was out_h, its dy is delta_o.
print name()
print x_
print dy
print W
print dW
# Over the shape check, then step INTO dW += x^T dy and on into its plain loops: `step` must stay
# in the project's code (no std::vector, no Tensor::operator()).
next
step
tbreak mlp::reference::matmul_at_b_add
continue
next
step
step
step
step
bt 1
finish
finish
finish
print dW
print db
# Back to the caller with dE/dout_h = dy W^T.
finish
