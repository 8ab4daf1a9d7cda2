#include "steps/retention/apply.h"

#include <atomic>

#include "common/base/parallel.h"
#include "common/base/time_format.h"
#include "steps/retention/usage.h"

namespace bakery::retention {
namespace {

bool IsUnknownParameter(const Error& error) {
  return error.code == "UnknownParameter" || error.code == "InvalidParameter";
}

bool IsImageGone(const Error& error) {
  return error.code == "InvalidAMIID.NotFound" || error.code == "InvalidAMIID.Unavailable";
}

SnapshotResult DeleteOneSnapshot(RegionApi& api, const std::string& id) {
  auto deleted = api.DeleteSnapshot(id);
  if (deleted) return {id, "success", true};
  const Error& error = deleted.error();
  if (error.code == "InvalidSnapshot.NotFound") return {id, "already-deleted", true};
  // Another image still uses it: EC2's DeleteAssociatedSnapshots skips it too.
  if (error.code == "InvalidSnapshot.InUse") return {id, "skipped", true};
  return {id, error.code.empty() ? error.message : error.code + ": " + error.message, false};
}

void DeleteSnapshots(RegionApi& api, const catalog::ImageRecord& image, ApplyResult& result) {
  for (const std::string& id : image.SnapshotIds()) {
    result.snapshots.push_back(DeleteOneSnapshot(api, id));
    if (!result.snapshots.back().ok) {
      result.ok = false;
      result.error = "snapshot " + id + ": " + result.snapshots.back().result;
    }
  }
}

// Deregister, then delete each snapshot: for endpoints without
// DeleteAssociatedSnapshots, and to finish an image found already gone.
void DeregisterThenDelete(RegionApi& api, const catalog::ImageRecord& image, ApplyResult& result) {
  auto deregistered = api.DeregisterImage(image.id, false);
  if (!deregistered && !IsImageGone(deregistered.error())) {
    result.ok = false;
    result.action = "failed";
    result.error = deregistered.error().ToString();
    return;
  }
  result.action = deregistered ? "deregistered" : "already deregistered";
  DeleteSnapshots(api, image, result);
}

ApplyResult DeleteImage(RegionApi& api, const catalog::ImageRecord& image,
                        std::atomic<bool>& legacy) {
  ApplyResult result{api.region(), image.id, "deregistered", true, "", "", {}};
  if (legacy.load()) {
    DeregisterThenDelete(api, image, result);
    return result;
  }
  auto deregistered = api.DeregisterImage(image.id, true);
  if (deregistered) {
    for (const aws::SnapshotDeletion& deletion : deregistered->snapshots) {
      bool ok = deletion.return_code == "success" || deletion.return_code == "skipped";
      result.snapshots.push_back({deletion.snapshot_id, deletion.return_code, ok});
      if (!ok) {
        result.ok = false;
        result.error = "snapshot " + deletion.snapshot_id + ": " + deletion.return_code;
      }
    }
    return result;
  }
  if (IsUnknownParameter(deregistered.error())) {
    legacy.store(true);
    DeregisterThenDelete(api, image, result);
  } else if (IsImageGone(deregistered.error())) {
    result.action = "already deregistered";
    DeleteSnapshots(api, image, result);
  } else {
    result.ok = false;
    result.action = "failed";
    result.error = deregistered.error().ToString();
  }
  return result;
}

ApplyResult Deprecate(RegionApi& api, const catalog::ImageRecord& image, SystemTime now) {
  ApplyResult result{api.region(), image.id, "deprecated", true, "", "", {}};
  auto done = api.EnableImageDeprecation(image.id, DeprecateAtFor(now));
  if (!done) {
    result.ok = false;
    result.action = "failed";
    result.error = done.error().ToString();
  }
  return result;
}

ApplyResult DeleteOrphan(RegionApi& api, const aws::Snapshot& snapshot) {
  SnapshotResult deleted = DeleteOneSnapshot(api, snapshot.id);
  ApplyResult result{api.region(), snapshot.id, "deleted orphan", deleted.ok, "", "", {deleted}};
  if (!deleted.ok) {
    result.action = "failed";
    result.error = deleted.result;
  } else if (deleted.result == "skipped") {
    result.action = "kept orphan (in use)";
  }
  return result;
}

// With check_shared: nullopt to go ahead, else the result that stops it.
std::optional<ApplyResult> SharedCheck(RegionApi& api, const catalog::ImageRecord& image) {
  auto permissions = api.DescribeLaunchPermissions(image.id);
  if (!permissions) {
    if (permissions.error().code == "InvalidAMIID.NotFound")
      return std::nullopt;  // gone: finish it
    return ApplyResult{api.region(),
                       image.id,
                       "failed",
                       false,
                       "reading launch permissions: " + permissions.error().ToString(),
                       "",
                       {}};
  }
  auto reason = SharedReason(*permissions);
  if (!reason) return std::nullopt;
  return ApplyResult{api.region(), image.id, "kept", true, "", *reason, {}};
}

}  // namespace

std::string DeprecateAtFor(SystemTime now) {
  auto minutes = std::chrono::floor<std::chrono::minutes>(now) + std::chrono::minutes(2);
  return FormatIso8601(std::chrono::time_point_cast<SystemTime::duration>(minutes));
}

std::vector<ApplyResult> ApplyRegion(RegionApi& api, const std::vector<Decision>& decisions,
                                     const std::vector<OrphanDecision>& orphans, Clock& clock,
                                     const ApplyOptions& options) {
  struct Work {
    const Decision* decision = nullptr;
    const OrphanDecision* orphan = nullptr;
  };
  std::vector<Work> work;
  for (const Decision& decision : decisions) {
    if (decision.action != Action::kKeep) work.push_back({&decision, nullptr});
  }
  for (const OrphanDecision& orphan : orphans) {
    if (orphan.remove) work.push_back({nullptr, &orphan});
  }
  std::vector<ApplyResult> results(work.size());
  std::atomic<bool> legacy{false};
  const SystemTime now = clock.Now();
  ParallelFor(work.size(), options.workers, [&](size_t i) {
    if (options.interrupted && options.interrupted()) {
      const std::string& id =
          work[i].orphan != nullptr ? work[i].orphan->snapshot.id : work[i].decision->image.id;
      results[i] = {api.region(), id, "not started (interrupted)", false, "interrupted", "", {}};
      return;
    }
    if (work[i].orphan != nullptr) {
      results[i] = DeleteOrphan(api, work[i].orphan->snapshot);
    } else if (auto stop = options.check_shared ? SharedCheck(api, work[i].decision->image)
                                                : std::nullopt) {
      results[i] = std::move(*stop);
    } else if (work[i].decision->action == Action::kDeprecate) {
      results[i] = Deprecate(api, work[i].decision->image, now);
    } else {
      results[i] = DeleteImage(api, work[i].decision->image, legacy);
    }
  });
  return results;
}

}  // namespace bakery::retention
