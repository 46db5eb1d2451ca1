// SPDX-License-Identifier: MIT
// pictures.cpp: draws the README's images from the code that trains. Writes them to the working
// directory (or --out DIR); `--update-repo` rewrites the tracked copies in docs/images/, which is
// what `cmake --workflow --preset pictures` does. Runs from any folder.
#include <algorithm>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <string>

#include "lesson_options.hpp"
#include "regression_1d_experiment.hpp"
#include "two_moons_experiment.hpp"

// What --help says.
const lesson::About kAbout{
    "draws the README's images from the code that trains: decision boundaries, training history, activations, the 1-D regression fits, the hidden units.",
    "the SVGs of docs/images/ in --out (docs/images/ itself with --update-repo, as the pictures preset runs it)",
    "0.4 s; --quick changes little"};

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    try {
        const std::filesystem::path dir = lesson::output_dir(options, "docs/images");
        const mlp::Dataset data = mlp::read_csv(lesson::data_file(options, "two_moons.csv"));
        two_moons_lesson::Result r = two_moons_lesson::train(data, true, 1);
        const two_moons_lesson::Result line = two_moons_lesson::train(data, false, 1);
        mlp::Sequential line_model = line.model;

        std::vector<regression_lesson::Fit> fits;
        for (const char* act : {"none", "relu", "tanh"}) fits.push_back(regression_lesson::fit(act, 1));

        struct Picture {
            std::string name;
            std::string svg;
        };
        // Chance accuracy: always guessing the larger class of the validation samples.
        double ones = 0.0;
        for (std::size_t n = 0; n < r.split.test.y.rows(); ++n) ones += r.split.test.y(n, 0);
        const double chance = std::max(ones, static_cast<double>(r.split.test.y.rows()) - ones) /
                              static_cast<double>(r.split.test.y.rows());
        const mlp::BCEWithLogitsLoss logits;  // how the two-moons networks' one output is read
        const Picture pictures[] = {
            {"two_moons_boundary.svg",
             mlp::svg_decision_boundary(r.model, logits, r.split.train, r.split.test, "two moons: 2-16-16-1 with tanh, seed 1")},
            {"two_moons_linear_boundary.svg",
             mlp::svg_decision_boundary(line_model, logits, line.split.train, line.split.test,
                                        "the same network without activations: a straight line")},
            {"two_moons_history.svg", mlp::svg_history(r.history, "two moons: training and validation", chance)},
            {"activations.svg", mlp::svg_activations(mlp::activation_names())},
            // Layer 1 is the first tanh: what each of the 16 first-layer units responds to.
            {"regression_1d.svg", regression_lesson::picture(fits, 1)},
            {"two_moons_hidden_units.svg",
             mlp::svg_hidden_units(r.model, 1, mlp::bounds_of({&r.split.train, &r.split.test}), 24)},
        };
        for (const Picture& p : pictures) {
            const std::string path = (dir / p.name).string();
            mlp::write_text_file(path, p.svg);
            std::printf("wrote %s\n", path.c_str());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pictures: %s\n", e.what());
        return 1;
    }
    return 0;
}
