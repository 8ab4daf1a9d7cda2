#include "common/cli/step_command.h"

#include <sstream>

#include <gtest/gtest.h>

namespace bakery::cli {
namespace {

struct Parsed {
  ParseOutcome outcome;
  std::string out;
  std::string err;
};

class StepCommandTest : public testing::Test {
 protected:
  Parsed Run(std::vector<const char*> args) {
    args.insert(args.begin(), "bakery-demo");
    std::ostringstream out, err;
    StepCommand command("demo", "a demo step");
    command.AddExample("bakery demo --manifest m.json", "shows m.json");
    command.AddString("manifest", &manifest, "the manifest");
    command.AddInt("keep", &keep, "images to keep");
    command.AddFlag("apply", &apply, "change things");
    command.AddList("family", &families, "families");
    ParseOutcome outcome = command.Parse(static_cast<int>(args.size()), args.data(), env, common,
                                        out, err);
    keep_source = command.SourceOf("keep");
    return {outcome, out.str(), err.str()};
  }

  MapEnv env;
  CommonOptions common;
  std::string manifest;
  long keep = 5;
  bool apply = false;
  std::vector<std::string> families;
  ValueSource keep_source = ValueSource::kDefault;
};

TEST_F(StepCommandTest, FlagsBindToTargets) {
  auto parsed = Run({"--manifest", "m.json", "--keep=3", "--apply", "--family", "a,b",
                     "--family", "c", "--region", "us-east-1", "--output", "json"});
  ASSERT_EQ(parsed.outcome, ParseOutcome::kRun) << parsed.err;
  EXPECT_EQ(manifest, "m.json");
  EXPECT_EQ(keep, 3);
  EXPECT_TRUE(apply);
  EXPECT_EQ(families, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(common.regions, (std::vector<std::string>{"us-east-1"}));
  EXPECT_EQ(common.output, OutputFormat::kJson);
  EXPECT_EQ(keep_source, ValueSource::kFlag);
}

struct PrecedenceCase {
  std::vector<const char*> args;
  std::map<std::string, std::string> env;
  long expected_keep;
  ValueSource expected_source;
};

class PrecedenceTest : public StepCommandTest,
                       public testing::WithParamInterface<PrecedenceCase> {};

TEST_P(PrecedenceTest, FlagThenBakeryEnvThenInputThenDefault) {
  for (const auto& [name, value] : GetParam().env) env.Set(name, value);
  auto parsed = Run(GetParam().args);
  ASSERT_EQ(parsed.outcome, ParseOutcome::kRun) << parsed.err;
  EXPECT_EQ(keep, GetParam().expected_keep);
  EXPECT_EQ(keep_source, GetParam().expected_source);
}

INSTANTIATE_TEST_SUITE_P(
    Table, PrecedenceTest,
    testing::Values(
        PrecedenceCase{{}, {}, 5, ValueSource::kDefault},
        PrecedenceCase{{}, {{"INPUT_KEEP", "7"}}, 7, ValueSource::kInputEnv},
        PrecedenceCase{{}, {{"INPUT_KEEP", "7"}, {"BAKERY_KEEP", "8"}}, 8, ValueSource::kBakeryEnv},
        PrecedenceCase{{"--keep", "9"}, {{"BAKERY_KEEP", "8"}}, 9, ValueSource::kFlag},
        // GitHub sets unspecified inputs to "": that is not a value.
        PrecedenceCase{{}, {{"INPUT_KEEP", ""}}, 5, ValueSource::kDefault}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

TEST_F(StepCommandTest, UnknownFlagSuggestsClosest) {
  auto parsed = Run({"--manfest", "m.json"});
  EXPECT_EQ(parsed.outcome, ParseOutcome::kExitUsage);
  EXPECT_EQ(parsed.err,
            "bakery-demo: unknown option '--manfest' (did you mean '--manifest'?); see --help\n");
}

TEST_F(StepCommandTest, BadEnvironmentValueNamesTheVariable) {
  env.Set("BAKERY_KEEP", "five");
  auto parsed = Run({});
  EXPECT_EQ(parsed.outcome, ParseOutcome::kExitUsage);
  EXPECT_EQ(parsed.err,
            "bakery-demo: BAKERY_KEEP='five': expected a whole number (it sets --keep)\n");
}

TEST_F(StepCommandTest, OutputChoicesAreChecked) {
  auto parsed = Run({"--output", "jsno"});
  EXPECT_EQ(parsed.outcome, ParseOutcome::kExitUsage);
  EXPECT_EQ(parsed.err,
            "bakery-demo: --output must be one of text, json, not 'jsno' (did you mean 'json'?)\n");
}

TEST_F(StepCommandTest, HelpShowsExamplesAndPrecedence) {
  auto parsed = Run({"--help"});
  EXPECT_EQ(parsed.outcome, ParseOutcome::kExitOk);
  EXPECT_NE(parsed.out.find("bakery demo --manifest m.json"), std::string::npos);
  EXPECT_NE(parsed.out.find("BAKERY_REGION"), std::string::npos);
  EXPECT_NE(parsed.out.find("--manifest"), std::string::npos);
}

TEST_F(StepCommandTest, VersionPrintsStepAndVersion) {
  auto parsed = Run({"--version"});
  EXPECT_EQ(parsed.outcome, ParseOutcome::kExitOk);
  EXPECT_EQ(parsed.out.rfind("bakery-demo ", 0), 0u) << parsed.out;
}

TEST_F(StepCommandTest, ListFromInputEnvSplitsLinesAndCommas) {
  env.Set("INPUT_FAMILY", "base\nweb, db\n");
  ASSERT_EQ(Run({}).outcome, ParseOutcome::kRun);
  EXPECT_EQ(families, (std::vector<std::string>{"base", "web", "db"}));
}

}  // namespace
}  // namespace bakery::cli
