// SPDX-License-Identifier: MIT
// test_atomic_save.cpp: write_file_atomically under contention (two writers, one reader), after
// failures (no temporary left behind, the OS's reason in the message) and with permissions kept.
// The same tests run against platform_file_posix.cpp and platform_file_windows.cpp; what only one
// system has (fork, file modes, FIFOs, /dev/null; NUL and read-only files on Windows) is tested
// where it exists.
#include <doctest/doctest.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <cstdio>
#include <thread>

#include "mlp/io/text_file.hpp"

#if defined(_WIN32)
#include <process.h>  // _getpid
#include <system_error>
#include <windows.h>
#else
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

namespace fs = std::filesystem;

namespace {
long process_id() {
#if defined(_WIN32)
    return static_cast<long>(_getpid());
#else
    return static_cast<long>(getpid());
#endif
}
// The system's own words for a folder that does not exist, as the save's message quotes them.
std::string no_such_directory() {
#if defined(_WIN32)
    std::string text = std::system_category().message(ERROR_PATH_NOT_FOUND);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return text;
#else
    return "No such file or directory";
#endif
}
// A fresh, empty directory of this test's own.
fs::path fresh_directory(const std::string& name) {
    const fs::path dir = fs::temp_directory_path() / ("mlp_atomic_" + name + "_" + std::to_string(process_id()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}
std::size_t entries(const fs::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : fs::directory_iterator(dir)) ++n;
    return n;
}
// Every version written is one of these two whole texts.
const std::string text_a = std::string(20000, 'a') + "\nend a\n";
const std::string text_b = std::string(30000, 'b') + "\nend b\n";
}  // namespace

TEST_CASE("two threads saving one path while a third reads it: never half a file, no save fails") {
    const fs::path dir = fresh_directory("threads");
    const std::string path = (dir / "model.txt").string();
    mlp::write_file_atomically(path, text_a, "test");
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0}, bad_reads{0}, reads{0};
    auto writer = [&](const std::string& text) {
        for (int i = 0; i < 200; ++i) {
            try {
                mlp::write_file_atomically(path, text, "test");
            } catch (const std::exception&) {
                ++failures;
            }
        }
    };
    std::atomic<int> refused_opens{0};
    std::thread reader([&] {
        while (!stop || reads < 2000) {
            try {
                const std::string seen = mlp::read_text_file(path, "test");
                if (seen != text_a && seen != text_b) ++bad_reads;
            } catch (const std::exception&) {
                ++refused_opens;
            }
            ++reads;
        }
    });
    std::thread w1(writer, text_a), w2(writer, text_b);
    w1.join();
    w2.join();
    stop = true;
    reader.join();
    CHECK(failures == 0);
    CHECK(bad_reads == 0);
    CHECK(reads >= 2000);
#if defined(_WIN32)
    // Windows refuses to open a file at the instant it is being renamed into place (the rename holds
    // it open for deletion, and readers do not share that): such a read fails and can be retried,
    // but never returns half a file. Most reads still succeed.
    CHECK(refused_opens < reads / 2);
#else
    CHECK(refused_opens == 0);  // POSIX: rename never stands in a reader's way
#endif
    CHECK(entries(dir) == 1);  // no temporaries left behind
    fs::remove_all(dir);
}

#if !defined(_WIN32)  // fork, waitpid and file modes are POSIX
TEST_CASE("two processes saving one path: both succeed and the file is one of the two texts") {
    const fs::path dir = fresh_directory("processes");
    const std::string path = (dir / "model.txt").string();
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        int status = 0;
        for (int i = 0; i < 200; ++i) {
            try {
                mlp::write_file_atomically(path, text_b, "test");
            } catch (...) {
                status = 1;
            }
        }
        _exit(status);
    }
    int failures = 0;
    for (int i = 0; i < 200; ++i) {
        try {
            mlp::write_file_atomically(path, text_a, "test");
        } catch (...) {
            ++failures;
        }
    }
    int status = -1;
    REQUIRE(waitpid(child, &status, 0) == child);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(failures == 0);
    const std::string seen = mlp::read_text_file(path, "test");
    CHECK((seen == text_a || seen == text_b));
    CHECK(entries(dir) == 1);
    fs::remove_all(dir);
}

TEST_CASE("saving keeps the target's permissions") {
    const fs::path dir = fresh_directory("mode");
    const std::string path = (dir / "model.txt").string();
    mlp::write_file_atomically(path, "old\n", "test");
    REQUIRE(chmod(path.c_str(), 0640) == 0);
    mlp::write_file_atomically(path, "new\n", "test");
    struct stat info {};
    REQUIRE(stat(path.c_str(), &info) == 0);
    CHECK((info.st_mode & 07777) == 0640);
    CHECK(mlp::read_text_file(path, "test") == "new\n");
    fs::remove_all(dir);
}
#endif

TEST_CASE("a failed save gives the OS's reason, leaves the old file and no temporary") {
    const fs::path dir = fresh_directory("fail");
    SUBCASE("no such directory") {
        const std::string path = (dir / "missing" / "model.txt").string();
        CHECK_THROWS_WITH_AS(mlp::write_file_atomically(path, "x\n", "save"),
                             doctest::Contains(no_such_directory().c_str()), std::runtime_error);
        CHECK_THROWS_WITH_AS(mlp::write_file_atomically(path, "x\n", "save"),
                             doctest::Contains("save: cannot save \""), std::runtime_error);
    }
    SUBCASE("a directory passed as the file") {
        fs::create_directories(dir / "sub");
        CHECK_THROWS_WITH_AS(mlp::write_file_atomically((dir / "sub").string(), "x\n", "save"),
                             doctest::Contains("is a directory"), std::runtime_error);
        CHECK(fs::is_directory(dir / "sub"));
        CHECK(entries(dir) == 1);
    }
#if defined(_WIN32)
    SUBCASE("a read-only file: Windows refuses to replace it, and it stays as it was") {
        const std::string path = (dir / "model.txt").string();
        mlp::write_file_atomically(path, "old\n", "test");
        fs::permissions(path, fs::perms::owner_write | fs::perms::group_write | fs::perms::others_write,
                        fs::perm_options::remove);
        CHECK_THROWS_WITH_AS(mlp::write_file_atomically(path, "new\n", "save"),
                             doctest::Contains("is read-only"), std::runtime_error);
        CHECK(mlp::read_text_file(path, "test") == "old\n");
        CHECK(entries(dir) == 1);
        fs::permissions(path, fs::perms::owner_all, fs::perm_options::add);
    }
#else
    SUBCASE("a read-only directory") {
        const std::string path = (dir / "model.txt").string();
        mlp::write_file_atomically(path, "old\n", "test");
        fs::permissions(dir, fs::perms::owner_read | fs::perms::owner_exec);
        if (geteuid() != 0) {  // root writes anywhere: nothing to check there
            CHECK_THROWS_WITH_AS(mlp::write_file_atomically(path, "new\n", "save"),
                                 doctest::Contains("Permission denied"), std::runtime_error);
            CHECK(mlp::read_text_file(path, "test") == "old\n");
            CHECK(entries(dir) == 1);
        }
        fs::permissions(dir, fs::perms::owner_all);
    }
#endif
    fs::remove_all(dir);
}

#if defined(_WIN32)
TEST_CASE("the device NUL is written through: the save succeeds and no file is made") {
    const fs::path dir = fresh_directory("nul");
    const fs::path before = fs::current_path();
    fs::current_path(dir);
    mlp::write_file_atomically("NUL", "discarded\n", "test");
    fs::current_path(before);
    CHECK(entries(dir) == 0);
    fs::remove_all(dir);
}
#else  // symbolic links need a privilege on Windows; FIFOs and /dev/null are POSIX
TEST_CASE("saving through a symbolic link replaces the file it ends at and keeps the link") {
    const fs::path dir = fresh_directory("symlink");
    const fs::path target = dir / "real.txt";
    mlp::write_file_atomically(target.string(), "old\n", "test");
    fs::create_symlink("real.txt", dir / "link.txt");  // relative, as `ln -s` usually makes them
    mlp::write_file_atomically((dir / "link.txt").string(), "new\n", "test");
    CHECK(fs::is_symlink(dir / "link.txt"));
    CHECK(mlp::read_text_file(target.string(), "test") == "new\n");
    CHECK(entries(dir) == 2);  // no temporary left behind

    SUBCASE("a link whose target does not exist yet: the target is created") {
        fs::create_symlink(dir / "later.txt", dir / "dangling.txt");
        mlp::write_file_atomically((dir / "dangling.txt").string(), "made\n", "test");
        CHECK(fs::is_symlink(dir / "dangling.txt"));
        CHECK(mlp::read_text_file((dir / "later.txt").string(), "test") == "made\n");
    }
    SUBCASE("a loop of links is refused, naming the reason") {
        fs::create_symlink("b", dir / "a");
        fs::create_symlink("a", dir / "b");
        CHECK_THROWS_WITH_AS(mlp::write_file_atomically((dir / "a").string(), "x\n", "save"),
                             doctest::Contains("Too many levels of symbolic links"), std::runtime_error);
        CHECK(fs::is_symlink(dir / "a"));
    }
    fs::remove_all(dir);
}

TEST_CASE("a pipe the user names is written through, not replaced by a regular file") {
    const fs::path dir = fresh_directory("fifo");
    const std::string path = (dir / "pipe").string();
    REQUIRE(mkfifo(path.c_str(), 0600) == 0);
    std::string received;
    std::thread drain([&] {
        std::FILE* f = std::fopen(path.c_str(), "rb");
        if (f == nullptr) return;
        char piece[256];
        std::size_t n = 0;
        while ((n = std::fread(piece, 1, sizeof piece, f)) > 0) received.append(piece, n);
        std::fclose(f);
    });
    mlp::write_file_atomically(path, "through the pipe\n", "test");
    drain.join();
    CHECK(received == "through the pipe\n");
    struct stat info {};
    REQUIRE(lstat(path.c_str(), &info) == 0);
    CHECK(S_ISFIFO(info.st_mode));
    CHECK(entries(dir) == 1);
    fs::remove_all(dir);
}

TEST_CASE("a character device the user names (/dev/null) is written through and stays a device") {
    mlp::write_file_atomically("/dev/null", "discarded\n", "test");
    struct stat info {};
    REQUIRE(lstat("/dev/null", &info) == 0);
    CHECK(S_ISCHR(info.st_mode));
}
#endif

TEST_CASE("a file name as long as a name may be (252 bytes) can be saved: the temporary's name fits too") {
    const fs::path dir = fresh_directory("long");
    const std::string path = (dir / (std::string(248, 'm') + ".txt")).string();
    mlp::write_file_atomically(path, "long\n", "test");
    CHECK(mlp::read_text_file(path, "test") == "long\n");
    mlp::write_file_atomically(path, "again\n", "test");
    CHECK(mlp::read_text_file(path, "test") == "again\n");
    CHECK(entries(dir) == 1);
    fs::remove_all(dir);
}

TEST_CASE("same_file: the same device and inode, however the path is spelled") {
    const fs::path dir = fresh_directory("same");
    const std::string a = (dir / "a.csv").string();
    mlp::write_file_atomically(a, "x\n", "test");
    mlp::write_file_atomically((dir / "b.csv").string(), "x\n", "test");
    fs::create_hard_link(a, dir / "hard.csv");
    CHECK(mlp::same_file(a, a));
    CHECK(mlp::same_file(a, (dir / "." / "a.csv").string()));
#if !defined(_WIN32)  // a symbolic link needs a privilege on Windows
    fs::create_symlink(a, dir / "link.csv");
    CHECK(mlp::same_file(a, (dir / "link.csv").string()));
#endif
    CHECK(mlp::same_file(a, (dir / "hard.csv").string()));
    CHECK_FALSE(mlp::same_file(a, (dir / "b.csv").string()));  // same text, another file
    CHECK_FALSE(mlp::same_file(a, (dir / "missing.csv").string()));
    fs::remove_all(dir);
}
