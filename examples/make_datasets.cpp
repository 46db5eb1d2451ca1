// make_datasets.cpp: writes datasets/xor.csv and datasets/two_moons.csv with the library's own
// generators. Run from the repository root. tests/test_dataset_files.cpp regenerates both in
// memory and compares them byte for byte with the committed files, so code and data cannot drift.
#include <cstdio>
#include <exception>

#include "dataset_files.hpp"

int main() {
    try {
        for (const dataset_files::File& f : dataset_files::files()) {
            mlp::write_csv(f.path, f.data, f.header);
            std::printf("wrote %s (%zu rows)\n", f.path.c_str(), f.data.x.rows());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_datasets: %s\n", e.what());
        return 1;
    }
    return 0;
}
