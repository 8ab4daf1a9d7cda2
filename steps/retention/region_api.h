#pragma once
// The AWS calls retention makes in one region, behind an interface so the
// usage collection and the apply logic run over fakes in unit tests; the
// real one forwards to aws::Ec2 and aws::Ssm.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/aws/ec2.h"
#include "common/aws/session.h"
#include "common/aws/ssm.h"

namespace bakery::retention {

class RegionApi {
 public:
  virtual ~RegionApi() = default;
  virtual const std::string& region() const = 0;
  virtual Result<std::vector<aws::Image>> DescribeImages(const aws::DescribeImagesInput& input) = 0;
  virtual Result<std::vector<aws::Snapshot>> DescribeSnapshots(
      const aws::DescribeSnapshotsInput& input) = 0;
  virtual Result<std::vector<aws::Instance>> DescribeInstances(
      const aws::DescribeInstancesInput& input) = 0;
  virtual Result<std::vector<aws::LaunchTemplate>> DescribeLaunchTemplates() = 0;
  virtual Result<std::vector<aws::LaunchTemplateVersion>> DescribeLaunchTemplateVersions(
      const std::string& template_id, const std::vector<std::string>& versions) = 0;
  virtual Result<std::vector<aws::Parameter>> GetParametersByPath(const std::string& path) = 0;
  virtual Result<std::optional<aws::Parameter>> GetParameter(const std::string& name) = 0;
  virtual Result<aws::LaunchPermissions> DescribeLaunchPermissions(const std::string& image_id) = 0;
  virtual Result<aws::DeregisterResult> DeregisterImage(const std::string& image_id,
                                                        bool delete_snapshots) = 0;
  virtual Result<void> DeleteSnapshot(const std::string& snapshot_id) = 0;
  virtual Result<void> EnableImageDeprecation(const std::string& image_id,
                                              const std::string& at_iso8601) = 0;
};

/// The real calls through `session` in `region`.
std::unique_ptr<RegionApi> MakeRegionApi(aws::AwsSession& session, const std::string& region);

}  // namespace bakery::retention
