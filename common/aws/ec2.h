#pragma once
// Typed EC2 calls for one region. Every Describe call paginates to
// completion (MaxResults/NextToken) and can report each page as it
// arrives; errors carry the AWS code in Error::code.

#include <functional>
#include <string>
#include <vector>

#include "common/aws/client.h"
#include "common/aws/ec2_types.h"

namespace bakery::aws {

template <typename T>
using PageCallback = std::function<void(const std::vector<T>& page)>;

struct DescribeImagesInput {
  std::vector<std::string> owners;     // "self", "amazon", account ids
  std::vector<std::string> image_ids;
  std::vector<Filter> filters;
  bool include_deprecated = false;
  int page_size = 1000;                // ignored (unpaginated) when image_ids are given
};

struct DescribeSnapshotsInput {
  std::vector<std::string> owners;
  std::vector<std::string> snapshot_ids;
  std::vector<Filter> filters;
  int page_size = 1000;
};

struct DescribeInstancesInput {
  std::vector<std::string> instance_ids;
  std::vector<Filter> filters;
  int page_size = 1000;
};

struct RunInstancesInput {
  std::string image_id;
  std::string instance_type = "t3.micro";
  std::string key_name;
  std::vector<std::string> security_group_ids;
  std::string subnet_id;
  std::string user_data;        // base64 already
  std::string client_token;     // idempotency; generated when empty
  std::string iam_instance_profile;  // name
  Tags tags;                    // applied to the instance and its volumes
};

struct DeregisterResult {
  std::vector<SnapshotDeletion> snapshots;  // only with delete_snapshots
};

class Ec2 {
 public:
  Ec2(AwsClient& client, std::string region);
  const std::string& region() const { return region_; }

  // Images and snapshots.
  Result<std::vector<Image>> DescribeImages(const DescribeImagesInput& input,
                                            const PageCallback<Image>& on_page = {});
  Result<std::vector<Snapshot>> DescribeSnapshots(const DescribeSnapshotsInput& input,
                                                  const PageCallback<Snapshot>& on_page = {});
  Result<std::string> CreateImage(const std::string& instance_id, const std::string& name,
                                  const Tags& tags);
  Result<std::string> CopyImage(const std::string& source_region, const std::string& source_image,
                                const std::string& name);
  /// With `delete_snapshots`, asks EC2 to delete the image's snapshots too
  /// (DeleteAssociatedSnapshots); an endpoint that does not know the
  /// parameter answers with code "UnknownParameter"/"InvalidParameter".
  Result<DeregisterResult> DeregisterImage(const std::string& image_id, bool delete_snapshots);
  Result<void> DeleteSnapshot(const std::string& snapshot_id);
  Result<void> EnableImageDeprecation(const std::string& image_id, const std::string& at_iso8601);
  Result<LaunchPermissions> DescribeLaunchPermissions(const std::string& image_id);
  Result<void> ModifyLaunchPermissions(const std::string& image_id,
                                       const std::vector<std::string>& add_user_ids,
                                       const std::vector<std::string>& remove_user_ids);

  // Tags (any resource id).
  Result<void> CreateTags(const std::vector<std::string>& resource_ids, const Tags& tags);
  Result<void> DeleteTags(const std::vector<std::string>& resource_ids,
                          const std::vector<std::string>& keys);

  // Instances.
  Result<std::vector<Instance>> DescribeInstances(const DescribeInstancesInput& input,
                                                  const PageCallback<Instance>& on_page = {});
  Result<std::vector<InstanceStatus>> DescribeInstanceStatus(
      const std::vector<std::string>& instance_ids);
  Result<std::vector<Instance>> RunInstances(const RunInstancesInput& input);
  Result<void> StopInstances(const std::vector<std::string>& instance_ids);
  Result<void> TerminateInstances(const std::vector<std::string>& instance_ids);
  /// The decoded console output ("" when none yet).
  Result<std::string> GetConsoleOutput(const std::string& instance_id);

  // Key pairs, security groups, networks.
  Result<KeyPair> CreateKeyPair(const std::string& name, const Tags& tags);
  Result<KeyPair> ImportKeyPair(const std::string& name, const std::string& public_key);
  Result<void> DeleteKeyPair(const std::string& name);
  Result<std::vector<KeyPair>> DescribeKeyPairs(const std::vector<Filter>& filters);
  Result<std::string> CreateSecurityGroup(const std::string& name, const std::string& description,
                                          const std::string& vpc_id, const Tags& tags);
  Result<void> AuthorizeIngress(const std::string& group_id, int port, const std::string& cidr);
  Result<void> DeleteSecurityGroup(const std::string& group_id);
  Result<std::vector<SecurityGroup>> DescribeSecurityGroups(const std::vector<Filter>& filters);
  Result<std::vector<Vpc>> DescribeVpcs(const std::vector<Filter>& filters);
  Result<std::vector<Subnet>> DescribeSubnets(const std::vector<Filter>& filters);
  Result<std::vector<std::string>> DescribeRegions();

  // Launch templates.
  Result<std::vector<LaunchTemplate>> DescribeLaunchTemplates();
  /// `versions`: "$Default", "$Latest" or numbers; empty: every version.
  Result<std::vector<LaunchTemplateVersion>> DescribeLaunchTemplateVersions(
      const std::string& template_id, const std::vector<std::string>& versions);

 private:
  AwsRequest Request(const std::string& action, QueryParams params = {}) const;
  Result<XmlElement> Call(const std::string& action, QueryParams params = {});

  AwsClient& client_;
  std::string region_;
};

// Query parameter encoding shared by the EC2 calls.
void AddList(QueryParams& params, const std::string& prefix, const std::vector<std::string>& values);
void AddFilters(QueryParams& params, const std::vector<Filter>& filters);
void AddTags(QueryParams& params, const std::string& prefix, const Tags& tags);
void AddTagSpecification(QueryParams& params, int index, const std::string& resource_type,
                         const Tags& tags);

// XML → values (exposed for tests and benchmarks).
Image ParseImage(const XmlElement& item);
Snapshot ParseSnapshot(const XmlElement& item);
Instance ParseInstance(const XmlElement& item);
Tags ParseTags(const XmlElement& item);
/// Every image in a DescribeImages response.
std::vector<Image> ParseImages(const XmlElement& response);

}  // namespace bakery::aws
