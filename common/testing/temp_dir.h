#pragma once
// A scratch directory for tests, removed on destruction unless the test
// failed (then kept and printed, as ninja and ccache do).

#include <string>

namespace bakery::testing_util {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  /// Writes `content` to path()/relative, creating parent directories.
  std::string Write(const std::string& relative, const std::string& content) const;

 private:
  std::string path_;
};

}  // namespace bakery::testing_util
