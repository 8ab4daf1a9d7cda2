#pragma once
// Packer's -machine-readable output: `timestamp,target,type,data...` lines,
// with commas in data written as %!(PACKER_COMMA) and newlines as a literal
// "\n". Parsed line by line, because the build step streams Packer's output
// live through it; artifacts are collected from their blocks:
//   <ts>,amazon-ebs.web,artifact-count,1
//   <ts>,amazon-ebs.web,artifact,0,builder-id,mitchellh.amazonebs
//   <ts>,amazon-ebs.web,artifact,0,id,eu-west-1:ami-1%!(PACKER_COMMA)us-east-1:ami-2
//   <ts>,amazon-ebs.web,artifact,0,end
// Artifacts with an empty id (Packer's docs show them) are dropped.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/packer/manifest.h"

namespace bakery::packer {

struct MachineReadableLine {
  int64_t timestamp = 0;
  std::string target;             // build name ("amazon-ebs.web") or empty
  std::string type;               // "ui", "artifact", "error", "version", ...
  std::vector<std::string> data;  // unescaped fields
};

/// Splits and unescapes one line; nullopt for lines that are not
/// machine-readable (Packer plugins sometimes print plain text).
std::optional<MachineReadableLine> ParseMachineReadableLine(std::string_view line);

struct Artifact {
  std::string build;       // target of the artifact lines
  std::string builder_id;  // "mitchellh.amazonebs"
  std::string id;          // "eu-west-1:ami-1,us-east-1:ami-2"
  std::string description; // the artifact's "string"
  std::vector<RegionalAmi> amis;  // parsed from id when it is an AMI list
};

/// Feeds lines one at a time; keeps artifacts and the last UI messages.
class MachineReadableParser {
 public:
  /// Parses `line`; returns it so the caller can render it live.
  std::optional<MachineReadableLine> Feed(std::string_view line);

  const std::vector<Artifact>& artifacts() const { return artifacts_; }
  /// ui,error messages in order (Packer's failures).
  const std::vector<std::string>& errors() const { return errors_; }
  /// `<build>,error,<message>` lines: one clean message per failed build.
  const std::vector<std::string>& build_errors() const { return build_errors_; }
  /// The Packer version when it printed one.
  const std::string& version() const { return version_; }

 private:
  void OnArtifact(const MachineReadableLine& line);

  std::map<std::pair<std::string, std::string>, Artifact> open_;  // (target, index)
  std::vector<Artifact> artifacts_;
  std::vector<std::string> errors_;
  std::vector<std::string> build_errors_;
  std::string version_;
};

}  // namespace bakery::packer
