#include "common/build/file_digests.h"

#include "common/aws/crypto.h"

#include <fmt/format.h>

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

FileDigests::FileDigests(git::WorkTreeState state, std::string root, const FileSystem& files)
    : state_(std::move(state)), root_(std::move(root)), files_(files) {
  for (const auto& [path, blob] : state_.clean_blob_ids) all_.insert(path);
  for (const std::string& path : state_.changed) {
    if (files_.Exists(root_ + path)) all_.insert(path);
  }
}

Result<std::string> FileDigests::Of(const std::string& path) const {
  auto clean = state_.clean_blob_ids.find(path);
  if (clean != state_.clean_blob_ids.end()) return clean->second;
  if (!files_.Exists(root_ + path)) return std::string("missing");
  Result<std::string> content = files_.ReadFile(root_ + path);
  if (!content) return std::unexpected(std::move(content.error()));
  return GitBlobId(*content);
}

std::vector<std::string> FileDigests::Expand(const std::string& input) const {
  std::string pattern = input;
  while (pattern.starts_with("./")) pattern = pattern.substr(2);
  while (pattern.ends_with('/')) pattern.pop_back();
  std::vector<std::string> matched;
  if (HasGlob(pattern)) {
    for (const std::string& path : all_) {
      if (GlobMatch(pattern, path)) matched.push_back(path);
    }
    return matched;
  }
  if (all_.contains(pattern)) return {pattern};
  std::string prefix = pattern.empty() ? "" : pattern + "/";
  for (auto it = all_.lower_bound(prefix); it != all_.end() && it->starts_with(prefix); ++it) {
    matched.push_back(*it);
  }
  return matched;
}

}  // namespace bakery::build
