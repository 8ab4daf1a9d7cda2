#include "steps/promote/promotion.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"

namespace bakery::promote {
namespace {

const SystemTime kNow = *ParseIso8601("2026-11-24T12:00:00Z");

catalog::ImageRecord Img(std::string id, std::string version, std::string status,
                         std::string region = "us-east-1") {
  catalog::ImageRecord image;
  image.id = std::move(id);
  image.version = std::move(version);
  image.status = std::move(status);
  image.region = std::move(region);
  image.state = "available";
  return image;
}

std::vector<RegionImages> Estate() {
  catalog::ImageRecord revoked = Img("ami-r", "0.9", "revoked");
  catalog::ImageRecord deprecated = Img("ami-d", "0.8", "staging");
  deprecated.deprecation_time = "2026-11-01T00:00:00Z";
  return {{"us-east-1",
           {Img("ami-u3", "1.3", "testing"), Img("ami-u2", "1.2", "staging"),
            Img("ami-u1", "1.1", "production"), revoked, deprecated}},
          {"eu-west-1",
           {Img("ami-e3", "1.3", "tested", "eu-west-1"),
            Img("ami-e1", "1.1", "production", "eu-west-1")}}};
}

struct Case {
  std::string name;
  Selection selection;
  std::string to, from;
  std::string expected;  // moves rendered, or the error
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::string Render(const Result<std::vector<Move>>& moves, const std::string& to) {
  if (!moves) return "error: " + moves.error().message;
  std::string text;
  for (const Move& move : *moves) {
    text += fmt::format("{} {} {}→{}", move.region, move.image.id,
                        move.previous_status.empty() ? "none" : move.previous_status, to);
    for (const auto& s : move.superseded) text += " supersedes " + s.id;
    if (!move.Changes(to)) text += " (unchanged)";
    text += "\n";
  }
  return text;
}

class PromotionTest : public testing::TestWithParam<Case> {};

TEST_P(PromotionTest, Plans) {
  const Case& c = GetParam();
  EXPECT_EQ(Render(PlanPromotion(Estate(), c.selection, "web", c.to, c.from, kNow), c.to),
            c.expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, PromotionTest,
    testing::Values(
        Case{"version_in_every_region",
             {"1.3", "", {}},
             "staging",
             "",
             "us-east-1 ami-u3 testing→staging supersedes ami-u2 supersedes ami-d\n"
             "eu-west-1 ami-e3 tested→staging\n"},
        Case{"ami_selects_its_version_everywhere",
             {"", "ami-e3", {}},
             "staging",
             "",
             "us-east-1 ami-u3 testing→staging supersedes ami-u2 supersedes ami-d\n"
             "eu-west-1 ami-e3 tested→staging\n"},
        Case{"build_record_amis",
             {"", "", {{"eu-west-1", "ami-e3"}}},
             "production",
             "",
             "eu-west-1 ami-e3 tested→production supersedes ami-e1\n"},
        Case{"holder_again_is_unchanged",
             {"1.1", "", {}},
             "production",
             "",
             "us-east-1 ami-u1 production→production (unchanged)\n"
             "eu-west-1 ami-e1 production→production (unchanged)\n"},
        Case{"from_channel_matches",
             {"1.2", "", {}},
             "production",
             "staging",
             "us-east-1 ami-u2 staging→production supersedes ami-u1\n"},
        Case{"from_channel_mismatch",
             {"1.3", "", {}},
             "production",
             "staging",
             "error: refusing to promote to production: ami-u3 in us-east-1 is not in staging "
             "(status testing); ami-e3 in eu-west-1 is not in staging (status tested)"},
        Case{"revoked_refused",
             {"0.9", "", {}},
             "staging",
             "",
             "error: refusing to promote to staging: ami-r in us-east-1 is revoked"},
        Case{"deprecated_refused",
             {"0.8", "", {}},
             "production",
             "",
             "error: refusing to promote to production: ami-d in us-east-1 is deprecated since "
             "2026-11-01T00:00:00Z"},
        Case{"unknown_version",
             {"2.0", "", {}},
             "staging",
             "",
             "error: no image of family web matches version 2.0 in us-east-1, eu-west-1"},
        Case{"non_exclusive_channel",
             {"1.2", "", {}},
             "revoked",
             "",
             "us-east-1 ami-u2 staging→revoked\n"}),
    [](const testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

TEST(PromotionTest, ExpandsParameterNames) {
  EXPECT_EQ(
      ExpandParameterName("/amis/{family}/{channel}/{region}/{family}", "web", "prod", "eu-west-1"),
      "/amis/web/prod/eu-west-1/web");
}

TEST(PromotionTest, ReadsBuildRecords) {
  std::string version;
  auto amis = ReadBuildRecord(
      R"({"images": [{"family": "base", "amis": {"us-east-1": "ami-b"}},
                     {"name": "web", "version": "1.4", "amis": {"us-east-1": "ami-w", "eu-west-1": "ami-x"}}]})",
      "build.json", "web", version);
  ASSERT_TRUE(amis) << amis.error().ToString();
  EXPECT_EQ(*amis,
            (std::map<std::string, std::string>{{"eu-west-1", "ami-x"}, {"us-east-1", "ami-w"}}));
  EXPECT_EQ(version, "1.4");
  auto missing = ReadBuildRecord(R"({"images": [{"family": "web", "amis": {"r": "a"}}]})",
                                 "build.json", "wbe", version);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "reading build.json: no image of family wbe (did you mean 'web'?)");
  auto bad = ReadBuildRecord("[]", "build.json", "web", version);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "reading build.json: expected a build record {\"images\": [{\"family\", \"version\", "
            "\"amis\": {region: ami}}]}");
}

}  // namespace
}  // namespace bakery::promote
