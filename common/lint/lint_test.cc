#include "common/lint/lint.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/testing/temp_dir.h"

namespace bakery::lint {
namespace {

const std::string kFixtures = std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/lint";

std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The findings of `rule` for the template in `dir`, paths relative to `dir`.
std::string FindingsOf(const std::string& dir, const std::string& rule) {
  Result<packer::Template> t = packer::Template::Load(dir);
  if (!t) return "LOAD ERROR " + t.error().ToString();
  RealFileSystem fs;
  LintOptions options;
  options.require_deprecate_at = true;
  std::string out;
  for (Finding finding : Lint(*t, options, fs)) {
    if (finding.rule != rule) continue;
    finding.range.path = std::filesystem::relative(finding.range.path, dir).string();
    out += finding.Format() + "\n";
  }
  return out;
}

TEST(LintRules, EveryRuleHasDocsAndFixtures) {
  std::string docs = ReadText(std::string(BAKERY_SOURCE_DIR) + "/docs/rules.md");
  for (const RuleInfo& rule : Rules()) {
    EXPECT_NE(docs.find("## " + rule.id + "\n"), std::string::npos) << rule.id;
    EXPECT_FALSE(rule.hint.empty()) << rule.id;
    // steps/validate tests cover these: real Packer, bakery.yml.
    if (rule.id.starts_with("packer-") || rule.id == "config" || rule.id == "parent-variable")
      continue;
    EXPECT_TRUE(std::filesystem::exists(kFixtures + "/" + rule.id + "/fail")) << rule.id;
    EXPECT_TRUE(std::filesystem::exists(kFixtures + "/" + rule.id + "/pass")) << rule.id;
  }
}

TEST(LintRules, FailingFixturesGiveExactlyTheExpectedFindings) {
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
    std::string rule = entry.path().filename().string();
    std::string actual = FindingsOf(entry.path().string() + "/fail", rule);
    if (std::getenv("BAKERY_UPDATE_FIXTURES"))
      std::ofstream(entry.path().string() + "/fail.expected") << actual;
    std::string expected = ReadText(entry.path().string() + "/fail.expected");
    EXPECT_FALSE(expected.empty()) << rule;
    EXPECT_EQ(actual, expected) << rule;
  }
}

TEST(LintRules, PassingFixturesGiveNoFinding) {
  for (const auto& entry : std::filesystem::directory_iterator(kFixtures)) {
    std::string rule = entry.path().filename().string();
    EXPECT_EQ(FindingsOf(entry.path().string() + "/pass", rule), "") << rule;
  }
}

TEST(LintRules, PassFixtureOfEveryRuleIsClean) {
  // The pass fixtures are variants of one clean template; most pass every rule.
  for (const char* rule : {"encrypt-boot", "template", "plugin-version"}) {
    std::string dir = kFixtures + "/" + rule + "/pass";
    Result<packer::Template> t = packer::Template::Load(dir);
    ASSERT_TRUE(t);
    RealFileSystem fs;
    LintOptions options;
    options.require_deprecate_at = true;
    EXPECT_TRUE(Lint(*t, options, fs).empty()) << rule;
  }
}

constexpr const char* kIgnored =
    R"(source "amazon-ebs" "a" { # bakery:ignore encrypt-boot,tags-version lab only
  ami_name = "fixed"
}

# bakery:ignore ami-name-unique the lab image is rebuilt in place
source "amazon-ebs" "b" {
  ami_name = "fixed" # bakery:ignore encrypt-boot wrong line, wrong rule
  encrypt_boot = true
  tags = { Version = "1" }
}

source "amazon-ebs" "c" {
  # bakery:ignore ami-name-unique covers the attribute on the next line only
  ami_name = "fixed"
  encrypt_boot = true
  tags = { Version = "1" }
}
)";

TEST(LintIgnore, LineAndBlock) {
  testing_util::TempDir dir;
  dir.Write("t.pkr.hcl", kIgnored);
  Result<packer::Template> t = packer::Template::Load(dir.path());
  ASSERT_TRUE(t);
  RealFileSystem fs;
  std::string out;
  for (const Finding& finding : Lint(*t, {}, fs)) out += finding.Format() + "\n";
  std::string p = dir.path() + "/t.pkr.hcl";
  EXPECT_EQ(out, p + ":2:3: error: ami_name of amazon-ebs.a is the same on every build: the second "
                     "build fails with \"AMI name is already in use\" [ami-name-unique]\n");
}

TEST(LintSeverity, OverridesAndOff) {
  testing_util::TempDir dir;
  dir.Write("t.pkr.hcl",
            "source \"amazon-ebs\" \"a\" {\n  ami_name = \"x-${timestamp()}\"\n"
            "  tags = { Commit = \"abc\" }\n}\n");
  Result<packer::Template> t = packer::Template::Load(dir.path());
  ASSERT_TRUE(t);
  RealFileSystem fs;
  LintOptions options;
  std::vector<Finding> findings = Lint(*t, options, fs);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].rule, "encrypt-boot");
  EXPECT_EQ(findings[0].severity, Severity::kWarning);
  options.severities["encrypt-boot"] = Severity::kError;
  EXPECT_EQ(Lint(*t, options, fs)[0].severity, Severity::kError);
  options.severities["encrypt-boot"] = Severity::kOff;
  EXPECT_TRUE(Lint(*t, options, fs).empty());
  EXPECT_EQ(ParseSeverity("warning"), Severity::kWarning);
  EXPECT_EQ(ParseSeverity("fatal"), std::nullopt);
}

TEST(LintRules, SuppliedVariablesSatisfyRequired) {
  testing_util::TempDir dir;
  dir.Write("t.pkr.hcl", "variable \"source_ami\" {\n  type = string\n}\n");
  Result<packer::Template> t = packer::Template::Load(dir.path());
  ASSERT_TRUE(t);
  RealFileSystem fs;
  EXPECT_EQ(Lint(*t, {}, fs).size(), 1u);
  LintOptions options;
  options.supplied_variables = {"source_ami"};
  EXPECT_TRUE(Lint(*t, options, fs).empty());
}

}  // namespace
}  // namespace bakery::lint

namespace bakery::lint {
namespace {

TEST(LintRules, GoTemplateStampsAndSourcesPrefix) {
  testing_util::TempDir dir;
  dir.Write("t.pkr.hcl", R"(source "amazon-ebs" "a" {
  ami_name     = "a-{{timestamp}}"
  encrypt_boot = true
  tags         = { Version = "1" }
}
source "amazon-ebs" "b" {
  ami_name     = "b-{{ isotime \"2006\" }}"
  encrypt_boot = true
  tags         = { Version = "1" }
}
source "amazon-ebs" "c" {
  ami_name     = "c-{{user `x`}}"
  encrypt_boot = true
  tags         = { Version = "1" }
}
build {
  sources = ["sources.amazon-ebs.a", "source.amazon-ebs.b"]
}
)");
  Result<packer::Template> t = packer::Template::Load(dir.path());
  ASSERT_TRUE(t);
  RealFileSystem fs;
  std::string out;
  for (const Finding& finding : Lint(*t, {}, fs)) out += finding.Format() + "\n";
  EXPECT_EQ(out, dir.path() + "/t.pkr.hcl:12:3: error: ami_name of amazon-ebs.c is the same on "
                              "every build: the second build fails with \"AMI name is already in "
                              "use\" [ami-name-unique]\n");
}

}  // namespace
}  // namespace bakery::lint
