// layer.cpp: shape checks shared by every layer.
#include "mlp/nn/layer.hpp"

#include <stdexcept>

namespace mlp {

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
