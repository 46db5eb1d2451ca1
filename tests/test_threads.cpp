// SPDX-License-Identifier: MIT
// test_threads.cpp: the thread count (MLP_THREADS, set_threads), parallel_for, and the threaded
// matrix products giving one thread's numbers bit for bit.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mlp/core/kernels.hpp"
#include "mlp/core/rng.hpp"
#include "mlp/core/threads.hpp"

namespace {

mlp::Tensor random_tensor(std::size_t rows, std::size_t cols, mlp::Rng& rng) {
    mlp::Tensor t(rows, cols);
    for (std::size_t k = 0; k < t.size(); ++k) t[k] = rng.uniform(-1.0, 1.0);
    return t;
}

// Restores the thread count a test case found, whatever happens in it.
struct KeepThreads {
    std::size_t saved = mlp::threads();
    ~KeepThreads() { mlp::set_threads(saved); }
};

}  // namespace

TEST_CASE("threads: parse_thread_count reads whole numbers >= 1 and refuses the rest with a clear message") {
    CHECK(mlp::parse_thread_count("1") == 1);
    CHECK(mlp::parse_thread_count("2") == 2);
    CHECK(mlp::parse_thread_count(" 16 ") == 16);
    for (const char* bad : {"", " ", "0", "-1", "two", "2.5", "2x", "+2", "99999999999999999999999"}) {
        CAPTURE(bad);
        CHECK_THROWS_WITH_AS(mlp::parse_thread_count(bad),
                             ("MLP_THREADS: expected a whole number >= 1, got '" + std::string(bad) + "'").c_str(),
                             std::invalid_argument);
    }
}

TEST_CASE("threads: set_threads changes the count and refuses 0") {
    KeepThreads keep;
    mlp::set_threads(3);
    CHECK(mlp::threads() == 3);
    mlp::set_threads(1);
    CHECK(mlp::threads() == 1);
    CHECK_THROWS_WITH_AS(mlp::set_threads(0), "set_threads: expected n >= 1, got 0", std::invalid_argument);
    CHECK(mlp::threads() == 1);
}

// Run by ctest with MLP_THREADS set (tests/CMakeLists.txt): "3" must give 3 threads, "two" an
// error from the first call. Without MLP_THREADS, the default is every core.
TEST_CASE("threads: the first call reads MLP_THREADS") {
    const char* env = std::getenv("MLP_THREADS");
    if (env == nullptr) {
        // Every core, but one in an unoptimised (debugger) build: this test is built like the library.
#if defined(__OPTIMIZE__) || defined(NDEBUG)
        const unsigned cores = std::thread::hardware_concurrency();
        CHECK(mlp::threads() == (cores == 0 ? 1 : cores));
#else
        CHECK(mlp::threads() == 1);
#endif
    } else if (std::string(env) == "two") {
        CHECK_THROWS_WITH_AS(mlp::threads(), "MLP_THREADS: expected a whole number >= 1, got 'two'",
                             std::invalid_argument);
    } else {
        CHECK(mlp::threads() == mlp::parse_thread_count(env));
    }
}

TEST_CASE("threads: parallel_for calls every index exactly once, on several threads at once") {
    KeepThreads keep;
    for (std::size_t n : {1, 2, 3, 8}) {
        CAPTURE(n);
        mlp::set_threads(n);
        for (std::size_t count : {0, 1, 2, 5, 100}) {
            std::vector<std::atomic<int>> calls(count);
            mlp::parallel_for(count, [&](std::size_t i) { ++calls[i]; });
            for (std::size_t i = 0; i < count; ++i) CHECK(calls[i] == 1);
        }
    }
    // With 2 threads, two tasks run at the same time: each waits (up to 10 s) to see the other start.
    mlp::set_threads(2);
    std::atomic<int> started{0};
    std::vector<int> met(2, 0);
    mlp::parallel_for(2, [&](std::size_t i) {
        ++started;
        const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (started < 2 && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
        met[i] = started == 2 ? 1 : 0;
    });
    CHECK(met == std::vector<int>{1, 1});
}

TEST_CASE("threads: parallel_for inside a task runs on that task's thread, and rethrows the lowest index's error") {
    KeepThreads keep;
    mlp::set_threads(2);
    std::vector<std::atomic<int>> calls(4 * 5);
    mlp::parallel_for(4, [&](std::size_t outer) {
        mlp::parallel_for(5, [&](std::size_t inner) { ++calls[outer * 5 + inner]; });
    });
    for (std::size_t i = 0; i < calls.size(); ++i) CHECK(calls[i] == 1);

    for (std::size_t n : {1, 2}) {
        CAPTURE(n);
        mlp::set_threads(n);
        std::atomic<int> ran{0};
        CHECK_THROWS_WITH_AS(mlp::parallel_for(10,
                                               [&](std::size_t i) {
                                                   ++ran;
                                                   if (i == 3 || i == 7) throw std::runtime_error("task " + std::to_string(i));
                                               }),
                             "task 3", std::runtime_error);
        CHECK(ran == 10);
    }
}

// Each shape is large enough to be cut into bands (at least 2^20 multiply-adds, so 2 threads
// split it) and awkward: primes, so no band is a whole number of 6 x 8 tiles; more columns than
// rows (bands of columns) and more rows than columns (bands of rows); more than one 256-deep block
// of the inner dimension; the benchmark's first layer, forward and backward.
TEST_CASE("threads: the threaded matrix products give one thread's numbers bit for bit") {
    KeepThreads keep;
    struct Shape {
        std::size_t n, k, m;
    };
    const Shape shapes[] = {{64, 784, 256}, {61, 787, 131}, {1031, 263, 7}, {7, 601, 1009}, {331, 97, 257}, {256, 64, 784}};
    mlp::Rng rng(19);
    for (const Shape& s : shapes) {
        CAPTURE(s.n);
        CAPTURE(s.k);
        CAPTURE(s.m);
        REQUIRE(s.n * s.k * s.m >= (std::size_t{1} << 20));
        const mlp::Tensor A = random_tensor(s.n, s.k, rng);     // (n, k)
        const mlp::Tensor B = random_tensor(s.k, s.m, rng);     // (k, m)
        const mlp::Tensor At = random_tensor(s.k, s.n, rng);    // (k, n), for A^T B
        const mlp::Tensor Bt = random_tensor(s.m, s.k, rng);    // (m, k), for A B^T
        const mlp::Tensor C0 = random_tensor(s.n, s.m, rng);    // what A^T B is added to

        mlp::set_threads(1);
        mlp::Tensor ab, atb = C0, abt;
        mlp::matmul(A, B, ab);
        mlp::matmul_at_b_add(At, B, atb);
        mlp::matmul_a_bt(A, Bt, abt);
        for (std::size_t n : {2, 3, 4, 7}) {
            CAPTURE(n);
            mlp::set_threads(n);
            mlp::Tensor ab_n, atb_n = C0, abt_n;
            mlp::matmul(A, B, ab_n);
            mlp::matmul_at_b_add(At, B, atb_n);
            mlp::matmul_a_bt(A, Bt, abt_n);
            CHECK(ab_n == ab);
            CHECK(atb_n == atb);
            CHECK(abt_n == abt);
        }
    }
}
