// SPDX-License-Identifier: MIT
// layer.cpp: what every layer shares: the default spec and state, shape checks, liveness checks.
#include "mlp/nn/layer.hpp"

#include <cctype>
#include <stdexcept>

namespace mlp {

std::string lower_case(std::string_view text) {
    std::string out;
    for (char ch : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return out;
}

std::string Layer::spec() const { return lower_case(name()); }

void Layer::set_state(std::string_view state) {
    if (!state.empty()) {
        throw std::invalid_argument("Layer::set_state: " + name() + " keeps no state, got \"" +
                                    std::string(state.substr(0, 40)) + "\"");
    }
}

void check_params_alive(const std::vector<Param>& params, const std::string& who, const char* method) {
    const std::weak_ptr<const void> none;
    for (const Param& p : params) {
        // A default-constructed weak_ptr (a Param built by hand) has no owner to outlive.
        const bool has_owner = p.owner.owner_before(none) || none.owner_before(p.owner);
        if (has_owner && p.owner.expired()) {
            throw std::invalid_argument(
                who + "::" + method + ": expected parameters of a live model, got " + p.name +
                " of a layer that no longer exists (was the model replaced, as in model = "
                "load_model(path)? Build the optimizer after that, or load with load_model_into)");
        }
    }
}

void check_input(const char* who, const Tensor& x, std::size_t expected_cols) {
    if (x.cols() != expected_cols || x.rows() == 0) {
        throw std::invalid_argument(std::string(who) + ": expected input with " +
                                    std::to_string(expected_cols) +
                                    " columns and at least one row, got " + x.shape());
    }
}

void check_input(const std::string& who, const Tensor& x, std::size_t expected_cols) {
    check_input(who.c_str(), x, expected_cols);
}

void check_same_shape(const std::string& who, const Tensor& expected, const Tensor& got) {
    if (expected.rows() != got.rows() || expected.cols() != got.cols()) {
        throw std::invalid_argument(who + ": expected a tensor of shape " + expected.shape() +
                                    " (the shape of the last forward), got " + got.shape());
    }
}

}  // namespace mlp
