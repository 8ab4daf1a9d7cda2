#pragma once
// bakery-inspect --manifest: the builds of a Packer manifest's last run,
// right where `jq '.builds[-1].artifact_id' | cut -d: -f2` is wrong
// (appended runs, several regions, several builds).

#include <optional>
#include <string>

#include "common/cli/step_main.h"
#include "common/packer/manifest.h"
#include "steps/inspect/inspect.h"

namespace bakery::inspect {

/// What --manifest reports: the selected builds and the single AMI, if any.
struct ManifestReport {
  std::string path;
  packer::Manifest manifest;
  std::vector<packer::ManifestBuild> builds;  // selected (all of the last run, or --build)
  std::string region;                          // the region ami-id is for; may be empty
  std::optional<std::string> ami_id;           // exactly one AMI in `region`
  std::string ami_id_note;                     // why ami-id is not set, when it is not
};

/// Selects builds and the single AMI. `region` is --region, else AWS_REGION,
/// else the only region when all selected AMIs share one.
Result<ManifestReport> BuildManifestReport(const InspectOptions& options,
                                           const cli::StepContext& context);

ExitCode RunManifestInspect(const InspectOptions& options, cli::StepContext& context);

}  // namespace bakery::inspect
