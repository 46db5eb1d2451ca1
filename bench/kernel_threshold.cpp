// SPDX-License-Identifier: MIT
// kernel_threshold.cpp: where the blocked product starts to beat the plain loops, on the
// shapes of the lessons' layers and above, one thread. The library's threshold (kSmall in
// src/core/kernels.cpp) is set from this table and the lessons' largest product.
//   cmake --workflow --preset bench && MLP_THREADS=1 build/bench/bench/kernel_threshold
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "mlp/core/kernels.hpp"

namespace {
// The best of 7 timings of f, each the mean over as many calls as fill 20 ms.
template <class F>
double best_seconds(F f) {
    double best = 1e9;
    for (int round = 0; round < 7; ++round) {
        int calls = 0;
        const auto start = std::chrono::steady_clock::now();
        double elapsed = 0.0;
        do {
            f();
            ++calls;
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        } while (elapsed < 0.02);
        best = std::min(best, elapsed / calls);
    }
    return best;
}
}  // namespace

int main() {
    struct Shape {
        std::size_t n, k, m;  // C (n, m) = A (n, k) B (k, m): n * k * m multiply-adds
    };
    const std::vector<Shape> shapes = {{4, 2, 8},     {4, 8, 8},     {32, 2, 16},   {32, 16, 16}, {16, 32, 32},
                                       {32, 32, 32},  {64, 32, 32},  {64, 64, 64},  {64, 128, 128}, {64, 784, 256}};
    std::printf("%5s %5s %5s %10s %14s %12s %7s\n", "n", "k", "m", "n*k*m", "reference ns", "blocked ns", "ratio");
    for (const Shape& s : shapes) {
        mlp::Tensor A(s.n, s.k), B(s.k, s.m), C;
        for (std::size_t i = 0; i < A.size(); ++i) A[i] = 0.001 * static_cast<double>(i % 97);
        for (std::size_t i = 0; i < B.size(); ++i) B[i] = 0.002 * static_cast<double>(i % 89);
        const double plain = best_seconds([&] { mlp::reference::matmul(A, B, C); });
        const double blocked = best_seconds([&] { mlp::blocked::matmul(A, B, C); });
        std::printf("%5zu %5zu %5zu %10zu %14.0f %12.0f %7.2f\n", s.n, s.k, s.m, s.n * s.k * s.m, plain * 1e9,
                    blocked * 1e9, plain / blocked);
    }
}
