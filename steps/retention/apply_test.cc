#include "steps/retention/apply.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"
#include "steps/retention/fake_region_api.h"
#include "steps/retention/usage.h"

namespace bakery::retention {
namespace {

Decision Delete(const FakeRegionApi& api, const std::string& id) {
  catalog::ImageRecord record =
      catalog::FromImage(api.images.at(id), api.region(), catalog::TagNames());
  return {record, Action::kDelete, {"old"}};
}

std::string Render(const ApplyResult& result) {
  std::string text = result.id + " " + result.action + (result.ok ? "" : " FAILED " + result.error);
  for (const SnapshotResult& s : result.snapshots) text += " " + s.snapshot_id + "=" + s.result;
  return text;
}

std::vector<std::string> Apply(FakeRegionApi& api, const std::vector<Decision>& decisions,
                               const std::vector<OrphanDecision>& orphans = {}) {
  FakeClock clock(*ParseIso8601("2026-11-24T12:00:30Z"));
  std::vector<std::string> out;
  for (const ApplyResult& r : ApplyRegion(api, decisions, orphans, clock, {.workers = 1})) {
    out.push_back(Render(r));
  }
  return out;
}

TEST(ApplyTest, DeregistersWithAssociatedSnapshots) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1", "snap-2"});
  api.AddImage("ami-2", {"snap-2"});  // shares snap-2
  EXPECT_EQ(Apply(api, {Delete(api, "ami-1")}),
            std::vector<std::string>{"ami-1 deregistered snap-1=success snap-2=skipped"});
  EXPECT_EQ(api.snapshots, (std::set<std::string>{"snap-2"}));
  EXPECT_EQ(api.calls, std::vector<std::string>{"DeregisterImage ami-1 +snapshots"});
}

TEST(ApplyTest, FallsBackToDeleteSnapshotOnLegacyEndpoints) {
  FakeRegionApi api("us-east-1");
  api.legacy = true;
  api.AddImage("ami-1", {"snap-1"});
  api.AddImage("ami-2", {"snap-2"});
  std::vector<Decision> decisions = {Delete(api, "ami-1"), Delete(api, "ami-2")};
  EXPECT_EQ(Apply(api, decisions), (std::vector<std::string>{"ami-1 deregistered snap-1=success",
                                                             "ami-2 deregistered snap-2=success"}));
  // After the first refusal the parameter is not sent again.
  EXPECT_EQ(api.calls,
            (std::vector<std::string>{"DeregisterImage ami-1 +snapshots", "DeregisterImage ami-1",
                                      "DeleteSnapshot snap-1", "DeregisterImage ami-2",
                                      "DeleteSnapshot snap-2"}));
  EXPECT_TRUE(api.snapshots.empty());
}

TEST(ApplyTest, AnImageAlreadyGoneStillLosesItsSnapshots) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1", "snap-9"});
  Decision decision = Delete(api, "ami-1");
  api.images.clear();  // deregistered by an interrupted run; snap-9 deleted too
  api.snapshots.erase("snap-9");
  EXPECT_EQ(Apply(api, {decision}),
            std::vector<std::string>{"ami-1 already deregistered snap-1=success "
                                     "snap-9=already-deleted"});
  EXPECT_TRUE(api.snapshots.empty());
}

TEST(ApplyTest, FailuresAreResultsNotAborts) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1"});
  api.AddImage("ami-2", {"snap-2"});
  api.errors["DeregisterImage ami-1"] = "UnauthorizedOperation";
  std::vector<std::string> results = Apply(api, {Delete(api, "ami-1"), Delete(api, "ami-2")});
  EXPECT_EQ(results, (std::vector<std::string>{
                         "ami-1 failed FAILED DeregisterImage failed: UnauthorizedOperation",
                         "ami-2 deregistered snap-2=success"}));
}

TEST(ApplyTest, DeprecatesAtTheNextWholeMinutePlusOne) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {});
  Decision decision = Delete(api, "ami-1");
  decision.action = Action::kDeprecate;
  EXPECT_EQ(Apply(api, {decision}), std::vector<std::string>{"ami-1 deprecated"});
  EXPECT_EQ(api.calls,
            std::vector<std::string>{"EnableImageDeprecation ami-1 2026-11-24T12:02:00Z"});
}

TEST(ApplyTest, OrphansAndKeepsAreHandled) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1"});
  api.snapshots.insert("snap-orphan");
  Decision keep = Delete(api, "ami-1");
  keep.action = Action::kKeep;
  std::vector<OrphanDecision> orphans = {{{.id = "snap-orphan"}, "web", true, "orphan"},
                                         {{.id = "snap-young"}, "web", false, "young"}};
  EXPECT_EQ(Apply(api, {keep}, orphans),
            std::vector<std::string>{"snap-orphan deleted orphan snap-orphan=success"});
  EXPECT_EQ(api.snapshots, (std::set<std::string>{"snap-1"}));
}

TEST(ApplyTest, ChecksLaunchPermissionsBeforeEachChange) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1"});
  api.AddImage("ami-2", {"snap-2"});
  api.permissions["ami-1"].user_ids = {"111122223333"};
  std::vector<Decision> decisions = {Delete(api, "ami-1"), Delete(api, "ami-2")};
  FakeClock clock(*ParseIso8601("2026-11-24T12:00:30Z"));
  std::vector<std::string> out;
  for (const ApplyResult& r :
       ApplyRegion(api, decisions, {}, clock, {.workers = 1, .check_shared = true})) {
    out.push_back(Render(r) + (r.reason.empty() ? "" : " because " + r.reason));
  }
  EXPECT_EQ(out, (std::vector<std::string>{"ami-1 kept because shared with 111122223333",
                                           "ami-2 deregistered snap-2=success"}));
  EXPECT_TRUE(api.images.contains("ami-1"));
}

TEST(ApplyTest, AnInterruptionStopsBetweenChanges) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {"snap-1"});
  api.AddImage("ami-2", {"snap-2"});
  std::vector<Decision> decisions = {Delete(api, "ami-1"), Delete(api, "ami-2")};
  FakeClock clock(*ParseIso8601("2026-11-24T12:00:30Z"));
  int asked = 0;
  ApplyOptions options{
      .workers = 1, .check_shared = false, .interrupted = [&] { return ++asked > 1; }};
  std::vector<std::string> out;
  for (const ApplyResult& r : ApplyRegion(api, decisions, {}, clock, options)) {
    out.push_back(Render(r));
  }
  EXPECT_EQ(out, (std::vector<std::string>{"ami-1 deregistered snap-1=success",
                                           "ami-2 not started (interrupted) FAILED interrupted"}));
  EXPECT_TRUE(api.images.contains("ami-2"));
}

TEST(UsageTest, CollectsInstancesTemplatesAndParameters) {
  FakeRegionApi api("us-east-1");
  api.instances = {{.id = "i-1", .image_id = "ami-run", .state = "running"},
                   {.id = "i-2", .image_id = "ami-dead", .state = "terminated"}};
  api.templates = {{"lt-1", "web", 2, 3}};
  api.versions = {{"lt-1", "web", 1, false, "ami-v1"},
                  {"lt-1", "web", 2, true, "ami-v2"},
                  {"lt-1", "web", 3, false, "resolve:ssm:/golden/web"}};
  api.parameters = {{"/golden/web", "ami-alias"},
                    {"/bakery/amis/web", "ami-param"},
                    {"/bakery/amis/note", "not an image"}};
  auto usage = CollectUsage(api, {{"/bakery/amis"}, false});
  ASSERT_TRUE(usage) << usage.error().ToString();
  std::map<std::string, std::vector<std::string>> expected = {
      {"ami-run", {"instance i-1 (running)"}},
      {"ami-v2", {"launch template lt-1 (web) version 2 (default)"}},
      {"ami-alias", {"launch template lt-1 (web) version 3 (latest) via resolve:ssm:/golden/web"}},
      {"ami-param", {"SSM parameter /bakery/amis/web"}}};
  EXPECT_EQ(usage->uses, expected);
  auto all = CollectUsage(api, {{}, true});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->uses.at("ami-v1"),
            std::vector<std::string>{"launch template lt-1 (web) version 1"});
}

TEST(UsageTest, FailsClosedWhenALookupFails) {
  FakeRegionApi api("us-east-1");
  api.errors["DescribeInstances"] = "UnauthorizedOperation";
  auto usage = CollectUsage(api, {});
  ASSERT_FALSE(usage);
  EXPECT_EQ(usage.error().message,
            "listing instances: DescribeInstances failed: UnauthorizedOperation");
}

TEST(UsageTest, SharedAndPublicFromLaunchPermissions) {
  FakeRegionApi api("us-east-1");
  api.AddImage("ami-1", {});
  api.AddImage("ami-2", {});
  api.AddImage("ami-3", {});
  api.permissions["ami-1"].user_ids = {"111122223333"};
  api.permissions["ami-2"].is_public = true;
  Usage usage;
  ASSERT_TRUE(CollectShared(api, {"ami-1", "ami-2", "ami-3", "ami-gone"}, usage));
  EXPECT_EQ(usage.shared, (std::map<std::string, std::string>{{"ami-1", "shared with 111122223333"},
                                                              {"ami-2", "public"}}));
}

}  // namespace
}  // namespace bakery::retention
