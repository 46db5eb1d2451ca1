// SPDX-License-Identifier: MIT
// allocation_budget.hpp: a bound on how many elements Tensor may allocate on this thread while
// an AllocationBudget is in force. The model-file reader builds each layer from its spec before
// it reads the layer's numbers; under a budget of what the rest of the file can back, a 42-byte
// file that declares "prelu:16777216" is refused before it costs 268 MB (issue 14, finding 10).
#pragma once

#include <cstddef>
#include <stdexcept>

namespace mlp::detail {

// What Tensor's constructor and resize throw past the budget.
struct AllocationRefused : std::length_error {
    using std::length_error::length_error;
};

// Puts a bound of `elements` (summed over every Tensor allocated while it lives, on this thread)
// in force; the bound before it comes back when it goes out of scope. Budgets nest.
class AllocationBudget {
public:
    explicit AllocationBudget(std::size_t elements);
    ~AllocationBudget();
    AllocationBudget(const AllocationBudget&) = delete;
    AllocationBudget& operator=(const AllocationBudget&) = delete;

private:
    std::size_t previous_;  // the budget around this one: what it had left, and whether there was one
    bool previous_active_;
    std::size_t granted_;  // this budget's bound: `elements`, or less when the one around has less left
};

}  // namespace mlp::detail
