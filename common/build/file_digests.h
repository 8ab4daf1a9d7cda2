#pragma once
// The content identity of the files an image is built from. A file's digest
// is its git blob id: read from the index for tracked files whose working
// copy is unchanged (no reading, no mtimes, identical on a fresh clone), and
// computed the same way from the content for modified and untracked files,
// so a file that is edited and then reverted fingerprints the same.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/base/file_system.h"
#include "common/git/repository.h"

namespace bakery::build {

/// The git blob id of `content` (sha1 of "blob <size>\0<content>").
std::string GitBlobId(std::string_view content);

/// Matches a repository-relative path against a glob: `*` and `?` within
/// one path segment, `**` across segments, `[abc]` classes.
bool GlobMatch(std::string_view pattern, std::string_view path);

class FileDigests {
 public:
  /// `root`: the work tree with a trailing slash; paths are relative to it.
  FileDigests(git::WorkTreeState state, std::string root, const FileSystem& files);

  /// The digest of one file; "missing" when it does not exist (a deleted
  /// input changes the fingerprint too).
  Result<std::string> Of(const std::string& path) const;

  /// The files a declared input names: the file itself, every file under a
  /// directory, or every file matching a glob. Sorted; empty when nothing
  /// matches.
  std::vector<std::string> Expand(const std::string& input) const;

  /// Every tracked or untracked (not ignored) file.
  const std::set<std::string>& AllFiles() const { return all_; }

 private:
  git::WorkTreeState state_;
  std::string root_;
  const FileSystem& files_;
  std::set<std::string> all_;
};

}  // namespace bakery::build
