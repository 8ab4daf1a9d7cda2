#pragma once
// Packer's manifest post-processor output (packer-manifest.json).
//
// Runs append to the same file; only the builds whose packer_run_uuid equals
// last_run_uuid belong to the last run. An amazon artifact_id holds every
// region: "eu-west-1:ami-2,us-east-1:ami-1" (sorted by region).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery::packer {

struct RegionalAmi {
  std::string region;
  std::string ami_id;
  bool operator==(const RegionalAmi&) const = default;
};

struct ManifestBuild {
  std::string name;          // the source label, e.g. "ubuntu"
  std::string builder_type;  // e.g. "amazon-ebs"
  std::optional<int64_t> build_time;  // absent with strip_time
  std::string artifact_id;
  std::string run_uuid;
  std::vector<RegionalAmi> amis;  // in artifact_id order

  /// "amazon-ebs.ubuntu", the name Packer's -only and HCL2 output use.
  std::string QualifiedName() const { return builder_type + "." + name; }
};

struct Manifest {
  std::string last_run_uuid;
  std::vector<ManifestBuild> last_run;  // builds of the last run, in file order
  int total_builds = 0;                 // over every run in the file
  int runs = 0;                         // distinct run uuids in the file
};

/// Parses manifest text. `path` is only used in error messages. Errors are
/// kBadInput with one line: "PATH:LINE:COL: invalid JSON: ...", "PATH: no
/// build in the last run (last_run_uuid ...)", "PATH: build 'x': malformed
/// artifact_id '...': expected REGION:AMI_ID[,REGION:AMI_ID...]".
Result<Manifest> ParseManifest(std::string_view text, const std::string& path);

/// Parses "us-east-1:ami-1,eu-west-1:ami-2"; nullopt when malformed.
std::optional<std::vector<RegionalAmi>> ParseArtifactId(std::string_view artifact_id);

/// The build named `name` (its source label or builder_type.name) in the
/// last run; kBadInput "unknown build 'x' (did you mean 'y'?); the last run
/// has: a, b" otherwise.
Result<const ManifestBuild*> FindBuild(const Manifest& manifest, std::string_view name,
                                       const std::string& path);

}  // namespace bakery::packer
