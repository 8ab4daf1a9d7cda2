#pragma once
// Carries out a region's plan: DeregisterImage with DeleteAssociatedSnapshots
// (falling back to deregister + DeleteSnapshot per snapshot where the
// endpoint does not know the parameter), EnableImageDeprecation, and orphan
// snapshot deletion. Idempotent: an image or snapshot already gone counts as
// done, so a re-run after an interruption converges.

#include <functional>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "steps/retention/decide.h"
#include "steps/retention/region_api.h"

namespace bakery::retention {

struct SnapshotResult {
  std::string snapshot_id;
  std::string result;  // success | skipped | already-deleted | missing-permissions | … | the error
  bool ok = true;
};

struct ApplyResult {
  std::string region;
  std::string id;  // image or (orphans) snapshot id
  std::string
      action;  // "deregistered", "deprecated", "already deregistered", "deleted orphan", "failed"
  bool ok = true;
  std::string error;   // when !ok
  std::string reason;  // action "kept": why (public / shared)
  std::vector<SnapshotResult> snapshots;
};

struct ApplyOptions {
  int workers = 4;  // calls in flight per region; the client paces them to EC2's buckets
  /// Check launch permissions right before each change (the apply pipeline
  /// then runs at the DeregisterImage bucket's rate instead of a separate
  /// DescribeImageAttribute pass first); a public or shared image is kept
  /// (action "kept", `reason` says why).
  bool check_shared = false;
  /// Asked before each change; true stops the region (changes not started
  /// are reported as "not started (interrupted)"). Empty: never.
  std::function<bool()> interrupted;
};

/// Applies every DELETE/DEPRECATE decision and every removable orphan of
/// one region. Results are in the order of the inputs (decisions, then
/// orphans); failures are results, never aborts.
std::vector<ApplyResult> ApplyRegion(RegionApi& api, const std::vector<Decision>& decisions,
                                     const std::vector<OrphanDecision>& orphans, Clock& clock,
                                     const ApplyOptions& options = {});

/// The DeprecateAt value for "now": the next whole minute plus one, since
/// EC2 rounds to minutes and refuses past dates.
std::string DeprecateAtFor(SystemTime now);

}  // namespace bakery::retention
