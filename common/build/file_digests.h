#pragma once
// The content identity of the files an image is built from. A file's digest
// is its git blob id: read from the index for tracked files whose working
// copy is unchanged (one stat each, no reading; identical on a fresh clone),
// and computed the same way from the content for modified and untracked
// files, so a file that is edited and then reverted fingerprints the same.

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

class FileDigests {
 public:
  explicit FileDigests(git::WorkTree tree) : tree_(std::move(tree)) {}

  /// The digest of one file; "missing" when it does not exist (a deleted
  /// input changes the fingerprint too).
  Result<std::string> Of(std::string_view path) const;

  /// The digests of many files, in the order of `paths`, taken on every
  /// core: the stat calls dominate a plan of thousands of inputs.
  Result<std::vector<std::string>> OfAll(const std::vector<std::string_view>& paths) const;

  /// The files a declared input names: the file itself, every file under a
  /// directory, or every file matching a glob (tracked or untracked, not
  /// ignored). Sorted; empty when nothing matches.
  Result<std::vector<std::string>> Expand(const std::string& input) const;

 private:
  git::WorkTree tree_;
};

}  // namespace bakery::build
