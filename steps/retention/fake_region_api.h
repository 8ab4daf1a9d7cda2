#pragma once
// An in-memory RegionApi for unit tests: images with snapshots, instances,
// launch templates, parameters, launch permissions, scripted errors per
// call, and a log of the mutating calls. Thread-safe (apply runs workers).

#include <map>
#include <mutex>
#include <set>

#include "steps/retention/region_api.h"

namespace bakery::retention {

class FakeRegionApi final : public RegionApi {
 public:
  explicit FakeRegionApi(std::string region) : region_(std::move(region)) {}

  // State.
  std::map<std::string, aws::Image> images;
  std::set<std::string> snapshots;
  std::vector<aws::Instance> instances;
  std::vector<aws::LaunchTemplate> templates;
  std::vector<aws::LaunchTemplateVersion> versions;  // all versions of all templates
  std::map<std::string, std::string> parameters;     // name → value
  std::map<std::string, aws::LaunchPermissions> permissions;
  bool legacy = false;  // DeregisterImage rejects DeleteAssociatedSnapshots
  /// "Action" or "Action id" → the error code to answer (once per entry).
  std::map<std::string, std::string> errors;
  std::vector<std::string> calls;  // "DeregisterImage ami-1 +snapshots", …

  const std::string& region() const override { return region_; }

  Result<std::vector<aws::Image>> DescribeImages(const aws::DescribeImagesInput&) override {
    std::lock_guard lock(mutex_);
    if (auto e = Scripted("DescribeImages", "")) return std::unexpected(*e);
    std::vector<aws::Image> all;
    for (const auto& [id, image] : images) all.push_back(image);
    return all;
  }
  Result<std::vector<aws::Snapshot>> DescribeSnapshots(const aws::DescribeSnapshotsInput&) override {
    std::lock_guard lock(mutex_);
    std::vector<aws::Snapshot> all;
    for (const std::string& id : snapshots) all.push_back({.id = id});
    return all;
  }
  Result<std::vector<aws::Instance>> DescribeInstances(const aws::DescribeInstancesInput&) override {
    std::lock_guard lock(mutex_);
    if (auto e = Scripted("DescribeInstances", "")) return std::unexpected(*e);
    std::vector<aws::Instance> live;
    for (const aws::Instance& instance : instances) {
      if (instance.state != "terminated") live.push_back(instance);
    }
    return live;
  }
  Result<std::vector<aws::LaunchTemplate>> DescribeLaunchTemplates() override {
    std::lock_guard lock(mutex_);
    return templates;
  }
  Result<std::vector<aws::LaunchTemplateVersion>> DescribeLaunchTemplateVersions(
      const std::string& template_id, const std::vector<std::string>& wanted) override {
    std::lock_guard lock(mutex_);
    calls.push_back("DescribeLaunchTemplateVersions " + template_id + " " +
                    (wanted.empty() ? "all" : wanted[0] + "," + wanted[1]));
    const aws::LaunchTemplate* lt = nullptr;
    for (const auto& t : templates) lt = t.id == template_id ? &t : lt;
    std::vector<aws::LaunchTemplateVersion> out;
    for (const auto& v : versions) {
      if (v.template_id != template_id) continue;
      bool take = wanted.empty() || v.version_number == lt->default_version ||
                  v.version_number == lt->latest_version;
      if (take) out.push_back(v);
    }
    return out;
  }
  Result<std::vector<aws::Parameter>> GetParametersByPath(const std::string& path) override {
    std::lock_guard lock(mutex_);
    std::vector<aws::Parameter> out;
    for (const auto& [name, value] : parameters) {
      if (name.starts_with(path)) out.push_back({name, value, "String", 1});
    }
    return out;
  }
  Result<std::optional<aws::Parameter>> GetParameter(const std::string& name) override {
    std::lock_guard lock(mutex_);
    auto it = parameters.find(name);
    if (it == parameters.end()) return std::optional<aws::Parameter>();
    return std::optional<aws::Parameter>(aws::Parameter{name, it->second, "String", 1});
  }
  Result<aws::LaunchPermissions> DescribeLaunchPermissions(const std::string& id) override {
    std::lock_guard lock(mutex_);
    if (!images.contains(id)) return std::unexpected(Error{ErrorKind::kFailed, "gone", {}, "InvalidAMIID.NotFound"});
    return permissions[id];
  }
  Result<aws::DeregisterResult> DeregisterImage(const std::string& id, bool delete_snapshots) override {
    std::lock_guard lock(mutex_);
    calls.push_back("DeregisterImage " + id + (delete_snapshots ? " +snapshots" : ""));
    if (auto e = Scripted("DeregisterImage", id)) return std::unexpected(*e);
    if (delete_snapshots && legacy) {
      return std::unexpected(Error{ErrorKind::kBadInput, "unknown", {}, "UnknownParameter"});
    }
    auto it = images.find(id);
    if (it == images.end()) {
      return std::unexpected(Error{ErrorKind::kFailed, "gone", {}, "InvalidAMIID.NotFound"});
    }
    aws::Image image = it->second;
    images.erase(it);
    aws::DeregisterResult result;
    if (!delete_snapshots) return result;
    for (const std::string& snapshot : image.SnapshotIds()) {
      bool shared = false;
      for (const auto& [other_id, other] : images) {
        for (const std::string& s : other.SnapshotIds()) shared = shared || s == snapshot;
      }
      if (!shared) snapshots.erase(snapshot);
      result.snapshots.push_back({snapshot, shared ? "skipped" : "success"});
    }
    return result;
  }
  Result<void> DeleteSnapshot(const std::string& id) override {
    std::lock_guard lock(mutex_);
    calls.push_back("DeleteSnapshot " + id);
    if (auto e = Scripted("DeleteSnapshot", id)) return std::unexpected(*e);
    for (const auto& [image_id, image] : images) {
      for (const std::string& s : image.SnapshotIds()) {
        if (s == id) return std::unexpected(Error{ErrorKind::kFailed, "in use", {}, "InvalidSnapshot.InUse"});
      }
    }
    if (snapshots.erase(id) == 0) {
      return std::unexpected(Error{ErrorKind::kFailed, "gone", {}, "InvalidSnapshot.NotFound"});
    }
    return {};
  }
  Result<void> EnableImageDeprecation(const std::string& id, const std::string& at) override {
    std::lock_guard lock(mutex_);
    calls.push_back("EnableImageDeprecation " + id + " " + at);
    images[id].deprecation_time = at;
    return {};
  }

  /// Adds an image with `snapshot_ids` (also added to `snapshots`).
  void AddImage(const std::string& id, std::vector<std::string> snapshot_ids) {
    aws::Image image;
    image.id = id;
    for (const std::string& s : snapshot_ids) {
      image.block_devices.push_back({"/dev/xvd", s, 8, "gp3", false, true});
      snapshots.insert(s);
    }
    images[id] = image;
  }

 private:
  std::optional<Error> Scripted(const std::string& action, const std::string& id) {
    for (const std::string& key : {action + " " + id, action}) {
      auto it = errors.find(key);
      if (it == errors.end()) continue;
      Error error{ErrorKind::kFailed, action + " failed: " + it->second, {}, it->second};
      errors.erase(it);
      return error;
    }
    return std::nullopt;
  }

  std::string region_;
  std::mutex mutex_;
};

}  // namespace bakery::retention
