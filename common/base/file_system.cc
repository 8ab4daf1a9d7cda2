#include "common/base/file_system.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace bakery {
namespace {

std::unexpected<Error> IoError(std::string_view verb, const std::string& path, int error_number) {
  ErrorKind kind = error_number == ENOENT || error_number == EACCES || error_number == EISDIR
                       ? ErrorKind::kBadInput
                       : ErrorKind::kFailed;
  return Fail(kind, "{} {}: {}", verb, path, std::strerror(error_number));
}

Result<void> WriteWithMode(const std::string& path, std::string_view content,
                           std::ios::openmode mode, std::string_view verb) {
  std::ofstream out(path, mode | std::ios::binary);
  if (!out) return IoError(verb, path, errno);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return IoError(verb, path, errno);
  return {};
}

}  // namespace

Result<std::string> RealFileSystem::ReadFile(const std::string& path) const {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return IoError("reading", path, EISDIR);
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("reading", path, errno);
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Result<void> RealFileSystem::WriteFile(const std::string& path, std::string_view content) {
  std::string temp = path + ".tmp." + std::to_string(::getpid());
  if (auto written = WriteWithMode(temp, content, std::ios::trunc, "writing"); !written) {
    return written;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    int saved = errno;
    std::remove(temp.c_str());
    return IoError("renaming to", path, saved);
  }
  return {};
}

Result<void> RealFileSystem::AppendFile(const std::string& path, std::string_view content) {
  return WriteWithMode(path, content, std::ios::app, "appending to");
}

bool RealFileSystem::Exists(const std::string& path) const {
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

Result<std::string> InMemoryFileSystem::ReadFile(const std::string& path) const {
  auto it = files_.find(path);
  if (it == files_.end()) return IoError("reading", path, ENOENT);
  return it->second;
}

Result<void> InMemoryFileSystem::WriteFile(const std::string& path, std::string_view content) {
  files_[path] = std::string(content);
  return {};
}

Result<void> InMemoryFileSystem::AppendFile(const std::string& path, std::string_view content) {
  files_[path] += content;
  return {};
}

}  // namespace bakery
