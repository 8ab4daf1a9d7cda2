#include <gtest/gtest.h>

#include "common/base/time_format.h"
#include "steps/retention/fake_region_api.h"
#include "steps/retention/report.h"
#include "steps/retention/retention.h"

namespace bakery::retention {
namespace {

// An image of family web created `days` before 2026-11-24T12:00:00Z.
void AddWeb(FakeRegionApi& api, const std::string& id, int days) {
  api.AddImage(id, {"snap-" + id});
  aws::Image& image = api.images[id];
  image.state = "available";
  image.tags = {{"bakery:family", "web"}};
  image.creation_date =
      FormatIso8601(*ParseIso8601("2026-11-24T12:00:00Z") - std::chrono::hours(24 * days));
}

RunSettings Settings(bool apply) {
  RetentionOptions options;
  options.families = {"web"};
  options.keep = 1;
  options.apply = apply;
  auto settings = ResolveSettings(options, config::Config{});
  EXPECT_TRUE(settings);
  return *settings;
}

TEST(RunTest, ARegionWhoseUsageCannotBeReadChangesNothing) {
  FakeRegionApi good("us-east-1"), bad("eu-west-1");
  for (FakeRegionApi* api : {&good, &bad}) {
    AddWeb(*api, "ami-new", 1);
    AddWeb(*api, "ami-old", 30);
  }
  bad.errors["DescribeInstances"] = "UnauthorizedOperation";
  FakeClock clock(*ParseIso8601("2026-11-24T12:00:00Z"));
  Report report = retention::Run(Settings(true), std::vector<RegionApi*>{&good, &bad}, clock);
  EXPECT_EQ(report.Failures(), 1);
  EXPECT_EQ(report.regions[1].error,
            "listing instances: DescribeInstances failed: UnauthorizedOperation");
  EXPECT_TRUE(report.regions[1].decisions.empty());
  EXPECT_TRUE(bad.images.contains("ami-old"));
  EXPECT_FALSE(good.images.contains("ami-old"));
  EXPECT_EQ(SummaryLine(report),
            "plan: 1 to delete, 0 to deprecate, 1 to keep in 2 regions; applied: 1 deregistered, "
            "0 deprecated, 0 orphans deleted, 1 failed");
}

TEST(RunTest, PlanChangesNothingAndChecksPermissionsUpFront) {
  FakeRegionApi api("us-east-1");
  AddWeb(api, "ami-new", 1);
  AddWeb(api, "ami-old", 30);
  AddWeb(api, "ami-shared", 31);
  api.permissions["ami-shared"].user_ids = {"111122223333"};
  FakeClock clock(*ParseIso8601("2026-11-24T12:00:00Z"));
  Report report = retention::Run(Settings(false), std::vector<RegionApi*>{&api}, clock);
  EXPECT_EQ(api.images.size(), 3u);
  std::string text = RenderText(report);
  EXPECT_NE(text.find("ami-shared  -        -       4w 3d  KEEP    shared with 111122223333 (use "
                      "--include-shared to allow)"),
            std::string::npos)
      << text;
  std::ostringstream json_text;
  WriteJson(report, json_text);
  auto document = nlohmann::json::parse(json_text.str());
  EXPECT_EQ(document["summary"]["delete"], 1);
  EXPECT_EQ(document["regions"][0]["images"][1]["action"], "DELETE");
  EXPECT_EQ(document["regions"][0]["images"][1]["id"], "ami-old");
}

TEST(RunTest, SettingsComeFromFlagsOverConfig) {
  auto config = config::ParseConfig(
      "tag-prefix: 'x:'\nretention:\n  ssm-paths: [/a]\n  families:\n    web: { keep: 9 }\n",
      "bakery.yml");
  ASSERT_TRUE(config);
  RetentionOptions options;
  options.min_age = "2d";
  options.keep_status = {"none"};
  auto settings = ResolveSettings(options, *config);
  ASSERT_TRUE(settings);
  EXPECT_EQ(settings->families, std::vector<std::string>{"web"});
  EXPECT_EQ(settings->policies.at("web").keep, 9);
  EXPECT_EQ(settings->policies.at("web").min_age, std::chrono::hours(48));
  EXPECT_TRUE(settings->policies.at("web").keep_status.empty());
  EXPECT_EQ(settings->usage.ssm_paths, std::vector<std::string>{"/a"});
  EXPECT_EQ(settings->names.Key("family"), "x:family");
  options.keep_status = {"prod"};
  auto bad = ResolveSettings(options, *config);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "--keep-status: unknown status 'prod'; statuses are testing, tested, staging, "
            "production, superseded, revoked");
  options.keep_status = {};
  options.min_age = "2 days";
  EXPECT_EQ(ResolveSettings(options, *config).error().message,
            "--min-age: invalid duration \"2 days\": expected <number><unit> with unit s, m, h, d "
            "or w (e.g. 30d)");
}

}  // namespace
}  // namespace bakery::retention
