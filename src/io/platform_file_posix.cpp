// SPDX-License-Identifier: MIT
// platform_file_posix.cpp: replace_file with POSIX open(O_CREAT|O_EXCL)/write/fsync/rename
// (also what emscripten provides).
#include "platform_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace mlp::platform {

namespace {
std::string reason(const std::string& step, int error) { return step + ": " + std::strerror(error); }

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos) return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

// Opens "<path>.<pid>.<n>.tmp" exclusively; a name already taken (another process) moves on.
int open_unique(const std::string& path, mode_t mode, std::string& tmp, int& error) {
    static std::atomic<unsigned long> counter{0};
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = path + "." + std::to_string(static_cast<long>(getpid())) + "." + std::to_string(counter++) + ".tmp";
        const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) return fd;
        if (errno != EEXIST) break;
    }
    error = errno;
    return -1;
}
}  // namespace

std::string replace_file(const std::string& path, const std::string& text) {
    struct stat target {};
    const bool exists = stat(path.c_str(), &target) == 0;
    if (exists && S_ISDIR(target.st_mode)) return "\"" + path + "\" is a directory";
    // 0666 goes through the umask like any new file; an existing target's mode is kept below.
    const mode_t mode = exists ? (target.st_mode & 07777) : 0666;
    std::string tmp;
    int error = 0;
    const int fd = open_unique(path, mode, tmp, error);
    if (fd < 0) return reason("cannot create a temporary file in \"" + directory_of(path) + "\"", error);
    auto fail = [&](const std::string& step) {
        const int saved = errno;
        close(fd);
        unlink(tmp.c_str());
        return reason(step, saved);
    };
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail("writing \"" + tmp + "\" failed");
        }
        done += static_cast<std::size_t>(n);
    }
    if (exists && fchmod(fd, mode) != 0) return fail("cannot keep the permissions of \"" + path + "\"");
    if (fsync(fd) != 0) return fail("flushing \"" + tmp + "\" to disk failed");
    if (close(fd) != 0) {
        const int saved = errno;
        unlink(tmp.c_str());
        return reason("closing \"" + tmp + "\" failed", saved);
    }
    // rename() replaces the target in one step: a reader sees the old file or the new one, never half.
    if (rename(tmp.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        unlink(tmp.c_str());
        return reason("cannot rename \"" + tmp + "\" to \"" + path + "\"", saved);
    }
    // The rename itself survives a crash only once the directory is on disk.
    const int dir = open(directory_of(path).c_str(), O_RDONLY | O_CLOEXEC);
    if (dir >= 0) {
        fsync(dir);
        close(dir);
    }
    return "";
}

}  // namespace mlp::platform
