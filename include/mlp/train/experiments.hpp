// SPDX-License-Identifier: MIT
// experiments.hpp: many independent trainings run side by side, their results in the order of a
// plain loop.
#pragma once

#include <cstddef>
#include <type_traits>
#include <vector>

#include "mlp/core/threads.hpp"

namespace mlp {

// results[i] = experiment(i) for i = 0 .. count-1, the experiments spread over mlp::threads()
// threads. The same as
//     for (std::size_t i = 0; i < count; ++i) results.push_back(experiment(i));
// bit for bit, whatever the thread count, provided each experiment is independent: it builds its
// own model, optimizer, trainer and Rng from i (a seed), and writes nothing shared (print after,
// from the results). Each result is stored at its own index, so the order never depends on which
// experiment finished first. Inside an experiment the matrix products run on its own thread only.
// If experiments throw, all still run and the exception of the lowest i is rethrown.
//
//   std::vector<Result> r = mlp::run_experiments(10, [&](std::size_t i) { return train(seed(i)); });
template <class Experiment>
auto run_experiments(std::size_t count, Experiment experiment)
    -> std::vector<std::invoke_result_t<Experiment&, std::size_t>> {
    std::vector<std::invoke_result_t<Experiment&, std::size_t>> results(count);
    if (threads() == 1) {  // the plain loop itself, so a debugger's backtrace shows nothing more
        for (std::size_t i = 0; i < count; ++i) results[i] = experiment(i);
        return results;
    }
    parallel_for(count, [&](std::size_t i) { results[i] = experiment(i); });
    return results;
}

}  // namespace mlp
