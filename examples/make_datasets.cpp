// SPDX-License-Identifier: MIT
// make_datasets.cpp: writes xor.csv and two_moons.csv with the library's own generators, to the
// working directory (or --out DIR); `--update-repo` rewrites the tracked files in datasets/. Tests/test_dataset_files.cpp regenerates both in
// memory and compares them byte for byte with the committed files, so code and data cannot drift.
#include <cstdio>
#include <exception>

#include <filesystem>

#include "dataset_files.hpp"
#include "lesson_options.hpp"

// What --help says.
const lesson::About kAbout{
    "writes xor.csv and two_moons.csv with the library's own seeded generators.",
    "xor.csv, two_moons.csv in --out (datasets/ with --update-repo)",
    "instant; --quick changes nothing"};

int main(int argc, char** argv) {
    lesson::Options options;
    if (!lesson::parse_or_explain(argc, argv, options, kAbout)) return 2;
    try {
        const std::filesystem::path dir = lesson::output_dir(options, "datasets");
        for (const dataset_files::File& f : dataset_files::files()) {
            const std::string path = (dir / std::filesystem::path(f.path).filename()).string();
            mlp::write_csv(path, f.data, f.header);
            std::printf("wrote %s (%zu rows)\n", path.c_str(), f.data.x.rows());
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_datasets: %s\n", e.what());
        return 1;
    }
    return 0;
}
