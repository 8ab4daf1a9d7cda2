// Test-resource and image cleanup in one region.
#include <algorithm>
#include <set>

#include "common/base/strings.h"
#include "steps/cleanup/cleanup.h"

namespace bakery::cleanup {
namespace {

Line Done(const std::string& region, const std::string& kind, const std::string& id,
          const std::string& action, const Result<void>& result) {
  if (result) return {region, kind, id, action, true, ""};
  return {region, kind, id, "failed", false, result.error().ToString()};
}

// Polls until every instance is terminated; false at the deadline.
Result<bool> WaitTerminated(aws::Ec2& ec2, const std::vector<std::string>& ids,
                            const TestCleanupSettings& settings, Clock& clock) {
  const auto deadline = clock.Monotonic() + settings.timeout;
  while (true) {
    aws::DescribeInstancesInput input;
    input.instance_ids = ids;
    auto instances = ec2.DescribeInstances(input);
    if (!instances) return std::unexpected(instances.error());
    bool all = std::ranges::all_of(*instances,
                                   [](const aws::Instance& i) { return i.state == "terminated"; });
    if (all) return true;
    if (clock.Monotonic() >= deadline) return false;
    clock.SleepFor(settings.poll);
  }
}

// DependencyViolation means an instance still holds the group: retry until
// the deadline (EC2 releases it shortly after termination).
Result<void> DeleteGroup(aws::Ec2& ec2, const std::string& id, const TestCleanupSettings& settings,
                         Clock& clock) {
  const auto deadline = clock.Monotonic() + settings.timeout;
  while (true) {
    auto deleted = ec2.DeleteSecurityGroup(id);
    if (deleted || deleted.error().code == "InvalidGroup.NotFound") return {};
    if (deleted.error().code != "DependencyViolation" || clock.Monotonic() >= deadline)
      return deleted;
    clock.SleepFor(settings.poll);
  }
}

}  // namespace

std::vector<Line> CleanTestResources(aws::Ec2& ec2, const TestCleanupSettings& settings,
                                     Clock& clock) {
  const std::string& region = ec2.region();
  const aws::Filter tagged{"tag:" + settings.names.Key(catalog::kPurpose), {catalog::kTestLaunch}};
  aws::DescribeInstancesInput input;
  input.filters = {tagged};
  auto instances = ec2.DescribeInstances(input);
  auto keys = ec2.DescribeKeyPairs({tagged});
  auto groups = ec2.DescribeSecurityGroups({tagged});
  for (const Error* error : {instances ? nullptr : &instances.error(),
                             keys ? nullptr : &keys.error(), groups ? nullptr : &groups.error()}) {
    if (error != nullptr) return {{region, "region", region, "failed", false, error->ToString()}};
  }
  Selected selected =
      Select(*instances, *keys, *groups, settings.names, settings.scope, clock.Now());
  std::vector<Line> lines;
  if (settings.dry_run) {
    for (const auto& i : selected.instances)
      lines.push_back({region, "instance", i.id, "would terminate"});
    for (const auto& k : selected.key_pairs)
      lines.push_back({region, "key-pair", k.name, "would delete"});
    for (const auto& g : selected.groups)
      lines.push_back({region, "security-group", g.id, "would delete"});
    return lines;
  }
  std::vector<std::string> ids;
  for (const auto& i : selected.instances) ids.push_back(i.id);
  if (!ids.empty()) {
    auto terminated = ec2.TerminateInstances(ids);
    for (const std::string& id : ids)
      lines.push_back(Done(region, "instance", id, "terminated", terminated));
    if (!terminated) return lines;
    auto waited = WaitTerminated(ec2, ids, settings, clock);
    if (!waited || !*waited) {
      lines.push_back(
          {region, "instance", Join(ids, ","), "failed", false,
           waited ? "still not terminated after the timeout" : waited.error().ToString()});
    }
  }
  for (const auto& k : selected.key_pairs) {
    lines.push_back(Done(region, "key-pair", k.name, "deleted", ec2.DeleteKeyPair(k.name)));
  }
  for (const auto& g : selected.groups) {
    lines.push_back(
        Done(region, "security-group", g.id, "deleted", DeleteGroup(ec2, g.id, settings, clock)));
  }
  return lines;
}

std::vector<Line> DiscardImage(aws::Ec2& ec2, const catalog::ImageRecord& image, bool dry_run) {
  const std::string& region = ec2.region();
  if (dry_run) {
    std::vector<Line> lines = {{region, "image", image.id, "would deregister"}};
    for (const auto& s : image.SnapshotIds())
      lines.push_back({region, "snapshot", s, "would delete"});
    return lines;
  }
  auto deregistered = ec2.DeregisterImage(image.id, true);
  std::vector<Line> lines;
  if (deregistered) {
    lines.push_back({region, "image", image.id, "deregistered"});
    for (const auto& s : deregistered->snapshots) {
      bool ok = s.return_code == "success" || s.return_code == "skipped";
      lines.push_back(
          {region, "snapshot", s.snapshot_id, s.return_code, ok, ok ? "" : s.return_code});
    }
    return lines;
  }
  const std::string& code = deregistered.error().code;
  bool gone = code == "InvalidAMIID.NotFound" || code == "InvalidAMIID.Unavailable";
  if (code == "UnknownParameter" || code == "InvalidParameter") {
    auto plain = ec2.DeregisterImage(image.id, false);
    if (!plain && plain.error().code != "InvalidAMIID.NotFound") {
      return {{region, "image", image.id, "failed", false, plain.error().ToString()}};
    }
  } else if (!gone) {
    return {{region, "image", image.id, "failed", false, deregistered.error().ToString()}};
  }
  lines.push_back({region, "image", image.id, gone ? "already deregistered" : "deregistered"});
  for (const auto& s : image.SnapshotIds()) {
    auto deleted = ec2.DeleteSnapshot(s);
    if (!deleted && deleted.error().code == "InvalidSnapshot.NotFound") {
      lines.push_back({region, "snapshot", s, "already deleted"});
    } else if (!deleted && deleted.error().code == "InvalidSnapshot.InUse") {
      lines.push_back({region, "snapshot", s, "skipped"});
    } else {
      lines.push_back(Done(region, "snapshot", s, "deleted", deleted));
    }
  }
  return lines;
}

}  // namespace bakery::cleanup
