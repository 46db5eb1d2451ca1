// pictures.cpp: regenerates the README's images in docs/images/ from the code that trains.
// Run from the repository root:  cmake --workflow --preset pictures
#include <cstdio>
#include <exception>
#include <filesystem>

#include "two_moons_experiment.hpp"

int main() {
    try {
        std::filesystem::create_directories("docs/images");
        const mlp::Dataset data = mlp::read_csv(two_moons_lesson::kDataFile);
        two_moons_lesson::Result r = two_moons_lesson::train(data, true, 1);
        const two_moons_lesson::Result line = two_moons_lesson::train(data, false, 1);
        mlp::Sequential line_model = line.model;

        struct Picture {
            const char* path;
            std::string svg;
        };
        const mlp::BCEWithLogitsLoss logits;  // how the two-moons networks' one output is read
        const Picture pictures[] = {
            {"docs/images/two_moons_boundary.svg",
             mlp::svg_decision_boundary(r.model, logits, r.split.train, r.split.test, "two moons: 2-16-16-1 with tanh, seed 1")},
            {"docs/images/two_moons_linear_boundary.svg",
             mlp::svg_decision_boundary(line_model, logits, line.split.train, line.split.test,
                                        "the same network without activations: a straight line")},
            {"docs/images/two_moons_history.svg", mlp::svg_history(r.history, "two moons: training and validation")},
            {"docs/images/activations.svg", mlp::svg_activations(mlp::activation_names())},
            // Layer 1 is the first tanh: what each of the 16 first-layer units responds to.
            {"docs/images/two_moons_hidden_units.svg",
             mlp::svg_hidden_units(r.model, 1, mlp::bounds_of({&r.split.train, &r.split.test}), 24)},
        };
        for (const Picture& p : pictures) {
            mlp::write_text_file(p.path, p.svg);
            std::printf("wrote %s\n", p.path);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "pictures: %s\n(run from the repository root)\n", e.what());
        return 1;
    }
    return 0;
}
