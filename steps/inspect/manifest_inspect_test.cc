#include "steps/inspect/manifest_inspect.h"

#include <sstream>

#include <gtest/gtest.h>

namespace bakery::inspect {
namespace {

const char* kManifest = R"({"builds": [
  {"name": "base", "builder_type": "amazon-ebs", "packer_run_uuid": "old",
   "artifact_id": "us-east-1:ami-00000000000000001"},
  {"name": "base", "builder_type": "amazon-ebs", "packer_run_uuid": "new",
   "artifact_id": "eu-west-1:ami-0000000000000000a,us-east-1:ami-0000000000000000b"},
  {"name": "web", "builder_type": "amazon-ebs", "packer_run_uuid": "new",
   "artifact_id": "us-east-1:ami-0000000000000000c"}],
  "last_run_uuid": "new"})";

struct Case {
  std::string name;
  std::string build;
  std::vector<std::string> regions;
  std::map<std::string, std::string> env;
  std::string expected_region;
  std::optional<std::string> expected_ami;
  std::string expected_note;
};

class ManifestReportTest : public testing::TestWithParam<Case> {};

TEST_P(ManifestReportTest, ChoosesTheSingleAmi) {
  const Case& c = GetParam();
  MapEnv env(c.env);
  InMemoryFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("m.json", kManifest));
  FakeClock clock(SystemTime{});
  FakeProcessRunner processes;
  std::ostringstream out, err;
  auto output = ci::MakeOutput({}, env, fs, out);
  cli::StepContext context{env, fs, clock, processes, out, err, *output, {}};
  context.common.regions = c.regions;
  auto report = BuildManifestReport({"m.json", c.build}, context);
  ASSERT_TRUE(report) << report.error().ToString();
  EXPECT_EQ(report->region, c.expected_region);
  EXPECT_EQ(report->ami_id, c.expected_ami);
  EXPECT_EQ(report->ami_id_note, c.expected_note);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ManifestReportTest,
    testing::Values(
        Case{"several_regions_needs_region", "", {}, {}, "", std::nullopt,
             "AMIs in several regions: pick one with --region"},
        Case{"region_flag_picks", "base", {"eu-west-1"}, {}, "eu-west-1",
             "ami-0000000000000000a", ""},
        Case{"aws_region_env_picks", "base", {}, {{"AWS_REGION", "us-east-1"}}, "us-east-1",
             "ami-0000000000000000b", ""},
        Case{"flag_beats_env", "base", {"eu-west-1"}, {{"AWS_REGION", "us-east-1"}},
             "eu-west-1", "ami-0000000000000000a", ""},
        Case{"single_region_build_needs_nothing", "web", {}, {}, "us-east-1",
             "ami-0000000000000000c", ""},
        Case{"two_builds_in_region_need_build", "", {"us-east-1"}, {}, "us-east-1",
             std::nullopt, "2 builds have an AMI in us-east-1 (base, web): pick one with --build"},
        Case{"env_region_without_ami_is_only_a_note", "web", {}, {{"AWS_REGION", "eu-west-1"}},
             "eu-west-1", std::nullopt, "no AMI in eu-west-1"}),
    [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace bakery::inspect
