// EC2 calls on images, snapshots and tags.
#include "common/aws/ec2.h"

namespace bakery::aws {

Ec2::Ec2(AwsClient& client, std::string region) : client_(client), region_(std::move(region)) {}

AwsRequest Ec2::Request(const std::string& action, QueryParams params) const {
  AwsRequest request;
  request.service = "ec2";
  request.action = action;
  request.region = region_;
  request.params = std::move(params);
  return request;
}

Result<XmlElement> Ec2::Call(const std::string& action, QueryParams params) {
  return client_.Query(Request(action, std::move(params)));
}

Result<std::vector<Image>> Ec2::DescribeImages(const DescribeImagesInput& input,
                                               const PageCallback<Image>& on_page) {
  std::vector<Image> images;
  std::string token;
  do {
    QueryParams params;
    AddList(params, "Owner", input.owners);
    AddList(params, "ImageId", input.image_ids);
    AddFilters(params, input.filters);
    if (input.include_deprecated) params.emplace_back("IncludeDeprecated", "true");
    // EC2 refuses MaxResults together with ImageIds.
    if (input.image_ids.empty()) params.emplace_back("MaxResults", std::to_string(input.page_size));
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<XmlElement> response = Call("DescribeImages", std::move(params));
    if (!response) return std::unexpected(std::move(response.error()));
    std::vector<Image> page = ParseImages(*response);
    if (on_page) on_page(page);
    std::move(page.begin(), page.end(), std::back_inserter(images));
    token = response->ChildText("nextToken");
  } while (!token.empty());
  return images;
}

Result<std::vector<Snapshot>> Ec2::DescribeSnapshots(const DescribeSnapshotsInput& input,
                                                     const PageCallback<Snapshot>& on_page) {
  std::vector<Snapshot> snapshots;
  std::string token;
  do {
    QueryParams params;
    AddList(params, "Owner", input.owners);
    AddList(params, "SnapshotId", input.snapshot_ids);
    AddFilters(params, input.filters);
    if (input.snapshot_ids.empty()) params.emplace_back("MaxResults", std::to_string(input.page_size));
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<XmlElement> response = Call("DescribeSnapshots", std::move(params));
    if (!response) return std::unexpected(std::move(response.error()));
    std::vector<Snapshot> page;
    for (const XmlElement* item : response->Items("snapshotSet")) page.push_back(ParseSnapshot(*item));
    if (on_page) on_page(page);
    std::move(page.begin(), page.end(), std::back_inserter(snapshots));
    token = response->ChildText("nextToken");
  } while (!token.empty());
  return snapshots;
}

Result<std::string> Ec2::CreateImage(const std::string& instance_id, const std::string& name,
                                     const Tags& tags) {
  QueryParams params{{"InstanceId", instance_id}, {"Name", name}};
  AddTagSpecification(params, 1, "image", tags);
  AddTagSpecification(params, 2, "snapshot", tags);
  Result<XmlElement> response = Call("CreateImage", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return response->ChildText("imageId");
}

Result<std::string> Ec2::CopyImage(const std::string& source_region,
                                   const std::string& source_image, const std::string& name) {
  Result<XmlElement> response = Call("CopyImage", {{"SourceRegion", source_region},
                                                   {"SourceImageId", source_image},
                                                   {"Name", name}});
  if (!response) return std::unexpected(std::move(response.error()));
  return response->ChildText("imageId");
}

Result<DeregisterResult> Ec2::DeregisterImage(const std::string& image_id, bool delete_snapshots) {
  QueryParams params{{"ImageId", image_id}};
  if (delete_snapshots) params.emplace_back("DeleteAssociatedSnapshots", "true");
  Result<XmlElement> response = Call("DeregisterImage", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  DeregisterResult result;
  for (const XmlElement* item : response->Items("deleteSnapshotResultSet")) {
    result.snapshots.push_back({item->ChildText("snapshotId"), item->ChildText("returnCode")});
  }
  return result;
}

Result<void> Ec2::DeleteSnapshot(const std::string& snapshot_id) {
  Result<XmlElement> response = Call("DeleteSnapshot", {{"SnapshotId", snapshot_id}});
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<void> Ec2::EnableImageDeprecation(const std::string& image_id,
                                         const std::string& at_iso8601) {
  Result<XmlElement> response =
      Call("EnableImageDeprecation", {{"ImageId", image_id}, {"DeprecateAt", at_iso8601}});
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<LaunchPermissions> Ec2::DescribeLaunchPermissions(const std::string& image_id) {
  Result<XmlElement> response = Call("DescribeImageAttribute",
                                     {{"ImageId", image_id}, {"Attribute", "launchPermission"}});
  if (!response) return std::unexpected(std::move(response.error()));
  LaunchPermissions permissions;
  for (const XmlElement* item : response->Items("launchPermission")) {
    if (item->ChildText("group") == "all") permissions.is_public = true;
    if (auto user = item->ChildText("userId"); !user.empty()) permissions.user_ids.push_back(user);
    if (auto org = item->ChildText("organizationArn"); !org.empty()) {
      permissions.organization_arns.push_back(org);
    }
    if (auto unit = item->ChildText("organizationalUnitArn"); !unit.empty()) {
      permissions.organizational_unit_arns.push_back(unit);
    }
  }
  return permissions;
}

Result<void> Ec2::ModifyLaunchPermissions(const std::string& image_id,
                                          const std::vector<std::string>& add_user_ids,
                                          const std::vector<std::string>& remove_user_ids) {
  QueryParams params{{"ImageId", image_id}};
  for (size_t i = 0; i < add_user_ids.size(); ++i) {
    params.emplace_back(fmt::format("LaunchPermission.Add.{}.UserId", i + 1), add_user_ids[i]);
  }
  for (size_t i = 0; i < remove_user_ids.size(); ++i) {
    params.emplace_back(fmt::format("LaunchPermission.Remove.{}.UserId", i + 1),
                        remove_user_ids[i]);
  }
  Result<XmlElement> response = Call("ModifyImageAttribute", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<void> Ec2::CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags) {
  QueryParams params;
  AddList(params, "ResourceId", resource_ids);
  AddTags(params, "Tag", tags);
  Result<XmlElement> response = Call("CreateTags", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<void> Ec2::DeleteTags(const std::vector<std::string>& resource_ids,
                             const std::vector<std::string>& keys) {
  QueryParams params;
  AddList(params, "ResourceId", resource_ids);
  for (size_t i = 0; i < keys.size(); ++i) {
    params.emplace_back(fmt::format("Tag.{}.Key", i + 1), keys[i]);
  }
  Result<XmlElement> response = Call("DeleteTags", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

}  // namespace bakery::aws
