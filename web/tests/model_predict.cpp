// SPDX-License-Identifier: MIT
// model_predict.cpp: the native half of the browser test. Loads a model file the page
// downloaded (mlp::load_model) and prints its outputs for the points read from stdin, two
// numbers a line, in the text the page printed them in (format_number), so the test can compare
// the two byte for byte.
#include <iostream>
#include <string>
#include <vector>

#include "mlp/mlp.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: model_predict MODEL_FILE < points (x1 x2 per line)\n";
        return 2;
    }
    try {
        mlp::Sequential model = mlp::load_model(argv[1]);
        std::vector<double> values;
        std::string word;
        while (std::cin >> word) {
            const std::optional<double> v = mlp::parse_number(word);
            if (!v) throw std::invalid_argument("model_predict: expected a number, got \"" + word + "\"");
            values.push_back(*v);
        }
        mlp::Tensor x(values.size() / 2, 2);
        for (std::size_t k = 0; k < x.size(); ++k) x[k] = values[k];
        const mlp::Tensor& y = model.forward(x);
        for (std::size_t n = 0; n < y.rows(); ++n) {
            for (std::size_t j = 0; j < y.cols(); ++j) std::cout << (j ? " " : "") << mlp::format_number(y(n, j));
            std::cout << '\n';
        }
    } catch (const std::exception& e) {
        std::cerr << e.what() << '\n';
        return 1;
    }
    return 0;
}
