#pragma once
// Finds the git work tree containing a path the way git does, without
// libgit2: initialising libgit2 loads the system's CA certificates for its
// TLS transport, which costs more than a build plan's whole git work.

#include <string>

#include "common/base/error.h"

namespace bakery::git {

struct GitLocation {
  std::string workdir;  // the work tree, with a trailing slash
  std::string gitdir;   // its git directory (for a linked worktree, its own), with a trailing slash
};

/// Searches `path` and its parents for `.git`: a directory holding HEAD, or
/// a file "gitdir: DIR" (linked worktrees, submodules). Like git, it stops
/// at a file system boundary. kBadInput "PATH is not inside a git
/// repository" when there is none.
Result<GitLocation> FindWorkTree(const std::string& path);

}  // namespace bakery::git
