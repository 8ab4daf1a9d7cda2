#include "common/config/config.h"
#include "common/config/config_checks.h"

#include <gtest/gtest.h>

namespace bakery::config {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

constexpr std::string_view kFull = R"(version: 1
tag-prefix: "acme:"
defaults:
  regions: [us-east-1, eu-west-1]
  tags: { Team: platform }
  retention: { keep: 3, min-age: 2d, keep-status: [production], max-deletions: 10 }
retention:
  ssm-paths: [/bakery/amis]
  check-all-template-versions: true
  include-shared: false
  families:
    legacy: { keep: 1, deprecate-first: 1w }
promote:
  ssm-parameter: "/bakery/{family}/{channel}"
images:
  base:
    template: packer/base
    inputs: [ansible/roles/common, "scripts/*.sh"]
    variables: { size: 8, os: debian }
    var-files: [vars/common.pkrvars.hcl]
    test: tests/base.yml
    rebuild: { max-age: 7d }
    packer-args: [-parallel-builds=1]
    retention: { keep: 10 }
  web:
    template: packer/web
    parent: base
    parent-variable: source_ami
    regions: [eu-west-1]
    tags: { Service: web }
)";

TEST(ConfigTest, ParsesEveryKey) {
  auto config = ParseConfig(kFull, "bakery.yml");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->tag_prefix, "acme:");
  EXPECT_EQ(config->regions, (std::vector<std::string>{"us-east-1", "eu-west-1"}));
  EXPECT_EQ(config->tags.at("Team"), "platform");
  EXPECT_EQ(config->ssm_paths, std::vector<std::string>{"/bakery/amis"});
  EXPECT_TRUE(config->check_all_template_versions);
  EXPECT_FALSE(config->include_shared);
  EXPECT_EQ(config->promote_ssm_parameter, "/bakery/{family}/{channel}");
  ASSERT_EQ(config->images.size(), 2u);
  const ImageConfig& base = config->images[0];
  EXPECT_EQ(base.name, "base");
  EXPECT_EQ(base.location.ToString(), "bakery.yml:16:3");
  EXPECT_EQ(base.template_path, "packer/base");
  EXPECT_EQ(base.inputs, (std::vector<std::string>{"ansible/roles/common", "scripts/*.sh"}));
  EXPECT_EQ(base.variables.at("size"), "8");
  EXPECT_EQ(base.var_files, std::vector<std::string>{"vars/common.pkrvars.hcl"});
  EXPECT_EQ(base.test, "tests/base.yml");
  EXPECT_EQ(base.rebuild.max_age, hours(24 * 7));
  EXPECT_EQ(base.packer_args, std::vector<std::string>{"-parallel-builds=1"});
  const ImageConfig& web = config->images[1];
  EXPECT_EQ(web.parent, "base");
  EXPECT_EQ(web.parent_variable, "source_ami");
  EXPECT_EQ(config->RegionsFor(web), std::vector<std::string>{"eu-west-1"});
  EXPECT_EQ(config->RegionsFor(base), (std::vector<std::string>{"us-east-1", "eu-west-1"}));
  EXPECT_EQ(config->ManagedFamilies(), (std::vector<std::string>{"base", "legacy", "web"}));
}

TEST(ConfigTest, PolicyLayersDefaultsFamilyAndBuiltIns) {
  auto config = ParseConfig(kFull, "bakery.yml");
  ASSERT_TRUE(config);
  RetentionPolicy base = config->PolicyFor("base");
  EXPECT_EQ(base.keep, 10);
  EXPECT_EQ(base.min_age, hours(48));
  EXPECT_EQ(base.keep_status, std::vector<std::string>{"production"});
  EXPECT_EQ(base.max_deletions, 10);
  EXPECT_FALSE(base.deprecate_first);
  RetentionPolicy legacy = config->PolicyFor("legacy");
  EXPECT_EQ(legacy.keep, 1);
  EXPECT_EQ(legacy.deprecate_first, hours(24 * 7));
  RetentionPolicy builtin = Config{}.PolicyFor("x");
  EXPECT_EQ(builtin.keep, 5);
  EXPECT_EQ(builtin.min_age, hours(24 * 7));
  EXPECT_EQ(builtin.keep_status, (std::vector<std::string>{"production", "staging"}));
  EXPECT_EQ(builtin.max_deletions, 50);
}

TEST(ConfigTest, EmptyFileIsDefaults) {
  auto config = ParseConfig("", "bakery.yml");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->tag_prefix, "bakery:");
  EXPECT_TRUE(config->images.empty());
}

struct ErrorCase {
  std::string name;
  std::string yaml;
  std::string error;
};

void PrintTo(const ErrorCase& error_case, std::ostream* os) { *os << error_case.name; }

class ConfigErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(ConfigErrorTest, ReportsPositionAndCause) {
  auto config = ParseConfig(GetParam().yaml, "bakery.yml");
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(config.error().ToString(), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConfigErrorTest,
    testing::Values(
        ErrorCase{"unknown_top_key", "version: 1\ntag-prefx: x\n",
                  "bakery.yml:2:1: unknown key 'tag-prefx' in bakery.yml (did you mean "
                  "'tag-prefix'?)"},
        ErrorCase{"unknown_key_no_suggestion", "zzz: 1\n",
                  "bakery.yml:1:1: unknown key 'zzz' in bakery.yml"},
        ErrorCase{"unknown_policy_key", "defaults:\n  retention:\n    keeep: 3\n",
                  "bakery.yml:3:5: unknown key 'keeep' in defaults.retention (did you mean "
                  "'keep'?)"},
        ErrorCase{"unknown_image_key", "images:\n  web:\n    template: t\n    parnet: base\n",
                  "bakery.yml:4:5: unknown key 'parnet' in images.web (did you mean 'parent'?)"},
        ErrorCase{"keep_not_integer", "defaults:\n  retention: { keep: five }\n",
                  "bakery.yml:2:22: defaults.retention.keep: expected a non-negative integer, "
                  "got \"five\""},
        ErrorCase{"keep_quoted", "defaults:\n  retention: { keep: \"5\" }\n",
                  "bakery.yml:2:22: defaults.retention.keep: expected a non-negative integer, "
                  "got \"5\""},
        ErrorCase{"keep_negative", "defaults:\n  retention: { keep: -1 }\n",
                  "bakery.yml:2:22: defaults.retention.keep: expected a non-negative integer, "
                  "got \"-1\""},
        ErrorCase{"bad_duration", "defaults:\n  retention:\n    min-age: 7 days\n",
                  "bakery.yml:3:14: defaults.retention.min-age: expected a duration "
                  "<number><s|m|h|d|w> such as 7d, got \"7 days\""},
        ErrorCase{"unknown_status", "defaults:\n  retention:\n    keep-status: [prodution]\n",
                  "bakery.yml:3:19: defaults.retention.keep-status[0]: unknown status "
                  "'prodution' (did you mean 'production'?); statuses are testing, tested, "
                  "staging, production, superseded, revoked"},
        ErrorCase{"regions_not_list", "defaults:\n  regions: us-east-1\n",
                  "bakery.yml:2:12: defaults.regions: expected a list of strings, got "
                  "\"us-east-1\""},
        ErrorCase{"region_shape", "defaults:\n  regions: [us-east-1, useast1]\n",
                  "bakery.yml:2:24: defaults.regions[1]: \"useast1\" is not an AWS region name "
                  "such as us-east-1"},
        ErrorCase{"tags_not_strings", "defaults:\n  tags: { Team: [a] }\n",
                  "bakery.yml:2:17: defaults.tags.Team: expected a string, got a list"},
        ErrorCase{"bool_type", "retention:\n  include-shared: yes please\n",
                  "bakery.yml:2:19: retention.include-shared: expected a boolean (true or "
                  "false), got \"yes please\""},
        ErrorCase{"ssm_path_relative", "retention:\n  ssm-paths: [bakery/amis]\n",
                  "bakery.yml:2:15: retention.ssm-paths[0]: SSM parameter path \"bakery/amis\" "
                  "must start with '/'"},
        ErrorCase{"family_policy_unknown", "retention:\n  families:\n    old: { keepp: 1 }\n",
                  "bakery.yml:3:12: unknown key 'keepp' in retention.families.old (did you "
                  "mean 'keep'?)"},
        ErrorCase{"version_two", "version: 2\n",
                  "bakery.yml:1:10: version: unsupported version 2; this bakery reads version 1"},
        ErrorCase{"aws_prefix", "tag-prefix: \"aws:bakery:\"\n",
                  "bakery.yml:1:13: tag-prefix: \"aws:bakery:\" starts with 'aws:', which EC2 "
                  "reserves for its own tags"},
        ErrorCase{"images_not_map", "images: [a, b]\n",
                  "bakery.yml:1:9: images: expected a mapping, got a list"},
        ErrorCase{"image_without_template", "images:\n  web:\n    test: t.yml\n",
                  "bakery.yml:2:3: images.web: missing 'template' (a directory of *.pkr.hcl "
                  "files, or one template file)"},
        ErrorCase{"unknown_parent",
                  "images:\n  base: { template: b }\n  web:\n    template: w\n    parent: bsae\n",
                  "bakery.yml:5:13: images.web.parent: no image named 'bsae' in images (did you "
                  "mean 'base'?)"},
        ErrorCase{"parent_variable_alone",
                  "images:\n  web: { template: w, parent-variable: source_ami }\n",
                  "bakery.yml:2:3: images.web: 'parent-variable' is set but 'parent' is not; "
                  "name the image this one is built from"},
        ErrorCase{"rebuild_key", "images:\n  web:\n    template: w\n    rebuild: { maxage: 7d }\n",
                  "bakery.yml:4:16: unknown key 'maxage' in images.web.rebuild (did you mean "
                  "'max-age'?)"},
        ErrorCase{"variables_nested",
                  "images:\n  web:\n    template: w\n    variables: { a: { b: c } }\n",
                  "bakery.yml:4:21: images.web.variables.a: expected a string, got a mapping"},
        ErrorCase{"root_scalar", "just text\n",
                  "bakery.yml:1:1: bakery.yml: expected a mapping of settings, got \"just "
                  "text\""},
        ErrorCase{"invalid_yaml", "defaults:\n  regions: [a, b\n",
                  "bakery.yml:3:1: invalid YAML: end of sequence flow not found"}),
    [](const testing::TestParamInfo<ErrorCase>& param_info) { return param_info.param.name; });

TEST(LoadConfigTest, MissingOptionalFileGivesDefaults) {
  InMemoryFileSystem fs;
  auto config = LoadConfig(fs, "bakery.yml", false);
  ASSERT_TRUE(config);
  EXPECT_FALSE(config->from_file);
}

TEST(LoadConfigTest, MissingRequiredFileIsAnError) {
  InMemoryFileSystem fs;
  auto config = LoadConfig(fs, "conf/bakery.yml", true);
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().ToString(),
            "loading the configuration: reading conf/bakery.yml: No such file or directory");
}

TEST(LoadConfigTest, ReadsTheFile) {
  InMemoryFileSystem fs;
  ASSERT_TRUE(fs.WriteFile("bakery.yml", "tag-prefix: \"x:\"\n"));
  auto config = LoadConfig(fs, "bakery.yml", false);
  ASSERT_TRUE(config);
  EXPECT_TRUE(config->from_file);
  EXPECT_EQ(config->tag_prefix, "x:");
}

}  // namespace
}  // namespace bakery::config

namespace bakery::config {
namespace {

TEST(ConfigValidateSection, ReadsRuleSeveritiesAndDirectory) {
  Result<Config> config = ParseConfig(
      "validate:\n  rules: {BK001: warning, BK002: off}\n  require-deprecate-at: true\n",
      "repo/bakery.yml");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->rule_severities.at("BK002"), "off");
  EXPECT_TRUE(config->require_deprecate_at);
  EXPECT_EQ(config->directory, "repo");
  EXPECT_EQ(ParseConfig("validate: {rulez: {}}\n", "b.yml").error().ToString().substr(0, 11),
            "b.yml:1:12:");
}

TEST(ConfigCanonical, IgnoresFormattingButNotContent) {
  auto a = ParseConfig("images:\n  x: {template: t, inputs: [a]}\n", "b.yml");
  auto b = ParseConfig("images:\n  x:\n    inputs:\n      - a\n    template: t  # note\n", "b.yml");
  auto c = ParseConfig("images:\n  x: {template: t, inputs: [b]}\n", "b.yml");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->images[0].canonical, b->images[0].canonical);
  EXPECT_NE(a->images[0].canonical, c->images[0].canonical);
  EXPECT_EQ(b->images[0].line, 2);
}

}  // namespace
}  // namespace bakery::config

namespace bakery::config {
namespace {

TEST(ConfigGraph, CyclesAreLeftToTheStepsButNamedOnRequest) {
  Result<Config> config = ParseConfig(
      "images:\n  a: { template: a, parent: b }\n  b: { template: b, parent: a }\n", "bakery.yml");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  Result<void> checked = CheckImageGraph(*config);
  ASSERT_FALSE(checked.has_value());
  EXPECT_EQ(checked.error().ToString(), "bakery.yml:2:29: images.a.parent: parent cycle a -> b -> a");
}

}  // namespace
}  // namespace bakery::config
