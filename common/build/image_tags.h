#pragma once
// The tag set bakery puts on every AMI and snapshot it builds: the catalog
// (design: "Tags are the catalog"). Keys are prefixed with the configured
// tag prefix ("bakery:" by default); configured extra tags are unprefixed.

#include <map>
#include <string>

#include "common/ci/context.h"

namespace bakery::build {

using Tags = std::map<std::string, std::string>;

struct ImageOrigin {
  std::string family;
  std::string version;
  std::string fingerprint;
  std::string parent_ami;   // the parent image's AMI in this region; empty for roots
  std::string source_ami;   // what Packer launched from, when known
  std::string built_at;     // ISO 8601 UTC
  std::string status = "testing";
};

/// "github-actions", "codebuild" or "local".
std::string CiName(ci::Platform platform);

/// The AMI's tags: family, version, commit, branch, repository, run-url, ci,
/// built-at, fingerprint, parent, source-ami, status (empty values left out),
/// then `extra` (which never overrides a bakery key). Values are cut to
/// EC2's 256 characters.
Tags ImageTags(const std::string& prefix, const ImageOrigin& origin, const ci::CiContext& ci,
               const Tags& extra);

/// The snapshots' tags: family, version, commit (and `extra`).
Tags SnapshotTags(const std::string& prefix, const ImageOrigin& origin, const ci::CiContext& ci,
                  const Tags& extra);

}  // namespace bakery::build
