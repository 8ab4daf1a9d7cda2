#pragma once
// The git repository bakery runs in, through libgit2 (its types stay in the
// .cc): the local CI context (HEAD, branch, dirty, describe). The build
// step's file fingerprints use WorkTree (work_tree.h), which stats only the
// files it is asked about.

#include <memory>
#include <optional>
#include <set>
#include <string>

#include "common/base/error.h"

namespace bakery::git {

struct HeadInfo {
  std::string commit;      // full sha; empty in a repository without commits
  std::string branch;      // short branch name, or "detached"
  bool detached = false;
  bool dirty = false;      // modified, staged or untracked files (ignored ones excluded)
  std::string describe;    // like `git describe --tags --always --dirty`
  std::string origin_url;  // remote "origin", if any
};

class Repository {
 public:
  /// Opens the repository containing `path` (searching upwards).
  /// kBadInput "PATH is not inside a git repository" when there is none.
  static Result<Repository> Discover(const std::string& path);

  /// The work tree's root, with a trailing slash.
  const std::string& workdir() const;
  Result<HeadInfo> Head() const;
  /// Paths whose working copy differs from the index, or that are untracked.
  /// Computed once per Repository (copies share it): it stats every file.
  Result<std::set<std::string>> ChangedFiles() const;

 private:
  struct Impl;
  explicit Repository(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

/// "owner/name" from a GitHub-style remote URL (https, ssh or scp form);
/// nullopt for anything else.
std::optional<std::string> RepositorySlug(const std::string& remote_url);

}  // namespace bakery::git
