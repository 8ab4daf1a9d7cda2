// Every typed EC2 call round-trips against the emulator through the real
// client stack.
#include <algorithm>
#include <thread>

#include "common/aws/emulator_test_support.h"

namespace bakery::aws {
namespace {

using nlohmann::json;

TEST_F(EmulatorTest, DescribeImagesFiltersAndPaginates) {
  emulator_.Control("seed", json::parse(R"({"region": "us-east-1", "images": [
      {"count": 12, "name": "web-{i}", "tags": {"bakery:family": "web", "n": "{i}"}},
      {"count": 3, "name": "db-{i}", "tags": {"bakery:family": "db"}}]})"));
  int pages = 0;
  DescribeImagesInput input;
  input.owners = {"self"};
  input.filters = {{"tag:bakery:family", {"web"}}};
  input.page_size = 5;
  Result<std::vector<Image>> images =
      ec2().DescribeImages(input, [&](const std::vector<Image>&) { ++pages; });
  ASSERT_TRUE(images.has_value()) << images.error().message;
  EXPECT_EQ(images->size(), 12u);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(images->front().name, "web-00000");
  EXPECT_EQ(images->front().tags.at("n"), "0");
  EXPECT_EQ(images->front().state, "available");
  ASSERT_EQ(images->front().block_devices.size(), 1u);
  EXPECT_TRUE(images->front().block_devices[0].snapshot_id.starts_with("snap-"));
  input.filters = {{"name", {"db-*"}}};
  EXPECT_EQ(ec2().DescribeImages(input)->size(), 3u);
  Result<std::vector<Image>> other = ec2("eu-west-1").DescribeImages(DescribeImagesInput{{"self"}});
  EXPECT_TRUE(other->empty()) << "regions keep separate state";
}

TEST_F(EmulatorTest, TagsDeprecationPermissionsAndCopies) {
  json seeded = emulator_.Control(
      "seed", json::parse(R"({"region": "us-east-1", "images": [{"count": 1}]})"));
  std::string id = seeded["images"][0];
  ASSERT_TRUE(ec2().CreateTags({id}, {{"status", "testing"}, {"keep", "true"}}).has_value());
  ASSERT_TRUE(ec2().DeleteTags({id}, {"keep"}).has_value());
  ASSERT_TRUE(ec2().EnableImageDeprecation(id, "2020-01-01T00:00:00Z").has_value());
  DescribeImagesInput input{{"self"}};
  EXPECT_TRUE(ec2().DescribeImages(input)->empty()) << "deprecated images are hidden by default";
  input.include_deprecated = true;
  Result<std::vector<Image>> images = ec2().DescribeImages(input);
  ASSERT_EQ(images->size(), 1u);
  EXPECT_EQ(images->at(0).tags, (Tags{{"status", "testing"}}));
  EXPECT_TRUE(images->at(0).deprecation_time.starts_with("2020-01-01T00:00:00"));
  ASSERT_TRUE(ec2().ModifyLaunchPermissions(id, {"210987654321"}, {}).has_value());
  Result<LaunchPermissions> permissions = ec2().DescribeLaunchPermissions(id);
  ASSERT_TRUE(permissions.has_value()) << permissions.error().message;
  EXPECT_EQ(permissions->user_ids, std::vector<std::string>{"210987654321"});
  EXPECT_FALSE(permissions->is_public);
  Result<std::string> copy = ec2("eu-west-1").CopyImage("us-east-1", id, "copied");
  ASSERT_TRUE(copy.has_value()) << copy.error().message;
  EXPECT_TRUE(copy->starts_with("ami-"));
}

TEST_F(EmulatorTest, DeregisterWithAndWithoutAssociatedSnapshots) {
  json seeded = emulator_.Control(
      "seed", json::parse(R"({"region": "us-east-1", "images": [{"count": 2, "snapshots": 2}]})"));
  std::string first = seeded["images"][0];
  std::string second = seeded["images"][1];
  Result<std::vector<Image>> before = ec2().DescribeImages({{"self"}});
  ASSERT_TRUE(before.has_value()) << before.error().message;
  ASSERT_EQ(before->size(), 2u);
  std::vector<std::string> snapshots = before->at(0).SnapshotIds();
  ASSERT_EQ(snapshots.size(), 2u);
  Result<void> in_use = ec2().DeleteSnapshot(snapshots[0]);
  ASSERT_FALSE(in_use.has_value());
  EXPECT_EQ(in_use.error().code, "InvalidSnapshot.InUse");
  Result<DeregisterResult> result = ec2().DeregisterImage(first, /*delete_snapshots=*/true);
  ASSERT_TRUE(result.has_value()) << result.error().message;
  ASSERT_EQ(result->snapshots.size(), 2u);
  EXPECT_EQ(result->snapshots[0].return_code, "success");
  DescribeSnapshotsInput snapshot_input;
  snapshot_input.owners = {"self"};
  Result<std::vector<Snapshot>> remaining = ec2().DescribeSnapshots(snapshot_input);
  ASSERT_TRUE(remaining.has_value()) << remaining.error().message;
  EXPECT_EQ(remaining->size(), 2u) << "only the second image's";
  emulator_.Control("config", json::parse(R"({"legacy_deregister": true})"));
  Result<DeregisterResult> legacy = ec2().DeregisterImage(second, true);
  ASSERT_FALSE(legacy.has_value());
  EXPECT_EQ(legacy.error().code, "UnknownParameter");
  ASSERT_TRUE(ec2().DeregisterImage(second, false).has_value());
  Result<std::vector<Snapshot>> left = ec2().DescribeSnapshots(snapshot_input);
  ASSERT_TRUE(left.has_value());
  for (const Snapshot& snapshot : *left) {
    ASSERT_TRUE(ec2().DeleteSnapshot(snapshot.id).has_value());
  }
  EXPECT_TRUE(ec2().DescribeSnapshots(snapshot_input)->empty());
}

TEST_F(EmulatorTest, InstanceLifecycleKeyPairsAndSecurityGroups) {
  Result<KeyPair> key = ec2().CreateKeyPair("bakery-test", {{"purpose", "test-launch"}});
  ASSERT_TRUE(key.has_value()) << key.error().message;
  EXPECT_NE(key->material.find("PRIVATE KEY"), std::string::npos);
  Result<std::vector<Vpc>> vpcs = ec2().DescribeVpcs({{"is-default", {"true"}}});
  ASSERT_FALSE(vpcs->empty());
  Result<std::vector<Subnet>> subnets = ec2().DescribeSubnets({{"vpc-id", {vpcs->at(0).id}}});
  ASSERT_FALSE(subnets->empty());
  Result<std::string> group = ec2().CreateSecurityGroup("bakery-ssh", "ssh", vpcs->at(0).id, {});
  ASSERT_TRUE(group.has_value()) << group.error().message;
  ASSERT_TRUE(ec2().AuthorizeIngress(*group, 22, "127.0.0.1/32").has_value());
  RunInstancesInput run{.image_id = "ami-00000000000000001", .key_name = "bakery-test",
                        .security_group_ids = {*group}, .client_token = "token-1",
                        .tags = {{"purpose", "test-launch"}}};
  Result<std::vector<Instance>> launched = ec2().RunInstances(run);
  ASSERT_TRUE(launched.has_value()) << launched.error().message;
  Result<std::vector<Instance>> again = ec2().RunInstances(run);
  EXPECT_EQ(again->at(0).id, launched->at(0).id) << "ClientToken makes RunInstances idempotent";
  std::string id = launched->at(0).id;
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  Result<std::vector<Instance>> described =
      ec2().DescribeInstances({.filters = {{"tag:purpose", {"test-launch"}}}});
  ASSERT_EQ(described->size(), 1u);
  EXPECT_EQ(described->at(0).state, "running");
  EXPECT_EQ(described->at(0).public_ip, "127.0.0.1");
  EXPECT_EQ(ec2().DescribeInstanceStatus({id})->at(0).system_status, "ok");
  EXPECT_TRUE(ec2().GetConsoleOutput(id).has_value());
  Result<void> busy = ec2().DeleteSecurityGroup(*group);
  ASSERT_FALSE(busy.has_value());
  EXPECT_EQ(busy.error().code, "DependencyViolation");
  Result<std::string> image = ec2().CreateImage(id, "from-instance", {{"bakery:family", "x"}});
  ASSERT_TRUE(image.has_value()) << image.error().message;
  ASSERT_TRUE(ec2().StopInstances({id}).has_value());
  ASSERT_TRUE(ec2().TerminateInstances({id}).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_EQ(ec2().DescribeInstances({.instance_ids = {id}})->at(0).state, "terminated");
  EXPECT_TRUE(ec2().DeleteSecurityGroup(*group).has_value());
  EXPECT_EQ(ec2().DescribeKeyPairs({})->size(), 1u);
  ASSERT_TRUE(ec2().DeleteKeyPair("bakery-test").has_value());
  Result<KeyPair> imported = ec2().ImportKeyPair(
      "imported", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAtcQAiNB0tp05VMt5Z8X4sw4RYf+PTr3G3K9fmDK4R9 bakery");
  ASSERT_TRUE(imported.has_value()) << imported.error().message;
  EXPECT_EQ(imported->fingerprint.size(), 47u);
  Result<KeyPair> garbage = ec2().ImportKeyPair("garbage", "not a key");
  ASSERT_FALSE(garbage.has_value());
  EXPECT_EQ(garbage.error().code, "InvalidKeyPair.Format");
  EXPECT_FALSE(ec2().DescribeRegions()->empty());
}

TEST_F(EmulatorTest, LaunchTemplateVersions) {
  emulator_.Control("seed", json::parse(R"({"region": "us-east-1", "launch_templates": [
      {"name": "web", "versions": ["ami-1", "ami-2", "ami-3"], "default": 2}]})"));
  Result<std::vector<LaunchTemplate>> templates = ec2().DescribeLaunchTemplates();
  ASSERT_TRUE(templates.has_value()) << templates.error().message;
  ASSERT_EQ(templates->size(), 1u);
  EXPECT_EQ(templates->at(0).default_version, 2);
  EXPECT_EQ(templates->at(0).latest_version, 3);
  auto chosen = ec2().DescribeLaunchTemplateVersions(templates->at(0).id, {"$Default", "$Latest"});
  ASSERT_TRUE(chosen.has_value()) << chosen.error().message;
  std::vector<std::string> images;
  for (const auto& version : *chosen) images.push_back(version.image_id);
  std::sort(images.begin(), images.end());
  EXPECT_EQ(images, (std::vector<std::string>{"ami-2", "ami-3"}));
  EXPECT_EQ(ec2().DescribeLaunchTemplateVersions(templates->at(0).id, {})->size(), 3u);
}

TEST_F(EmulatorTest, RetriesConvergeUnderTwentyPercentServerErrors) {
  // At 20% failures three attempts leave 0.8% of calls failed; six leave 0.006%.
  env_.Set("AWS_MAX_ATTEMPTS", "6");
  OpenSession();
  emulator_.Control("seed", json::parse(R"({"region": "us-east-1", "images": [{"count": 3}]})"));
  emulator_.Control("config", json::parse(R"({"faults": {"seed": 7, "rules": {
      "*": {"error_rate": 0.1, "unavailable_rate": 0.1}}}})"));
  for (int i = 0; i < 150; ++i) {
    Result<std::vector<Image>> images = ec2().DescribeImages({{"self"}});
    ASSERT_TRUE(images.has_value()) << "call " << i << ": " << images.error().message;
    ASSERT_EQ(images->size(), 3u);
  }
  CallStats stats = session_->client().Stats();
  EXPECT_EQ(stats.calls, 150);
  EXPECT_GT(stats.transient_retries, 15);
  EXPECT_EQ(stats.attempts, stats.calls + stats.transient_retries);
  EXPECT_NE(trace_.find("attempt 1 failed: ec2 DescribeImages in us-east-1 at "), std::string::npos);
  EXPECT_NE(stats.Summary().find("transient retries"), std::string::npos);
}

TEST_F(EmulatorTest, PacingKeepsBulkWorkUnderTheThrottlingBuckets) {
  // Buckets at a tenth of EC2's: DescribeImages 10 burst, 2/s. The client paces
  // with the same numbers, so nothing is throttled and the time is the bucket minimum.
  env_.Set("BAKERY_AWS_RATE_SCALE", "0.1");
  OpenSession();
  emulator_.Control("config", json::parse(R"({"throttling": {"enabled": true, "scale": 0.1}})"));
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 16; ++i) ASSERT_TRUE(ec2().DescribeImages({{"self"}}).has_value());
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(emulator_.Control("state")["throttled"].value("DescribeImages", 0), 0);
  EXPECT_GT(seconds, 3.0);  // 6 calls beyond the burst at 90% of 2/s: 3.3 s
  EXPECT_LT(seconds, 4.8);
  EXPECT_GT(session_->client().Stats().paced.count(), 2500);
}

TEST_F(EmulatorTest, RetriesConvergeUnderThrottlingWithoutPacing) {
  env_.Set("BAKERY_AWS_RATE_SCALE", "100");  // the client does not pace: the server throttles
  env_.Set("AWS_MAX_ATTEMPTS", "8");
  OpenSession();
  emulator_.Control("config", json::parse(R"({"throttling": {"enabled": true, "scale": 0.1}})"));
  for (int i = 0; i < 14; ++i) {
    Result<std::vector<Image>> images = ec2().DescribeImages({{"self"}});
    ASSERT_TRUE(images.has_value()) << images.error().message;
  }
  EXPECT_GT(session_->client().Stats().throttled_retries, 0);
  EXPECT_GT(emulator_.Control("state")["throttled"].value("DescribeImages", 0), 0);
}

}  // namespace
}  // namespace bakery::aws
