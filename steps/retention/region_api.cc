#include "steps/retention/region_api.h"

namespace bakery::retention {
namespace {

class AwsRegionApi final : public RegionApi {
 public:
  AwsRegionApi(aws::AwsSession& session, const std::string& region)
      : region_(region), ec2_(session.Ec2In(region)), ssm_(session.SsmIn(region)) {}

  const std::string& region() const override { return region_; }
  Result<std::vector<aws::Image>> DescribeImages(const aws::DescribeImagesInput& input) override {
    return ec2_.DescribeImages(input);
  }
  Result<std::vector<aws::Snapshot>> DescribeSnapshots(
      const aws::DescribeSnapshotsInput& input) override {
    return ec2_.DescribeSnapshots(input);
  }
  Result<std::vector<aws::Instance>> DescribeInstances(
      const aws::DescribeInstancesInput& input) override {
    return ec2_.DescribeInstances(input);
  }
  Result<std::vector<aws::LaunchTemplate>> DescribeLaunchTemplates() override {
    return ec2_.DescribeLaunchTemplates();
  }
  Result<std::vector<aws::LaunchTemplateVersion>> DescribeLaunchTemplateVersions(
      const std::string& template_id, const std::vector<std::string>& versions) override {
    return ec2_.DescribeLaunchTemplateVersions(template_id, versions);
  }
  Result<std::vector<aws::Parameter>> GetParametersByPath(const std::string& path) override {
    return ssm_.GetParametersByPath(path, true);
  }
  Result<std::optional<aws::Parameter>> GetParameter(const std::string& name) override {
    return ssm_.GetParameter(name);
  }
  Result<aws::LaunchPermissions> DescribeLaunchPermissions(const std::string& image_id) override {
    return ec2_.DescribeLaunchPermissions(image_id);
  }
  Result<aws::DeregisterResult> DeregisterImage(const std::string& image_id,
                                                bool delete_snapshots) override {
    return ec2_.DeregisterImage(image_id, delete_snapshots);
  }
  Result<void> DeleteSnapshot(const std::string& snapshot_id) override {
    return ec2_.DeleteSnapshot(snapshot_id);
  }
  Result<void> EnableImageDeprecation(const std::string& image_id,
                                      const std::string& at_iso8601) override {
    return ec2_.EnableImageDeprecation(image_id, at_iso8601);
  }

 private:
  std::string region_;
  aws::Ec2 ec2_;
  aws::Ssm ssm_;
};

}  // namespace

std::unique_ptr<RegionApi> MakeRegionApi(aws::AwsSession& session, const std::string& region) {
  return std::make_unique<AwsRegionApi>(session, region);
}

}  // namespace bakery::retention
