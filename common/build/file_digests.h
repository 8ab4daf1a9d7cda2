#pragma once
// The content identity of the files an image is built from. A file's digest
// is its git blob id: read from the index for tracked files whose working
// copy is unchanged (one stat each, no reading; identical on a fresh clone),
// and computed the same way from the content for modified and untracked
// files, so a file that is edited and then reverted fingerprints the same.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/error.h"
#include "common/git/work_tree.h"

namespace bakery::build {

/// The git blob id of `content` (sha1 of "blob <size>\0<content>").
std::string GitBlobId(std::string_view content);

/// Matches a repository-relative path against a glob: `*` and `?` within
/// one path segment, `**` across segments, `[abc]` classes.
bool GlobMatch(std::string_view pattern, std::string_view path);

/// A file and its digest.
struct PathDigest {
  std::string path;
  std::string digest;
  bool operator==(const PathDigest&) const = default;
};

class FileDigests {
 public:
  explicit FileDigests(git::WorkTree tree) : tree_(std::move(tree)) {}

  /// The digest of one file; "missing" when it does not exist (a deleted
  /// input changes the fingerprint too).
  Result<std::string> Of(std::string_view path) const;

  /// The files a declared input names: the file itself, every file under a
  /// directory, or every file matching a glob (tracked or untracked, not
  /// ignored), each with its digest, taken in the same walk: a tracked file
  /// costs one stat relative to its open directory, the rest is read and
  /// hashed. Sorted by path; empty when nothing matches. Thread-safe: the
  /// plan digests several images at once.
  Result<std::vector<PathDigest>> Expand(const std::string& input) const;

 private:
  struct Pattern {
    std::string base;                 // the file or directory to list
    std::optional<std::string> glob;  // what listed paths must match, if a glob
  };
  static Pattern ParsePattern(const std::string& input);
  Result<std::string> OfContent(std::string_view path) const;

  git::WorkTree tree_;
};

}  // namespace bakery::build
