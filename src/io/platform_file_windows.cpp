// SPDX-License-Identifier: MIT
// platform_file_windows.cpp: replace_file and same_file with the Windows API (CreateFileW with
// CREATE_NEW, WriteFile, FlushFileBuffers, MoveFileExW, GetFileInformationByHandle), for MinGW-w64
// and MSVC alike.
#include "platform_file.hpp"

#include <atomic>
#include <string>
#include <system_error>
#include <cwctype>

#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#include <windows.h>

namespace mlp::platform {

namespace {
// The system's own sentence for an error code ("The system cannot find the path specified."),
// without the line break FormatMessage ends it with.
std::string reason(const std::string& step, DWORD error) {
    std::string text = std::system_category().message(static_cast<int>(error));
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
    return step + ": " + text;
}

// A path in the same code page the narrow C library (fopen, std::ifstream) reads it in, so the
// file saved here is the file the library's readers open.
std::wstring wide(const std::string& path) {
    if (path.empty()) return std::wstring();
    const int n = MultiByteToWideChar(CP_ACP, 0, path.data(), static_cast<int>(path.size()), nullptr, 0);
    std::wstring out(static_cast<std::size_t>(n), L'\0');
    MultiByteToWideChar(CP_ACP, 0, path.data(), static_cast<int>(path.size()), out.data(), n);
    return out;
}

std::size_t last_separator(const std::wstring& path) { return path.find_last_of(L"/\\"); }

std::string directory_of(const std::string& path) {
    const std::size_t slash = path.find_last_of("/\\");
    return slash == std::string::npos ? "." : path.substr(0, slash == 0 ? 1 : slash);
}

// A handle that closes itself, so every early return below releases what it opened.
struct Handle {
    HANDLE h = INVALID_HANDLE_VALUE;
    explicit Handle(HANDLE handle) : h(handle) {}
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    ~Handle() {
        if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
    }
    bool ok() const { return h != INVALID_HANDLE_VALUE; }
};

// Opens an existing file, directory or device only to ask about it (no read or write access, every
// sharing mode, so it never stands in another program's way). Links are followed.
HANDLE open_to_inspect(const std::wstring& path) {
    return CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                       nullptr, OPEN_EXISTING, FILE_FLAG_BACKUP_SEMANTICS, nullptr);
}

// Creates "<dir>\<name>.<pid>.<n>.tmp" exclusively (CREATE_NEW); a name already taken (another
// process) moves on. The file's own name is cut to 200 characters in it, so a temporary beside a
// file whose name is as long as a name may be (255 characters) is still a valid name.
HANDLE create_unique(const std::wstring& path, std::wstring& tmp, DWORD& error) {
    static std::atomic<unsigned long> counter{0};
    const std::size_t slash = last_separator(path);
    const std::wstring dir = slash == std::wstring::npos ? std::wstring() : path.substr(0, slash + 1);
    const std::wstring name = path.substr(dir.size(), 200);
    for (int attempt = 0; attempt < 100; ++attempt) {
        tmp = dir + name + L"." + std::to_wstring(GetCurrentProcessId()) + L"." + std::to_wstring(counter++) + L".tmp";
        const HANDLE h = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h != INVALID_HANDLE_VALUE) return h;
        error = GetLastError();
        if (error != ERROR_FILE_EXISTS && error != ERROR_ALREADY_EXISTS) break;
    }
    return INVALID_HANDLE_VALUE;
}

// Writes all of `text` to `h`; false (GetLastError set) when the system refuses.
bool write_all(HANDLE h, const std::string& text) {
    std::size_t done = 0;
    while (done < text.size()) {
        const std::size_t left = text.size() - done;
        const DWORD chunk = left > (1u << 30) ? (1u << 30) : static_cast<DWORD>(left);
        DWORD written = 0;
        if (!WriteFile(h, text.data() + done, chunk, &written, nullptr)) return false;
        done += written;
    }
    return true;
}

// A device (NUL, CON, a COM port) or a named pipe the user named: written through, never
// replaced, since a regular file cannot take a device's place.
std::string write_through(const std::string& path, const std::wstring& name, const std::string& text) {
    Handle h(CreateFileW(name.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr, OPEN_EXISTING,
                         FILE_ATTRIBUTE_NORMAL, nullptr));
    if (!h.ok()) return reason("cannot open \"" + path + "\" for writing", GetLastError());
    const DWORD type = GetFileType(h.h);
    if (type != FILE_TYPE_CHAR && type != FILE_TYPE_PIPE)
        return "\"" + path + "\" changed while it was being opened";  // write nothing rather than guess
    if (!write_all(h.h, text)) return reason("writing \"" + path + "\" failed", GetLastError());
    return "";
}

// "\\.\pipe\name": a named pipe. Asking about it would open it, which takes the pipe's one
// waiting connection, so the name alone decides.
bool is_pipe_name(const std::wstring& path) {
    if (path.size() < 9) return false;
    std::wstring head = path.substr(0, 9);
    for (wchar_t& ch : head) ch = ch == L'/' ? L'\\' : static_cast<wchar_t>(std::towlower(static_cast<std::wint_t>(ch)));
    return head == L"\\\\.\\pipe\\";
}

// The file a link ends at (the system's own answer for the opened file), so that replacing it
// leaves the link a link. The answer is in the long form "\\?\C:\dir\file", which the calls below
// accept; a path that cannot be resolved stays as given.
std::wstring final_path(HANDLE h, const std::wstring& given) {
    const DWORD n = GetFinalPathNameByHandleW(h, nullptr, 0, FILE_NAME_NORMALIZED);
    if (n == 0) return given;
    std::wstring out(n, L'\0');
    const DWORD m = GetFinalPathNameByHandleW(h, out.data(), n, FILE_NAME_NORMALIZED);
    if (m == 0 || m >= n) return given;
    out.resize(m);
    return out;
}

// A reader that holds the file open without FILE_SHARE_DELETE (std::ifstream and most programs)
// blocks a replace until it closes; the save waits for it, up to about two seconds, rather than fail.
bool move_over(const std::wstring& from, const std::wstring& to, DWORD& error) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        if (MoveFileExW(from.c_str(), to.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) return true;
        error = GetLastError();
        if (error != ERROR_ACCESS_DENIED && error != ERROR_SHARING_VIOLATION) return false;
        // A read-only target refuses for good: no point in waiting.
        const DWORD attributes = GetFileAttributesW(to.c_str());
        if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_READONLY) != 0) return false;
        Sleep(10);
    }
    return false;
}
}  // namespace

std::string replace_file(const std::string& given, const std::string& text) {
    const std::wstring name = wide(given);
    if (is_pipe_name(name)) return write_through(given, name, text);
    std::wstring path = name;
    {
        Handle target(open_to_inspect(name));
        if (target.ok()) {
            BY_HANDLE_FILE_INFORMATION info{};
            const DWORD type = GetFileType(target.h);
            if (type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE) {
                CloseHandle(target.h);
                target.h = INVALID_HANDLE_VALUE;
                return write_through(given, name, text);
            }
            if (type != FILE_TYPE_DISK || !GetFileInformationByHandle(target.h, &info))
                return "\"" + given + "\" is not a regular file, a character device or a pipe";
            if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) return "\"" + given + "\" is a directory";
            // Windows' read-only attribute means "do not change this file": refused here, by this
            // rule, rather than by whichever call of the replace happens to meet it.
            if ((info.dwFileAttributes & FILE_ATTRIBUTE_READONLY) != 0)
                return "\"" + given + "\" is read-only (its read-only attribute is set)";
            path = final_path(target.h, name);
        }
    }
    std::wstring tmp;
    DWORD error = 0;
    Handle out(create_unique(path, tmp, error));
    if (!out.ok()) return reason("cannot create a temporary file in \"" + directory_of(given) + "\"", error);
    auto fail = [&](const std::string& step) {
        const DWORD saved = GetLastError();
        CloseHandle(out.h);
        out.h = INVALID_HANDLE_VALUE;
        DeleteFileW(tmp.c_str());
        return reason(step, saved);
    };
    if (!write_all(out.h, text)) return fail("writing the temporary file beside \"" + given + "\" failed");
    if (!FlushFileBuffers(out.h)) return fail("flushing the temporary file beside \"" + given + "\" to disk failed");
    if (!CloseHandle(out.h)) {
        out.h = INVALID_HANDLE_VALUE;
        const DWORD saved = GetLastError();
        DeleteFileW(tmp.c_str());
        return reason("closing the temporary file beside \"" + given + "\" failed", saved);
    }
    out.h = INVALID_HANDLE_VALUE;
    // MoveFileExW with MOVEFILE_REPLACE_EXISTING replaces the target in one step (a rename on NTFS):
    // a reader sees the old file or the new one, never half; MOVEFILE_WRITE_THROUGH returns only
    // once the rename is on disk. A new file takes its folder's inherited permissions.
    if (!move_over(tmp, path, error)) {
        DeleteFileW(tmp.c_str());
        return reason("cannot replace \"" + given + "\" with the temporary file beside it", error);
    }
    return "";
}

bool same_file(const std::string& a, const std::string& b) {
    Handle first(open_to_inspect(wide(a)));
    Handle second(open_to_inspect(wide(b)));
    if (!first.ok() || !second.ok()) return false;
    BY_HANDLE_FILE_INFORMATION x{}, y{};
    if (!GetFileInformationByHandle(first.h, &x) || !GetFileInformationByHandle(second.h, &y)) return false;
    // The volume and the file's index on it: Windows' device and inode.
    return x.dwVolumeSerialNumber == y.dwVolumeSerialNumber && x.nFileIndexHigh == y.nFileIndexHigh &&
           x.nFileIndexLow == y.nFileIndexLow;
}

bool is_device_or_pipe(const std::string& path) {
    const std::wstring name = wide(path);
    if (is_pipe_name(name)) return true;
    Handle h(open_to_inspect(name));
    if (!h.ok()) return false;
    const DWORD type = GetFileType(h.h);
    return type == FILE_TYPE_CHAR || type == FILE_TYPE_PIPE;
}

}  // namespace mlp::platform
