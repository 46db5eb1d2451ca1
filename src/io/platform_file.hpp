// SPDX-License-Identifier: MIT
// platform_file.hpp: the few operating-system calls behind write_file_atomically, kept in one
// file (platform_file_posix.cpp) so the rest of the library stays standard C++.
#pragma once

#include <string>

namespace mlp::platform {

// Writes `text` to a new, uniquely named temporary file in the directory of `path` (created
// exclusively, so two writers never share one), flushes it to disk, gives it the target's
// permissions (or the umask's defaults when there is no target), renames it over `path` and
// flushes the directory. On failure the temporary is removed, `path` is untouched, and the
// returned string names the step and the operating system's reason; on success it is empty.
std::string replace_file(const std::string& path, const std::string& text);

}  // namespace mlp::platform
