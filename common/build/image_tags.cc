#include "common/build/image_tags.h"

namespace bakery::build {
namespace {

constexpr size_t kMaxValue = 256;

void Put(Tags& tags, const std::string& key, const std::string& value) {
  if (value.empty()) return;
  tags[key] = value.size() > kMaxValue ? value.substr(0, kMaxValue) : value;
}

void AddExtra(Tags& tags, const Tags& extra) {
  for (const auto& [key, value] : extra) {
    if (!tags.contains(key)) Put(tags, key, value);
  }
}

}  // namespace

std::string CiName(ci::Platform platform) {
  switch (platform) {
    case ci::Platform::kGitHubActions: return "github-actions";
    case ci::Platform::kCodeBuild: return "codebuild";
    case ci::Platform::kLocal: return "local";
  }
  return "local";
}

Tags ImageTags(const std::string& prefix, const ImageOrigin& origin, const ci::CiContext& ci,
               const Tags& extra) {
  Tags tags;
  Put(tags, prefix + "family", origin.family);
  Put(tags, prefix + "version", origin.version);
  Put(tags, prefix + "commit", ci.commit);
  Put(tags, prefix + "branch", ci.branch);
  Put(tags, prefix + "repository", ci.repository);
  Put(tags, prefix + "run-url", ci.run_url);
  Put(tags, prefix + "ci", CiName(ci.platform));
  Put(tags, prefix + "built-at", origin.built_at);
  Put(tags, prefix + "fingerprint", origin.fingerprint);
  Put(tags, prefix + "parent", origin.parent_ami);
  Put(tags, prefix + "source-ami", origin.source_ami);
  Put(tags, prefix + "status", origin.status);
  AddExtra(tags, extra);
  return tags;
}

Tags SnapshotTags(const std::string& prefix, const ImageOrigin& origin, const ci::CiContext& ci,
                  const Tags& extra) {
  Tags tags;
  Put(tags, prefix + "family", origin.family);
  Put(tags, prefix + "version", origin.version);
  Put(tags, prefix + "commit", ci.commit);
  AddExtra(tags, extra);
  return tags;
}

}  // namespace bakery::build
