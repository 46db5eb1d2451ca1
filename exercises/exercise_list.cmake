# SPDX-License-Identifier: MIT
# exercise_list.cmake: the course's exercise files, in order; the build (CMakeLists.txt) and the
# graders (run_all.cmake, grade_class.cmake) read the list from here. The exercise number is the
# file name's first two digits; program exerciseN is built from file N.
set(MLP_EXERCISE_FILES
    01_activation.cpp
    02_dense_backward.cpp
    03_softmax_cross_entropy.cpp
    04_momentum.cpp
    05_new_activation.cpp
    06_linear_xor.cpp
    07_backprop_by_hand.cpp
    08_adam.cpp
    09_dropout.cpp
    10_batch_norm.cpp
    11_gradient_check.cpp
    12_svm_loss.cpp
)
