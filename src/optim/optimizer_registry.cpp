// SPDX-License-Identifier: MIT
// optimizer_registry.cpp: the built-in optimizers by name, for command lines and config files.
// A new optimizer is one file and one line in the table below.
#include "../core/registry.hpp"
#include "mlp/optim/adagrad.hpp"
#include "mlp/optim/adam.hpp"
#include "mlp/optim/adamw.hpp"
#include "mlp/optim/optimizer.hpp"
#include "mlp/optim/rmsprop.hpp"
#include "mlp/optim/sgd.hpp"

namespace mlp {

namespace {
struct Entry {
    const char* name;
    std::unique_ptr<Optimizer> (*make)(std::vector<Param> params, double lr);
};

// Every setting but lr is PyTorch's default.
const std::vector<Entry>& entries() {
    static const std::vector<Entry> table{
        {"sgd", [](std::vector<Param> p, double lr) -> std::unique_ptr<Optimizer> {
             return std::make_unique<SGD>(std::move(p), SGDOptions{.lr = lr});
         }},
        {"adam", [](std::vector<Param> p, double lr) -> std::unique_ptr<Optimizer> {
             return std::make_unique<Adam>(std::move(p), AdamOptions{.lr = lr});
         }},
        {"adamw", [](std::vector<Param> p, double lr) -> std::unique_ptr<Optimizer> {
             return std::make_unique<AdamW>(std::move(p), AdamWOptions{.lr = lr});
         }},
        {"rmsprop", [](std::vector<Param> p, double lr) -> std::unique_ptr<Optimizer> {
             return std::make_unique<RMSprop>(std::move(p), RMSpropOptions{.lr = lr});
         }},
        {"adagrad", [](std::vector<Param> p, double lr) -> std::unique_ptr<Optimizer> {
             return std::make_unique<Adagrad>(std::move(p), AdagradOptions{.lr = lr});
         }},
    };
    return table;
}
}  // namespace

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, std::vector<Param> params, double lr) {
    return entries()[find_name("make_optimizer", optimizer_names(), name)].make(std::move(params), lr);
}

std::vector<std::string> optimizer_names() {
    std::vector<std::string> out;
    for (const Entry& e : entries()) out.push_back(e.name);
    return out;
}

}  // namespace mlp
