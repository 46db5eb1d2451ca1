// SPDX-License-Identifier: MIT
/* peer_fann.c: FANN 2.2's time for the benchmark's XOR workload (2-4-1, tanh hidden, linear
 * output, full-batch gradient descent with momentum, lr 0.1, momentum 0.9), in single precision
 * (libfann's default type). Built by bench/CMakeLists.txt only where FANN is installed, run by
 * bench/bench.cpp; prints "xor_us_per_epoch <value>". Optional: the library never needs FANN. */
#include <fann.h>
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(void) {
    const unsigned epochs = 100000;
    double best = 1e30;
    for (int rep = 0; rep < 5; ++rep) {
        struct fann* ann = fann_create_standard(3, 2, 4, 1);
        struct fann_train_data* data = fann_create_train(4, 2, 1);
        const fann_type in[4][2] = {{0, 0}, {0, 1}, {1, 0}, {1, 1}};
        const fann_type out[4] = {0, 1, 1, 0};
        for (unsigned n = 0; n < 4; ++n) {
            data->input[n][0] = in[n][0];
            data->input[n][1] = in[n][1];
            data->output[n][0] = out[n];
        }
        fann_set_activation_function_hidden(ann, FANN_SIGMOID_SYMMETRIC);  /* tanh */
        fann_set_activation_steepness_hidden(ann, 1.0f);
        fann_set_activation_function_output(ann, FANN_LINEAR);
        fann_set_training_algorithm(ann, FANN_TRAIN_BATCH);
        fann_set_learning_rate(ann, 0.1f);
        fann_set_learning_momentum(ann, 0.9f);
        fann_randomize_weights(ann, -0.5f, 0.5f);
        const double start = now();
        for (unsigned e = 0; e < epochs; ++e) fann_train_epoch(ann, data);
        const double us = (now() - start) / epochs * 1e6;
        if (us < best) best = us;
        fann_destroy_train(data);
        fann_destroy(ann);
    }
    printf("xor_us_per_epoch %g\n", best);
    return 0;
}
