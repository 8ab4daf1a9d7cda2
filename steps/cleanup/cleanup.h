#pragma once
// bakery-cleanup:
//   --run-id ID | --older-than DUR   terminate test-launch instances, wait, then delete
//                                    their temporary key pairs and security groups
//   --image AMI | --family F --version V   discard a failed image (all regions) with its
//                                    snapshots
// --dry-run plans only. Regions run in parallel; failures exit 3.

#include <string>
#include <vector>

#include "common/aws/session.h"
#include "common/cli/step_main.h"
#include "steps/cleanup/selection.h"

namespace bakery::cleanup {

struct CleanupOptions {
  std::string run_id;
  std::string older_than;
  std::string image;
  std::string family;
  std::string version;
  bool dry_run = false;
  std::string timeout = "10m";
};

/// One thing done (or planned) in a region.
struct Line {
  std::string region;
  std::string kind;  // instance | key-pair | security-group | image | snapshot
  std::string id;
  std::string action;  // terminated, deleted, would terminate, …
  bool ok = true;
  std::string error;
};

struct TestCleanupSettings {
  catalog::TagNames names;
  Scope scope;
  bool dry_run = false;
  std::chrono::seconds timeout{600};
  Duration poll{1000};
};

/// The test-resource cleanup of one region.
std::vector<Line> CleanTestResources(aws::Ec2& ec2, const TestCleanupSettings& settings,
                                     Clock& clock);

/// Deregisters `image` with its snapshots (falling back to DeleteSnapshot
/// per snapshot on endpoints without DeleteAssociatedSnapshots).
std::vector<Line> DiscardImage(aws::Ec2& ec2, const catalog::ImageRecord& image, bool dry_run);

void DeclareCleanupOptions(cli::StepCommand& command, CleanupOptions& options);
ExitCode RunCleanup(const CleanupOptions& options, cli::StepContext& context);
cli::StepSpec CleanupStep();

}  // namespace bakery::cleanup
