#include "steps/retention/decide.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"

namespace bakery::retention {
namespace {

const SystemTime kNow = *ParseIso8601("2026-11-24T12:00:00Z");

// An image `days` old (hours for fractions) in us-east-1 of family web.
catalog::ImageRecord Img(std::string id, double days, std::string region = "us-east-1") {
  catalog::ImageRecord image;
  image.id = std::move(id);
  image.region = std::move(region);
  image.family = "web";
  image.state = "available";
  image.created = kNow - std::chrono::seconds(static_cast<long>(days * 86400));
  image.creation_date = FormatIso8601(*image.created);
  return image;
}

config::RetentionPolicy Policy(long keep, int min_age_days, long cap = 50) {
  config::RetentionPolicy policy;
  policy.keep = keep;
  policy.min_age = std::chrono::hours(24 * min_age_days);
  policy.max_deletions = cap;
  return policy;
}

struct Case {
  std::string name;
  FamilyInput input;
  // "id ACTION reason; reason" per image, in the order Decide returns them.
  std::vector<std::string> expected;
};

std::string Render(const Decision& decision) {
  std::string text = decision.image.id + " " + ActionName(decision.action);
  for (size_t i = 0; i < decision.reasons.size(); ++i) {
    text += (i == 0 ? " " : "; ") + decision.reasons[i];
  }
  return text;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class DecideTest : public testing::TestWithParam<Case> {};

TEST_P(DecideTest, DecidesWithReasons) {
  std::vector<std::string> actual;
  for (const Decision& decision : Decide(GetParam().input, kNow)) actual.push_back(Render(decision));
  EXPECT_EQ(actual, GetParam().expected);
}

FamilyInput Input(std::vector<catalog::ImageRecord> images, config::RetentionPolicy policy) {
  FamilyInput input;
  input.family = "web";
  input.images = std::move(images);
  input.policy = std::move(policy);
  return input;
}

Case InUse() {
  FamilyInput input = Input({Img("ami-4", 1), Img("ami-3", 20), Img("ami-2", 30), Img("ami-1", 40)},
                            Policy(1, 7));
  input.usage["us-east-1"].uses["ami-2"] = {"instance i-1 (stopped)",
                                            "launch template lt-1 (web) version 3 (default)"};
  input.usage["us-east-1"].uses["ami-4"] = {"SSM parameter /bakery/web"};
  return {"in_use_never_deleted_and_not_counted", input,
          {"ami-4 KEEP in use by SSM parameter /bakery/web",
           "ami-3 KEEP newest 1 of 1 (keep)",
           "ami-2 KEEP in use by instance i-1 (stopped); in use by launch template lt-1 (web) "
           "version 3 (default)",
           "ami-1 DELETE beyond the newest 1, age 5w 5d over min-age 1w"}};
}

Case KeepTagSharedPublicStatus() {
  catalog::ImageRecord keep = Img("ami-k", 30);
  keep.keep = true;
  catalog::ImageRecord pub = Img("ami-p", 31);
  pub.is_public = true;
  catalog::ImageRecord prod = Img("ami-s", 32);
  prod.status = "production";
  catalog::ImageRecord superseded = Img("ami-x", 33);
  superseded.status = "superseded";
  FamilyInput input = Input({keep, pub, prod, Img("ami-sh", 32.5), superseded}, Policy(0, 7));
  input.usage["us-east-1"].shared["ami-sh"] = "shared with 111122223333";
  return {"keep_tag_public_shared_and_status_protect", input,
          {"ami-k KEEP tagged keep=true",
           "ami-p KEEP public (use --include-shared to allow)",
           "ami-s KEEP status production is protected (keep-status)",
           "ami-sh KEEP shared with 111122223333 (use --include-shared to allow)",
           "ami-x DELETE beyond the newest 0, age 4w 5d over min-age 1w"}};
}

Case IncludeShared() {
  catalog::ImageRecord pub = Img("ami-p", 31);
  pub.is_public = true;
  FamilyInput input = Input({pub, Img("ami-sh", 32)}, Policy(0, 7));
  input.usage["us-east-1"].shared["ami-sh"] = "shared with 111122223333";
  input.include_shared = true;
  return {"include_shared_allows_public_and_shared", input,
          {"ami-p DELETE beyond the newest 0, age 4w 3d over min-age 1w",
           "ami-sh DELETE beyond the newest 0, age 4w 4d over min-age 1w"}};
}

Case MinAge() {
  return {"min_age_protects_young_images",
          Input({Img("ami-3", 1), Img("ami-2", 6.5), Img("ami-1", 8)}, Policy(1, 7)),
          {"ami-3 KEEP newest 1 of 1 (keep)", "ami-2 KEEP age 6d 12h is under min-age 1w",
           "ami-1 DELETE beyond the newest 1, age 1w 1d over min-age 1w"}};
}

Case KeepPerRegion() {
  return {"keep_counts_per_region",
          Input({Img("ami-e2", 20, "eu-west-1"), Img("ami-u2", 10), Img("ami-u1", 30),
                 Img("ami-e1", 40, "eu-west-1")},
                Policy(1, 7)),
          {"ami-e2 KEEP newest 1 of 1 (keep)",
           "ami-e1 DELETE beyond the newest 1, age 5w 5d over min-age 1w",
           "ami-u2 KEEP newest 1 of 1 (keep)",
           "ami-u1 DELETE beyond the newest 1, age 4w 2d over min-age 1w"}};
}

Case Cap() {
  return {"max_deletions_deletes_oldest_first",
          Input({Img("ami-4", 10), Img("ami-3", 20), Img("ami-2", 30), Img("ami-1", 40)},
                Policy(0, 7, 2)),
          {"ami-4 KEEP over max-deletions 2 for this run",
           "ami-3 KEEP over max-deletions 2 for this run",
           "ami-2 DELETE beyond the newest 0, age 4w 2d over min-age 1w",
           "ami-1 DELETE beyond the newest 0, age 5w 5d over min-age 1w"}};
}

Case PendingAndUnreadable() {
  catalog::ImageRecord pending = Img("ami-p", 30);
  pending.state = "pending";
  catalog::ImageRecord odd = Img("ami-o", 30);
  odd.created.reset();
  odd.creation_date = "yesterday";
  return {"pending_and_unreadable_dates_are_kept", Input({pending, odd}, Policy(0, 7)),
          {"ami-p KEEP not available yet (pending)",
           "ami-o KEEP creation date \"yesterday\" unreadable"}};
}

Case DeprecateFirst() {
  config::RetentionPolicy policy = Policy(0, 7);
  policy.deprecate_first = std::chrono::hours(24 * 7);
  catalog::ImageRecord fresh = Img("ami-new", 30);
  catalog::ImageRecord recent = Img("ami-mid", 31);
  recent.deprecation_time = FormatIso8601(kNow - std::chrono::hours(48));
  catalog::ImageRecord scheduled = Img("ami-sch", 32);
  scheduled.deprecation_time = "2026-12-01T00:00:00Z";
  catalog::ImageRecord old = Img("ami-old", 40);
  old.deprecation_time = FormatIso8601(kNow - std::chrono::hours(24 * 8));
  return {"deprecate_first_stages", Input({fresh, recent, scheduled, old}, policy),
          {"ami-new DEPRECATE beyond the newest 0, age 4w 2d over min-age 1w; deprecate first; "
           "delete once deprecated for 1w",
           "ami-mid KEEP deprecated 2d ago; deleted after 1w (deprecate-first)",
           "ami-sch KEEP deprecation scheduled for 2026-12-01T00:00:00Z; deleted 1w after it "
           "(deprecate-first)",
           "ami-old DELETE beyond the newest 0, age 5w 5d over min-age 1w; deprecated 1w 1d ago "
           "(deprecate-first 1w)"}};
}

INSTANTIATE_TEST_SUITE_P(Rules, DecideTest,
                         testing::Values(InUse(), KeepTagSharedPublicStatus(), IncludeShared(),
                                         MinAge(), KeepPerRegion(), Cap(), PendingAndUnreadable(),
                                         DeprecateFirst()),
                         [](const testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.name;
                         });

TEST(DecideOrphansTest, OnlyUnreferencedManagedSnapshotsOlderThanMinAge) {
  auto snapshot = [](std::string id, std::string family, double days) {
    aws::Snapshot s;
    s.id = std::move(id);
    if (!family.empty()) s.tags["bakery:family"] = std::move(family);
    s.start_time = FormatIso8601(kNow - std::chrono::seconds(static_cast<long>(days * 86400)));
    return s;
  };
  OrphanInput input;
  input.snapshots = {snapshot("snap-used", "web", 30), snapshot("snap-old", "web", 30),
                     snapshot("snap-young", "web", 1), snapshot("snap-other", "db", 30),
                     snapshot("snap-untagged", "", 30)};
  input.referenced = {"snap-used"};
  input.policies = {{"web", Policy(1, 7)}};
  input.family_tag = "bakery:family";
  std::vector<std::string> actual;
  for (const OrphanDecision& d : DecideOrphans(input, kNow)) {
    actual.push_back(d.snapshot.id + (d.remove ? " DELETE " : " KEEP ") + d.reason);
  }
  EXPECT_EQ(actual, (std::vector<std::string>{
                        "snap-old DELETE no image uses it (orphan)",
                        "snap-young KEEP orphan, but age 1d is under min-age 1w"}));
}

}  // namespace
}  // namespace bakery::retention
