// SPDX-License-Identifier: MIT
// platform_file.hpp: the few operating-system calls behind write_file_atomically, kept in one
// file per system (platform_file_posix.cpp, platform_file_windows.cpp) so the rest of the library
// stays standard C++.
#pragma once

#include <string>

namespace mlp::platform {

// Writes `text` to a new, uniquely named temporary file in the directory of `path` (created
// exclusively, so two writers never share one), flushes it to disk, gives it the target's
// permissions (or the umask's defaults when there is no target), renames it over `path` and
// flushes the directory. A symbolic link is followed: the file it ends at is replaced, the link
// stays. A character device or a pipe is written through, never replaced; a directory, a block
// device or a socket is refused. On failure the temporary is removed, `path` is untouched, and the
// returned string names the step and the operating system's reason; on success it is empty.
// On Windows the same steps use the Windows API (MoveFileExW replaces the target in one rename):
// a device (NUL, CON) or a named pipe (\\.\pipe\...) is written through, a file with the
// read-only attribute is refused, a new file takes its folder's inherited permissions, and a reader
// opening the file at the instant of the rename may be refused by the system, never given half.
std::string replace_file(const std::string& path, const std::string& text);

// True when both paths exist and name the same file (device and inode, after links).
bool same_file(const std::string& a, const std::string& b);

// True when replace_file would write `path` through: a character device or a pipe.
bool is_device_or_pipe(const std::string& path);

}  // namespace mlp::platform
