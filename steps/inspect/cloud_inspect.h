#pragma once
// bakery-inspect in the cloud:
//   --ami ID                         details, launch permissions, ancestry
//   --family F [--status S]          the family's images per region, newest first
//   --family F --max-age DUR         exit 3 when the newest image is older (cron)

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/catalog/catalog.h"
#include "common/cli/step_main.h"
#include "steps/inspect/inspect.h"

namespace bakery::inspect {

/// The family's images of one region, newest first.
struct FamilyRegion {
  std::string region;
  std::vector<catalog::ImageRecord> images;
};

/// Why the newest image is too old (or missing) in each region, one line
/// per region; empty when every region has an image younger than `max_age`.
std::vector<std::string> StaleRegions(const std::vector<FamilyRegion>& regions,
                                      const std::string& family, const std::string& status,
                                      std::chrono::seconds max_age, SystemTime now);

/// The family table: REGION IMAGE VERSION COMMIT BRANCH STATUS AGE.
std::string FamilyTable(const std::vector<FamilyRegion>& regions, SystemTime now);

/// The --ami details as "key  value" lines (tags, devices, ancestry included).
struct AmiReport {
  catalog::ImageRecord image;
  aws::LaunchPermissions permissions;
  std::vector<catalog::ImageRecord> ancestry;  // parent, grandparent, … (same region)
  std::string ancestry_note;                   // why the chain stops early, if it does
};
std::string AmiText(const AmiReport& report, SystemTime now);

ExitCode RunFamilyInspect(const InspectOptions& options, cli::StepContext& context);
ExitCode RunAmiInspect(const InspectOptions& options, cli::StepContext& context);

}  // namespace bakery::inspect
