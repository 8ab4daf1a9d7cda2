#include "common/base/strings.h"

#include <gtest/gtest.h>

namespace bakery {
namespace {

TEST(Strings, SplitKeepsEmptyFields) {
  EXPECT_EQ(Split("a,,b", ','), (std::vector<std::string>{"a", "", "b"}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string>{""}));
}

TEST(Strings, TrimAndJoin) {
  EXPECT_EQ(Trim("  x y\t\n"), "x y");
  EXPECT_EQ(Trim(" \n"), "");
  std::vector<std::string> parts{"a", "b", "c"};
  EXPECT_EQ(Join(parts, ", "), "a, b, c");
}

struct DistanceCase {
  const char* a;
  const char* b;
  int expected;
};

class EditDistanceTest : public testing::TestWithParam<DistanceCase> {};

TEST_P(EditDistanceTest, Levenshtein) {
  EXPECT_EQ(EditDistance(GetParam().a, GetParam().b, 10), GetParam().expected);
}

INSTANTIATE_TEST_SUITE_P(Table, EditDistanceTest,
                         testing::Values(DistanceCase{"", "", 0}, DistanceCase{"abc", "abc", 0},
                                         DistanceCase{"kitten", "sitting", 3},
                                         DistanceCase{"manifest", "manfiest", 1}, DistanceCase{"jsno", "json", 1},
                                         DistanceCase{"", "abc", 3}),
                         [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

TEST(Strings, EditDistanceStopsAtCap) { EXPECT_EQ(EditDistance("aaaaaaaa", "bbbbbbbb", 2), 3); }

TEST(Strings, DidYouMeanSuggestsOnlyCloseCandidates) {
  std::vector<std::string> flags{"--manifest", "--build", "--region"};
  EXPECT_EQ(DidYouMean("--manfest", flags), " (did you mean '--manifest'?)");
  EXPECT_EQ(DidYouMean("--colour", flags), "");
}

}  // namespace
}  // namespace bakery
