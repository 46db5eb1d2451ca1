// SPDX-License-Identifier: MIT
// threads.hpp: how many threads the library may use, and the one loop that spreads work over them.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace mlp {

// Two things run on several threads, and nothing else does:
//   - the blocked matrix products (src/core/blocked.cpp) when a product is large (batch 64 of
//     784-256-128-10, not XOR or two moons), each thread computing its own columns or rows of C;
//   - run_experiments (mlp/train/experiments.hpp): independent trainings side by side.
// Neither changes a number: every C[i][j] is still summed by one thread in the order
// p = 0, 1, ..., k-1, and every training runs alone on one thread. So the results are bit for bit
// those of one thread; tests/test_threads.cpp checks it.
//
// The count: the environment variable MLP_THREADS when it is set (a whole number >= 1), else
// every core (std::thread::hardware_concurrency()), except in a library built without
// optimisation (-O0: the debug and exercises presets), which a student steps through in a
// debugger: one thread there. 1 runs everything on the calling thread, as before threads existed.
// The reference kernels (mlp::reference) never use threads.

// The number of threads the library uses (>= 1). The first call reads MLP_THREADS and throws
// std::invalid_argument if its value is not a whole number >= 1.
std::size_t threads();

// Use n threads from now on (n >= 1; throws std::invalid_argument otherwise). Overrides MLP_THREADS.
void set_threads(std::size_t n);

// Reads a thread count as MLP_THREADS gives it: "1", "2", " 8 " -> 1, 2, 8. Anything else
// ("", "0", "-1", "two", "2.5", "99999999999999999999") throws std::invalid_argument naming
// MLP_THREADS, what was expected and what came.
std::size_t parse_thread_count(const std::string& text);

// Calls task(i) once for every i in [0, count) and returns when all calls are done. The calls
// run on up to threads() threads at once (the caller's among them), each i taken by whichever
// thread is free next, so a task must write only what belongs to its own i.
// When called from inside a task, or while another thread's parallel_for is running, the calls
// run one after another on the calling thread (nested parallelism buys nothing on a few cores).
// If tasks throw, every task still runs, and the exception of the lowest i is rethrown: the one a
// plain loop would have stopped at.
void parallel_for(std::size_t count, const std::function<void(std::size_t)>& task);

}  // namespace mlp
