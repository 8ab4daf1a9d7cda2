#pragma once
// The work tree as the build step's fingerprints need it, without stat'ing
// all of it: lists the files under a path the way
// `git ls-files --cached --others --exclude-standard` would, and vouches for
// a file's index blob id when its stat data still matches the index (git's
// own rule, racy timestamps included). A repository with 20,000 files and
// images that use 200 of them costs 200 stats, not 20,000.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery::git {

class WorkTree {
 public:
  /// Reads the index of the work tree containing `path` (see FindWorkTree).
  static Result<WorkTree> Open(const std::string& path);

  /// The work tree's root, with a trailing slash.
  const std::string& root() const;

  /// Repository-relative files at `path`: the file itself, or every file
  /// under a directory ("" is the whole tree), tracked or untracked but not
  /// ignored; never .git or nested repositories. Sorted; empty when nothing
  /// exists there.
  Result<std::vector<std::string>> List(const std::string& path) const;

  /// The blob id the index records for `path` when the working copy is the
  /// staged content: tracked, stat data unchanged since it was staged, and
  /// not racily clean. nullopt means "hash the content". Thread-safe.
  std::optional<std::string> CleanBlobId(std::string_view path) const;

  /// What git hashes for `path`: a symlink's target, a file's bytes;
  /// nullopt when no file is there (missing, or a directory). Thread-safe.
  Result<std::optional<std::string>> Content(std::string_view path) const;

 private:
  struct Impl;
  explicit WorkTree(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace bakery::git
