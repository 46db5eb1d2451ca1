// SPDX-License-Identifier: MIT
// platform_file_posix.cpp: replace_file and same_file with POSIX calls (open(O_CREAT|O_EXCL),
// write, fsync, rename, stat; also what emscripten provides).
#include "platform_file.hpp"

#include <atomic>
#include <cerrno>
#include <climits>
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

// The file a chain of symbolic links ends at, whether or not that file exists yet: renaming over
// the link itself would turn it into a regular file and leave its target with the old text.
// Returns false (error set) on a loop or a link that cannot be read.
bool follow_links(const std::string& path, std::string& target, int& error) {
    target = path;
    for (int hop = 0; hop < 40; ++hop) {  // 40: Linux's own bound on links in one lookup
        struct stat link {};
        if (lstat(target.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return true;
        char buffer[PATH_MAX];
        const ssize_t n = readlink(target.c_str(), buffer, sizeof buffer - 1);
        if (n < 0) {
            error = errno;
            return false;
        }
        const std::string next(buffer, static_cast<std::size_t>(n));
        // A relative link is relative to the directory holding the link.
        target = next[0] == '/' || target.find('/') == std::string::npos ? next : directory_of(target) + "/" + next;
    }
    error = ELOOP;
    return false;
}

// Opens "<dir>/<name>.<pid>.<n>.tmp" exclusively; a name already taken (another process) moves on.
// The file's own name is cut to 200 bytes in it, so a temporary beside a file whose name is as
// long as a name may be (255 bytes) is still a valid name.
int open_unique(const std::string& path, mode_t mode, std::string& tmp, int& error) {
    static std::atomic<unsigned long> counter{0};
    const std::size_t slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    const std::string name = path.substr(dir.size(), 200);
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = dir + name + "." + std::to_string(static_cast<long>(getpid())) + "." + std::to_string(counter++) + ".tmp";
        const int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
        if (fd >= 0) return fd;
        if (errno != EEXIST) break;
    }
    error = errno;
    return -1;
}

// Writes all of `text` to `fd`; false (errno set) when the system refuses.
bool write_all(int fd, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

// A character device (/dev/null, a terminal) or a pipe the user named: written through, never
// replaced, since replacing it would put a regular file where the system keeps a device.
std::string write_through(const std::string& path, const std::string& text) {
    const int fd = open(path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) return reason("cannot open \"" + path + "\" for writing", errno);
    struct stat opened {};
    if (fstat(fd, &opened) != 0 || !(S_ISCHR(opened.st_mode) || S_ISFIFO(opened.st_mode))) {
        close(fd);  // it changed between stat and open: write nothing rather than guess
        return "\"" + path + "\" changed while it was being opened";
    }
    if (!write_all(fd, text)) {
        const int saved = errno;
        close(fd);
        return reason("writing \"" + path + "\" failed", saved);
    }
    if (close(fd) != 0) return reason("closing \"" + path + "\" failed", errno);
    return "";
}
}  // namespace

std::string replace_file(const std::string& given, const std::string& text) {
    struct stat target {};
    const bool exists = stat(given.c_str(), &target) == 0;
    if (exists && S_ISDIR(target.st_mode)) return "\"" + given + "\" is a directory";
    if (exists && (S_ISCHR(target.st_mode) || S_ISFIFO(target.st_mode))) return write_through(given, text);
    if (exists && !S_ISREG(target.st_mode))
        return "\"" + given + "\" is not a regular file, a character device or a pipe (a block device or a socket?)";
    std::string path;
    int error = 0;
    if (!follow_links(given, path, error)) return reason("cannot follow the link \"" + given + "\"", error);
    // 0666 goes through the umask like any new file; an existing target's mode is kept below.
    const mode_t mode = exists ? (target.st_mode & 07777) : 0666;
    std::string tmp;
    const int fd = open_unique(path, mode, tmp, error);
    if (fd < 0) return reason("cannot create a temporary file in \"" + directory_of(path) + "\"", error);
    auto fail = [&](const std::string& step) {
        const int saved = errno;
        close(fd);
        unlink(tmp.c_str());
        return reason(step, saved);
    };
    if (!write_all(fd, text)) return fail("writing \"" + tmp + "\" failed");
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

bool same_file(const std::string& a, const std::string& b) {
    struct stat first {}, second {};
    if (stat(a.c_str(), &first) != 0 || stat(b.c_str(), &second) != 0) return false;
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
}

bool is_device_or_pipe(const std::string& path) {
    struct stat info {};
    return stat(path.c_str(), &info) == 0 && (S_ISCHR(info.st_mode) || S_ISFIFO(info.st_mode));
}

}  // namespace mlp::platform
