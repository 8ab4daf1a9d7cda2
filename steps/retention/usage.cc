#include "steps/retention/usage.h"

#include <algorithm>

#include "common/base/strings.h"

namespace bakery::retention {
namespace {

Result<void> AddInstances(RegionApi& api, Usage& usage) {
  aws::DescribeInstancesInput input;
  // Every state but terminated: a stopped instance starts from its image again.
  input.filters = {{"instance-state-name",
                    {"pending", "running", "shutting-down", "stopping", "stopped"}}};
  auto instances = api.DescribeInstances(input);
  if (!instances) return std::unexpected(std::move(instances.error()).Wrap("listing instances"));
  for (const aws::Instance& instance : *instances) {
    if (instance.image_id.empty() || instance.state == "terminated") continue;
    usage.uses[instance.image_id].push_back(
        fmt::format("instance {} ({})", instance.id, instance.state));
  }
  return {};
}

// "resolve:ssm:/path" (optionally ":version") → the parameter's value.
Result<std::string> ResolveImage(RegionApi& api, const std::string& image_id) {
  static constexpr std::string_view kAlias = "resolve:ssm:";
  if (!StartsWith(image_id, kAlias)) return image_id;
  std::string name = image_id.substr(kAlias.size());
  auto parameter = api.GetParameter(name);
  if (!parameter) {
    return std::unexpected(std::move(parameter.error()).Wrap("resolving " + image_id));
  }
  return *parameter ? (*parameter)->value : std::string();
}

std::string VersionLabel(const aws::LaunchTemplate& lt, const aws::LaunchTemplateVersion& v) {
  std::vector<std::string> roles;
  if (v.version_number == lt.default_version) roles.push_back("default");
  if (v.version_number == lt.latest_version) roles.push_back("latest");
  std::string label = fmt::format("launch template {} ({}) version {}", lt.id, lt.name,
                                  v.version_number);
  if (!roles.empty()) label += " (" + Join(roles, ", ") + ")";
  return label;
}

Result<void> AddLaunchTemplates(RegionApi& api, bool all_versions, Usage& usage) {
  auto templates = api.DescribeLaunchTemplates();
  if (!templates) {
    return std::unexpected(std::move(templates.error()).Wrap("listing launch templates"));
  }
  std::vector<std::string> wanted;
  if (!all_versions) wanted = {"$Default", "$Latest"};
  for (const aws::LaunchTemplate& lt : *templates) {
    auto versions = api.DescribeLaunchTemplateVersions(lt.id, wanted);
    if (!versions) {
      return std::unexpected(std::move(versions.error()).Wrap("listing versions of " + lt.id));
    }
    for (const aws::LaunchTemplateVersion& version : *versions) {
      if (version.image_id.empty()) continue;
      auto image_id = ResolveImage(api, version.image_id);
      if (!image_id) return std::unexpected(image_id.error());
      if (image_id->empty()) continue;  // the alias points nowhere: nothing launches from it
      std::string label = VersionLabel(lt, version);
      if (*image_id != version.image_id) label += " via " + version.image_id;
      auto& reasons = usage.uses[*image_id];
      if (std::ranges::find(reasons, label) == reasons.end()) reasons.push_back(label);
    }
  }
  return {};
}

Result<void> AddParameters(RegionApi& api, const std::vector<std::string>& paths, Usage& usage) {
  for (const std::string& path : paths) {
    auto parameters = api.GetParametersByPath(path);
    if (!parameters) {
      return std::unexpected(std::move(parameters.error()).Wrap("reading SSM parameters under " + path));
    }
    for (const aws::Parameter& parameter : *parameters) {
      std::string value(Trim(parameter.value));
      if (!StartsWith(value, "ami-")) continue;
      usage.uses[value].push_back("SSM parameter " + parameter.name);
    }
  }
  return {};
}

}  // namespace

Result<Usage> CollectUsage(RegionApi& api, const UsageOptions& options) {
  Usage usage;
  if (auto ok = AddInstances(api, usage); !ok) return std::unexpected(ok.error());
  if (auto ok = AddLaunchTemplates(api, options.all_template_versions, usage); !ok) {
    return std::unexpected(ok.error());
  }
  if (auto ok = AddParameters(api, options.ssm_paths, usage); !ok) return std::unexpected(ok.error());
  return usage;
}

Result<void> CollectShared(RegionApi& api, const std::vector<std::string>& image_ids,
                           Usage& usage) {
  for (const std::string& id : image_ids) {
    auto permissions = api.DescribeLaunchPermissions(id);
    // Gone since it was listed (another run, or eventual consistency): apply
    // will find it gone too and finish its snapshots.
    if (!permissions && permissions.error().code == "InvalidAMIID.NotFound") continue;
    if (!permissions) {
      return std::unexpected(std::move(permissions.error()).Wrap("reading launch permissions of " + id));
    }
    std::vector<std::string> with = permissions->user_ids;
    with.insert(with.end(), permissions->organization_arns.begin(),
                permissions->organization_arns.end());
    with.insert(with.end(), permissions->organizational_unit_arns.begin(),
                permissions->organizational_unit_arns.end());
    if (permissions->is_public) {
      usage.shared[id] = "public";
    } else if (!with.empty()) {
      usage.shared[id] = "shared with " + Join(with, ", ");
    }
  }
  return {};
}

}  // namespace bakery::retention
