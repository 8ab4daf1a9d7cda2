#pragma once
// The work tree as the build step's fingerprints need it, without stat'ing
// all of it: lists the files under a path the way
// `git ls-files --cached --others --exclude-standard` would, and vouches for
// a file's index blob id when its stat data still matches the index (git's
// own rule, racy timestamps included). A repository with 20,000 files and
// images that use 200 of them costs 200 stats, not 20,000.

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"
#include "common/git/discover.h"

namespace bakery::git {

class WorkTree {
 public:
  /// Reads the index of the work tree containing `path` (see FindWorkTree).
  static Result<WorkTree> Open(const std::string& path);
  /// Reads the index of a work tree already found.
  static Result<WorkTree> Open(const GitLocation& location);

  /// The work tree's root, with a trailing slash.
  const std::string& root() const;

  /// The blob id the index records for `path` when the working copy is the
  /// staged content: tracked, stat data unchanged since it was staged, and
  /// not racily clean. nullopt means "hash the content". Thread-safe.
  std::optional<std::string> CleanBlobId(std::string_view path) const;

  /// A listed file and, when the index vouches for it (as CleanBlobId), its
  /// blob id; nullopt means "hash the content".
  struct Listed {
    std::string path;
    std::optional<std::string> clean_blob_id;
  };

  /// Repository-relative files at `path`: the file itself, or every file
  /// under a directory ("" is the whole tree), tracked or untracked but not
  /// ignored; never .git or nested repositories; only those `keep` accepts
  /// (all when empty). Sorted; empty when nothing exists there. Each tracked
  /// file is stat'ed while its directory is open (one path lookup instead of
  /// one per path component) for its clean blob id. Thread-safe.
  Result<std::vector<Listed>> List(
      const std::string& path, const std::function<bool(std::string_view)>& keep = {}) const;

  /// What git hashes for `path`: a symlink's target, a file's bytes;
  /// nullopt when no file is there (missing, or a directory). Thread-safe.
  Result<std::optional<std::string>> Content(std::string_view path) const;

 private:
  struct Impl;
  explicit WorkTree(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace bakery::git
