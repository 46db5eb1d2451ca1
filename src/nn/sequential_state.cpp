// SPDX-License-Identifier: MIT
// sequential_state.cpp: a Sequential's layer states (for checkpoints) and its summary table,
// beside the forward and backward of sequential.cpp.
#include "mlp/nn/sequential.hpp"

#include <algorithm>
#include <charconv>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace mlp {

std::string Sequential::state() const {
    std::string out;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        const std::string s = layers_[i]->state();
        if (!s.empty()) out += (out.empty() ? "" : "\n") + std::to_string(i) + " " + s;
    }
    return out;
}

void Sequential::set_state(std::string_view state) {
    // Every line is parsed, and tried on a copy of its layer, before any layer changes: a bad
    // state leaves the model as it was.
    std::vector<std::pair<std::size_t, std::string>> lines;
    std::size_t begin = 0;
    while (begin < state.size()) {
        const std::size_t end = std::min(state.find('\n', begin), state.size());
        const std::string_view line = state.substr(begin, end - begin);
        const std::size_t space = line.find(' ');
        std::size_t i = 0;
        const auto parsed = std::from_chars(line.data(), line.data() + std::min(space, line.size()), i);
        if (space == std::string_view::npos || parsed.ec != std::errc() || parsed.ptr != line.data() + space ||
            i >= layers_.size()) {
            throw std::invalid_argument("Sequential::set_state: expected \"<layer index below " +
                                        std::to_string(layers_.size()) + "> <state>\", got \"" +
                                        std::string(line.substr(0, 40)) + "\"");
        }
        lines.emplace_back(i, std::string(line.substr(space + 1)));
        begin = end + 1;
    }
    for (const auto& [i, s] : lines) layers_[i]->clone()->set_state(s);  // throws before any change
    for (const auto& [i, s] : lines) layers_[i]->set_state(s);
}

std::vector<Buffer> Sequential::weights() {
    std::vector<Buffer> out;
    for (const Param& p : params()) out.push_back({p.name, p.value});
    for (const Buffer& b : buffers()) out.push_back(b);
    return out;
}

std::size_t Sequential::parameter_count() const {
    std::size_t count = 0;
    for (const auto& layer : layers_)
        for (const Param& p : const_cast<Layer&>(*layer).params()) count += p.value->size();
    return count;
}

std::string Sequential::summary(std::size_t input_width) const {
    if (input_width == 0) {
        for (const auto& layer : layers_) {
            if (const std::optional<std::size_t> in = layer->input_width()) {
                input_width = *in;
                break;
            }
        }
    }
    std::ostringstream os;
    os << std::left << std::setw(4) << "#" << std::setw(26) << "layer" << std::right
       << std::setw(8) << "output" << std::setw(12) << "params" << "\n";
    os << std::string(50, '-') << "\n";
    std::size_t width = input_width;
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        width = layers_[i]->output_width(width);
        std::size_t count = 0;
        for (const Param& p : const_cast<Layer&>(*layers_[i]).params()) count += p.value->size();
        os << std::left << std::setw(4) << i << std::setw(26) << layers_[i]->name() << std::right
           << std::setw(8) << width << std::setw(12) << count << "\n";
    }
    os << std::string(50, '-') << "\n";
    os << std::left << std::setw(38) << "total parameters" << std::right << std::setw(12)
       << parameter_count() << "\n";
    return os.str();
}

}  // namespace mlp
