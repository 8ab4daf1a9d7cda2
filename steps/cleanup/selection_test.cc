#include "steps/cleanup/selection.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"

namespace bakery::cleanup {
namespace {

const SystemTime kNow = *ParseIso8601("2026-11-24T12:00:00Z");

aws::Tags TestTags(std::string run, std::string expires = "") {
  aws::Tags tags = {{"bakery:purpose", "test-launch"}, {"bakery:run-id", std::move(run)}};
  if (!expires.empty()) tags["bakery:expires-at"] = expires;
  return tags;
}

aws::Instance Inst(std::string id, aws::Tags tags, int hours_ago, std::string key, std::string sg,
                   std::string state = "running") {
  aws::Instance instance;
  instance.id = std::move(id);
  instance.tags = std::move(tags);
  instance.launch_time = FormatIso8601(kNow - std::chrono::hours(hours_ago));
  instance.key_name = std::move(key);
  instance.security_group_ids = {std::move(sg)};
  instance.state = std::move(state);
  return instance;
}

struct Case {
  std::string name;
  Scope scope;
  std::string expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class SelectTest : public testing::TestWithParam<Case> {};

TEST_P(SelectTest, SelectsOnlyTaggedResourcesInScope) {
  std::vector<aws::Instance> instances = {
      Inst("i-run1", TestTags("101"), 1, "key-101", "sg-101"),
      Inst("i-run1-gone", TestTags("101"), 1, "key-101b", "sg-101b", "terminated"),
      Inst("i-old", TestTags("99"), 5, "key-99", "sg-99"),
      Inst("i-prod", {{"Name", "prod"}}, 50, "prod-key", "sg-101"),  // not ours, shares sg
  };
  std::vector<aws::KeyPair> keys = {
      {"key-101", "k1", "", "", TestTags("101")},
      {"key-101b", "k2", "", "", TestTags("101")},
      {"key-99", "k3", "", "", TestTags("99")},
      {"key-expired", "k4", "", "", TestTags("50", "2026-11-24T11:00:00Z")},
      {"prod-key", "k5", "", "", {}}};
  std::vector<aws::SecurityGroup> groups = {{"sg-101", "g", "", "", TestTags("101")},
                                            {"sg-101b", "g", "", "", TestTags("101")},
                                            {"sg-99", "g", "", "", TestTags("99")},
                                            {"sg-shared", "g", "", "", {}}};
  Selected selected = Select(instances, keys, groups, catalog::TagNames(), GetParam().scope, kNow);
  std::string text;
  for (const auto& i : selected.instances) text += i.id + " ";
  text += "|";
  for (const auto& k : selected.key_pairs) text += " " + k.name;
  text += " |";
  for (const auto& g : selected.groups) text += " " + g.id;
  EXPECT_EQ(text, GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, SelectTest,
    testing::Values(
        Case{"run_id", {"101", std::nullopt}, "i-run1 | key-101 key-101b | sg-101 sg-101b"},
        Case{"older_than", {"", std::chrono::hours(3)}, "i-old | key-99 key-expired | sg-99"},
        Case{"both",
             {"101", std::chrono::hours(3)},
             "i-run1 i-old | key-101 key-101b key-99 key-expired | sg-101 sg-101b sg-99"},
        Case{"nothing_matches", {"555", std::nullopt}, "| |"}),
    [](const testing::TestParamInfo<Case>& param_info) { return param_info.param.name; });

}  // namespace
}  // namespace bakery::cleanup
