#pragma once
// File access behind an interface so tests can use an in-memory tree
// (InMemoryFileSystem below) where a real temp dir is not needed.

#include <map>
#include <string>

#include "common/base/error.h"

namespace bakery {

class FileSystem {
 public:
  virtual ~FileSystem() = default;
  /// The whole file; kBadInput "reading PATH: No such file or directory" etc.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  /// Replaces the file atomically (write to a temp file, then rename).
  virtual Result<void> WriteFile(const std::string& path, std::string_view content) = 0;
  /// Appends (GITHUB_OUTPUT and GITHUB_STEP_SUMMARY are append-only by contract).
  virtual Result<void> AppendFile(const std::string& path, std::string_view content) = 0;
  virtual bool Exists(const std::string& path) const = 0;
};

class RealFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) const override;
  Result<void> WriteFile(const std::string& path, std::string_view content) override;
  Result<void> AppendFile(const std::string& path, std::string_view content) override;
  bool Exists(const std::string& path) const override;
};

class InMemoryFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) const override;
  Result<void> WriteFile(const std::string& path, std::string_view content) override;
  Result<void> AppendFile(const std::string& path, std::string_view content) override;
  bool Exists(const std::string& path) const override { return files_.contains(path); }
  const std::map<std::string, std::string>& files() const { return files_; }

 private:
  std::map<std::string, std::string> files_;
};

}  // namespace bakery
