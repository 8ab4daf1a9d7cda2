#include "common/build/file_digests.h"

#include <algorithm>
#include <functional>
#include <optional>

#include <fmt/format.h>

#include "common/aws/crypto.h"

namespace bakery::build {
namespace {

bool HasGlob(std::string_view text) { return text.find_first_of("*?[") != std::string_view::npos; }

// Matches a bracket class at pattern[p] ("[abc]", "[a-z]", "[!x]") against c;
// advances p past it.
bool MatchClass(std::string_view pattern, size_t& p, char c) {
  size_t i = p + 1;
  bool negate = i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^');
  if (negate) ++i;
  bool matched = false;
  for (bool first = true; i < pattern.size() && (first || pattern[i] != ']'); first = false) {
    if (i + 2 < pattern.size() && pattern[i + 1] == '-' && pattern[i + 2] != ']') {
      matched |= c >= pattern[i] && c <= pattern[i + 2];
      i += 3;
    } else {
      matched |= c == pattern[i++];
    }
  }
  p = i + 1;
  return matched != negate;
}

}  // namespace

std::string GitBlobId(std::string_view content) {
  std::string object = fmt::format("blob {}", content.size());
  object.push_back('\0');
  object.append(content);
  return aws::Sha1Hex(object);
}

bool GlobMatch(std::string_view pattern, std::string_view path) {
  if (pattern.starts_with("**/")) {
    // "**/x" matches "x" and any "…/x".
    if (GlobMatch(pattern.substr(3), path)) return true;
    for (size_t slash = path.find('/'); slash != std::string_view::npos;
         slash = path.find('/', slash + 1)) {
      if (GlobMatch(pattern.substr(3), path.substr(slash + 1))) return true;
    }
    return false;
  }
  if (pattern == "**") return true;
  if (pattern.empty()) return path.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= path.size(); ++i) {
      if (GlobMatch(pattern.substr(1), path.substr(i))) return true;
      if (i < path.size() && path[i] == '/') break;
    }
    return false;
  }
  if (path.empty()) return false;
  if (pattern[0] == '?') return path[0] != '/' && GlobMatch(pattern.substr(1), path.substr(1));
  if (pattern[0] == '[') {
    size_t p = 0;
    return path[0] != '/' && MatchClass(pattern, p, path[0]) &&
           GlobMatch(pattern.substr(p), path.substr(1));
  }
  return pattern[0] == path[0] && GlobMatch(pattern.substr(1), path.substr(1));
}

Result<std::string> FileDigests::Of(std::string_view path) const {
  if (std::optional<std::string> clean = tree_.CleanBlobId(path)) return std::move(*clean);
  return OfContent(path);
}

Result<std::string> FileDigests::OfContent(std::string_view path) const {
  Result<std::optional<std::string>> content = tree_.Content(path);
  if (!content) return std::unexpected(std::move(content.error()));
  return *content ? GitBlobId(**content) : std::string("missing");
}

FileDigests::Pattern FileDigests::ParsePattern(const std::string& input) {
  std::string pattern = input;
  while (pattern.starts_with("./")) pattern = pattern.substr(2);
  while (pattern.ends_with('/')) pattern.pop_back();
  if (!HasGlob(pattern)) return {pattern, std::nullopt};
  // Walk only below the pattern's literal directory: "ansible/**/*.yml"
  // lists ansible/, not the whole repository.
  size_t glob = pattern.find_first_of("*?[");
  size_t slash = pattern.rfind('/', glob);
  return {slash == std::string::npos ? "" : pattern.substr(0, slash), pattern};
}

Result<std::vector<PathDigest>> FileDigests::Expand(const std::string& input) const {
  Pattern pattern = ParsePattern(input);
  std::function<bool(std::string_view)> keep;
  if (pattern.glob) {
    keep = [&glob = *pattern.glob](std::string_view path) { return GlobMatch(glob, path); };
  }
  Result<std::vector<git::WorkTree::Listed>> listed = tree_.List(pattern.base, keep);
  if (!listed) return std::unexpected(std::move(listed.error()));
  std::vector<PathDigest> files;
  files.reserve(listed->size());
  for (git::WorkTree::Listed& file : *listed) {
    if (file.clean_blob_id) {
      files.push_back({std::move(file.path), std::move(*file.clean_blob_id)});
      continue;
    }
    Result<std::string> digest = OfContent(file.path);  // modified or untracked
    if (!digest) return std::unexpected(std::move(digest.error()));
    files.push_back({std::move(file.path), std::move(*digest)});
  }
  return files;
}

}  // namespace bakery::build
