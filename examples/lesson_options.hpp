// SPDX-License-Identifier: MIT
// lesson_options.hpp: what every lesson reads from its command line and environment, so that
// it runs from any folder: where the data sets are, where to write its outputs, quick mode, and
// whether to rewrite the tracked files under docs/.
//
//   --data DIR     the folder with the data files (else $MLP_DATA_DIR, else <repository>/datasets,
//                  the path the build compiled in as MLP_SOURCE_DIR)
//   --out DIR      where outputs go (default: the working directory)
//   --quick        fewer seeds/epochs, for the tests that run every lesson (or MLP_QUICK=1)
//   --update-repo  rewrite the tracked files in the repository (docs/, datasets/): the pictures preset
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#ifndef MLP_SOURCE_DIR
#define MLP_SOURCE_DIR "."
#endif

namespace lesson {

struct Options {
    std::filesystem::path data_dir;
    std::filesystem::path out = ".";
    bool quick = false;
    bool update_repo = false;  // rewrite tracked files under repository()
};

inline std::filesystem::path repository() { return MLP_SOURCE_DIR; }

// Throws std::invalid_argument naming the unknown argument (main prints it with the usage).
inline Options parse_options(int argc, char** argv) {
    Options o;
    const char* env_data = std::getenv("MLP_DATA_DIR");
    o.data_dir = env_data != nullptr && *env_data != '\0' ? std::filesystem::path(env_data) : repository() / "datasets";
    const char* env_quick = std::getenv("MLP_QUICK");
    o.quick = env_quick != nullptr && std::string(env_quick) == "1";
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        const bool has_value = k + 1 < argc;
        if (arg == "--data" && has_value) o.data_dir = argv[++k];
        else if (arg == "--out" && has_value) o.out = argv[++k];
        else if (arg == "--quick") o.quick = true;
        else if (arg == "--update-repo") o.update_repo = true;
        else
            throw std::invalid_argument("lesson: expected --data DIR, --out DIR, --quick or --update-repo, got '" + arg +
                                        "'" + (arg == "--data" || arg == "--out" ? " without a folder" : ""));
    }
    return o;
}

// The path of a data file ("two_moons.csv") in the data folder.
inline std::string data_file(const Options& o, const std::string& name) { return (o.data_dir / name).string(); }

// The path an output named `name` is written to (creating --out if needed).
inline std::string output_file(const Options& o, const std::string& name) {
    std::filesystem::create_directories(o.out);
    return (o.out / name).string();
}

// Where outputs that are also tracked files (docs/images, docs/lab) go: the repository's folder
// when --update-repo asks for it, otherwise --out (the working directory by default).
inline std::filesystem::path output_dir(const Options& o, const std::string& tracked_dir) {
    const std::filesystem::path dir = o.update_repo ? repository() / tracked_dir : o.out;
    std::filesystem::create_directories(dir);
    return dir;
}

// The parse, with the error and the usage on stderr; returns false when the lesson should exit 2.
inline bool parse_or_explain(int argc, char** argv, Options& o) {
    try {
        o = parse_options(argc, argv);
        return true;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "%s\nusage: %s [--data DIR] [--out DIR] [--quick] [--update-repo]\n", e.what(), argv[0]);
        return false;
    }
}

}  // namespace lesson
