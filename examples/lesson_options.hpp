// SPDX-License-Identifier: MIT
// lesson_options.hpp: what every lesson reads from its command line and environment, so that
// it runs from any folder: where the data sets are, where to write its outputs, quick mode, and
// whether to rewrite the tracked files under docs/; and what `--help` says about the lesson.
//
//   --data DIR     the folder with the data files (else $MLP_DATA_DIR, else <repository>/datasets,
//                  the path the build compiled in as MLP_SOURCE_DIR)
//   --out DIR      where outputs go (default: the working directory)
//   --quick        fewer seeds/epochs, for the tests that run every lesson (or MLP_QUICK=1)
//   --update-repo  rewrite the tracked files in the repository (docs/, datasets/): the pictures preset
//   --help         what the lesson shows, its options, the files it writes and how long it takes
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

// What `--help` says about a lesson; each lesson fills one in above its main().
struct About {
    const char* what;    // what the lesson shows, in one or two sentences
    const char* writes;  // the files it writes, or "nothing"
    const char* takes;   // how long it takes at full and at --quick scale: CPU seconds of the demo
                         // build's lesson under /usr/bin/time (docs/command_line_help.md)
    const char* own_options = "";  // help lines for the lesson's own options, if it has any
};

inline std::filesystem::path repository() { return MLP_SOURCE_DIR; }

// The options every lesson takes, as --help and the error for an unknown option list them.
inline const char* common_options() {
    return "  --data DIR     the data sets' folder (default $MLP_DATA_DIR, else <repository>/datasets)\n"
           "  --out DIR      where the lesson writes its files (default: the working directory)\n"
           "  --quick        a smaller run: fewer seeds and epochs (or MLP_QUICK=1)\n"
           "  --update-repo  rewrite the tracked copies in the repository (docs/, datasets/) instead\n"
           "  --help         this text\n";
}

inline std::string help_text(const char* program, const About& about) {
    const std::string name = std::filesystem::path(program).filename().string();
    return "usage: " + name + " [--data DIR] [--out DIR] [--quick] [--update-repo] [--help]\n" + about.what +
           "\n\noptions:\n" + common_options() + about.own_options + "\nwrites: " + about.writes +
           "\ntakes:  " + about.takes +
           "\n        (CPU time of an optimised build; a busy machine adds wall time)\n";
}

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
        else if (arg == "--data" || arg == "--out")
            throw std::invalid_argument("lesson: expected " + arg + " DIR, got " + arg + " without a folder");
        else
            throw std::invalid_argument("lesson: unknown option '" + arg.substr(0, 60) +
                                        "'; valid: --data DIR, --out DIR, --quick, --update-repo, --help");
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
// --help (or -h) anywhere prints help_text on stdout and ends the program with exit code 0: a
// lesson asked for its help has nothing else to do.
inline bool parse_or_explain(int argc, char** argv, Options& o, const About& about) {
    for (int k = 1; k < argc; ++k) {
        const std::string arg = argv[k];
        if (arg == "--help" || arg == "-h") {
            std::fputs(help_text(argv[0], about).c_str(), stdout);
            std::exit(0);
        }
    }
    try {
        o = parse_options(argc, argv);
        return true;
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "%s\nusage: %s [--data DIR] [--out DIR] [--quick] [--update-repo] [--help]\n%s", e.what(),
                     argv[0], about.own_options);
        return false;
    }
}

}  // namespace lesson
