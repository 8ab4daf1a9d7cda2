#pragma once
// A real git repository in a temp dir, driven with the git CLI, for tests of
// code that reads git through libgit2.

#include <string>

#include "common/testing/temp_dir.h"

namespace bakery::testing_util {

class GitTestRepo {
 public:
  GitTestRepo();  // `git init -b main` with a fixed identity
  const std::string& path() const { return dir_.path(); }
  std::string Write(const std::string& relative, const std::string& content) const {
    return dir_.Write(relative, content);
  }
  /// Runs `git ARGS` in the repo; fails the test on a non-zero exit. Returns stdout trimmed.
  std::string Git(const std::string& args) const;
  /// Adds everything and commits; returns the new commit sha.
  std::string CommitAll(const std::string& message) const;
  /// Commits `file`, edits it differently on main and on a branch, and
  /// merges: `file` is left with an unresolved conflict (index stages 1-3).
  void MergeWithConflict(const std::string& file) const;
  /// Sets the mtime (and so the ctime) of path()/relative to `seconds` since
  /// the epoch: how tests make a file clearly older or newer than the index.
  void SetMtime(const std::string& relative, long seconds) const;

 private:
  TempDir dir_;
};

}  // namespace bakery::testing_util
