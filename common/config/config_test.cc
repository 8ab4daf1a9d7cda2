#include "common/config/config.h"

#include <gtest/gtest.h>

namespace bakery::config {
namespace {

constexpr const char* kExample = R"(version: 1
tag-prefix: "acme:"
defaults:
  regions: [us-east-1, eu-west-1]
  tags: { Team: platform }
  retention: { keep: 5, min-age: 7d, keep-status: [production, staging], max-deletions: 50 }
retention:
  ssm-parameter-paths: [/images]
images:
  base:
    template: packer/base
    inputs: [ansible/roles/common, "scripts/*.sh"]
    test: tests/base.yml
    rebuild: { max-age: 30d }
  web:
    template: packer/web
    parent: base
    regions: us-east-1
    variables: { http_port: "8080" }
    var-files: [packer/web/prod.pkrvars.hcl]
    tags: { Service: web }
    packer-args: [-timestamp-ui]
    retention: { keep: 2, deprecate-first: 2w }
validate:
  rules: { BK001: warning }
  require-deprecate-at: true
)";

TEST(Config, ParsesEveryKey) {
  Result<Config> config = ParseConfig(kExample, "repo/bakery.yml");
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->directory, "repo");
  EXPECT_EQ(config->tag_prefix, "acme:");
  EXPECT_EQ(config->regions, (std::vector<std::string>{"us-east-1", "eu-west-1"}));
  EXPECT_EQ(config->tags.at("Team"), "platform");
  EXPECT_EQ(config->ssm_parameter_paths, std::vector<std::string>{"/images"});
  ASSERT_EQ(config->images.size(), 2u);
  const ImageConfig& base = config->images[0];
  EXPECT_EQ(base.name, "base");
  EXPECT_EQ(base.line, 10);
  EXPECT_EQ(base.inputs, (std::vector<std::string>{"ansible/roles/common", "scripts/*.sh"}));
  EXPECT_EQ(base.rebuild_max_age, std::chrono::seconds(30 * 86400));
  const ImageConfig& web = *config->FindImage("web");
  EXPECT_EQ(web.parent, "base");
  EXPECT_EQ(web.parent_variable, "source_ami") << "the default";
  EXPECT_EQ(config->RegionsOf(web), std::vector<std::string>{"us-east-1"});
  EXPECT_EQ(config->RegionsOf(base).size(), 2u);
  EXPECT_EQ(web.variables.at("http_port"), "8080");
  EXPECT_EQ(web.packer_args, std::vector<std::string>{"-timestamp-ui"});
  RetentionPolicy policy = web.retention.Over(config->retention);
  EXPECT_EQ(policy.keep, 2);
  EXPECT_EQ(policy.min_age, std::chrono::seconds(7 * 86400));
  EXPECT_EQ(policy.deprecate_first, std::chrono::seconds(14 * 86400));
  EXPECT_EQ(policy.max_deletions, 50);
  EXPECT_EQ(config->rule_severities.at("BK001"), "warning");
  EXPECT_TRUE(config->require_deprecate_at);
}

TEST(Config, CanonicalSectionIgnoresFormattingButNotContent) {
  auto a = ParseConfig("images:\n  x: {template: t, inputs: [a]}\n", "b.yml");
  auto b = ParseConfig("images:\n  x:\n    inputs:\n      - a\n    template: t  # comment\n", "b.yml");
  auto c = ParseConfig("images:\n  x: {template: t, inputs: [b]}\n", "b.yml");
  EXPECT_EQ(a->images[0].canonical, b->images[0].canonical);
  EXPECT_NE(a->images[0].canonical, c->images[0].canonical);
}

TEST(Config, ErrorsNamePositionAndFix) {
  struct Case { const char* text; const char* error; };
  for (Case c : {
           Case{"imagse: {}\n",
                "b.yml:1:1: unknown key \"imagse\" in bakery.yml (did you mean 'images'?)"},
           Case{"images:\n  web:\n    tempalte: x\n",
                "b.yml:3:5: unknown key \"tempalte\" in images.web (did you mean 'template'?)"},
           Case{"images:\n  web:\n    inputs: x\n", "b.yml:2:3: images.web: \"template\" is required"},
           Case{"images:\n  web:\n    template: x\n    tags: [a]\n",
                "b.yml:4:11: images.web.tags: expected a map of strings, found a list"},
           Case{"defaults:\n  retention: {keep: many}\n",
                "b.yml:2:21: defaults.retention.keep: expected a non-negative integer, found \"many\""},
           Case{"defaults:\n  retention: {min-age: 7y}\n",
                "b.yml:2:24: defaults.retention.min-age: invalid duration \"7y\": unknown unit 'y'; "
                "use s, m, h, d or w"},
           Case{"images:\n  web: {template: w, parent: bsae}\n  base: {template: b}\n",
                "b.yml:2:30: images.web.parent: no image named \"bsae\" (did you mean 'base'?)"},
           Case{"version: 2\n", "b.yml:1:10: version 2 is not supported; use 1"},
           Case{"images: [a\n", "b.yml:2:1: invalid YAML: end of sequence flow not found"},
           Case{"images: 3\n", "b.yml:1:9: images: expected a map of image names, found a scalar"}}) {
    Result<Config> config = ParseConfig(c.text, "b.yml");
    ASSERT_FALSE(config.has_value()) << c.text;
    EXPECT_EQ(config.error().ToString(), c.error);
    EXPECT_EQ(config.error().kind, ErrorKind::kBadInput);
  }
}

TEST(Config, MissingFileSaysWhatToDo) {
  InMemoryFileSystem files;
  EXPECT_EQ(LoadConfig(files, "bakery.yml").error().message,
            "bakery.yml: no such file; create one (see docs/config.md) or pass --config PATH");
}

}  // namespace
}  // namespace bakery::config
