// Realistic Packer templates (tests/fixtures/hcl) parse without a
// diagnostic, and formatting does not change the AST.

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/hcl/json_syntax.h"
#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

std::filesystem::path FixtureDir() {
  return std::filesystem::path(BAKERY_SOURCE_DIR) / "tests/fixtures/hcl";
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(FixtureDir() / name, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const Block* FindBlock(const Body& body, std::string_view type, size_t nth = 0) {
  for (const Block& block : body.blocks) {
    if (block.type == type && nth-- == 0) return &block;
  }
  return nullptr;
}

TEST(HclFixtures, EveryNativeFixtureParsesCleanly) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FixtureDir())) {
    if (entry.path().extension() != ".hcl") continue;
    std::string name = std::filesystem::relative(entry.path(), FixtureDir()).string();
    ParseResult result = Parse(ReadFixture(name), name);
    EXPECT_EQ(FormatAll(result.diagnostics), "") << name;
    EXPECT_FALSE(result.body.attributes.empty() && result.body.blocks.empty()) << name;
    ++parsed;
  }
  EXPECT_GE(parsed, 40);  // the corpus the issue asks for
}

TEST(HclFixtures, EveryJsonFixtureParsesCleanly) {
  int parsed = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(FixtureDir())) {
    if (entry.path().extension() != ".json") continue;
    std::string name = std::filesystem::relative(entry.path(), FixtureDir()).string();
    ParseResult result = ParseJson(ReadFixture(name), name);
    EXPECT_EQ(FormatAll(result.diagnostics), "") << name;
    EXPECT_FALSE(result.body.blocks.empty()) << name;
    ++parsed;
  }
  EXPECT_GE(parsed, 2);
}

TEST(HclFixtures, JsonMultiSourceBuild) {
  ParseResult result = ParseJson(ReadFixture("corpus/multi-source.pkr.json"), "m.pkr.json");
  ASSERT_EQ(FormatAll(result.diagnostics), "");
  const Block* worker = FindBlock(result.body, "source", 1);
  ASSERT_TRUE(worker);
  EXPECT_EQ(worker->labels[1].value, "worker");
  const Block* dynamic = FindBlock(worker->body, "dynamic");
  ASSERT_TRUE(dynamic);
  EXPECT_EQ(Dump(*dynamic->body.FindAttribute("for_each")->expr), "(tpl (${} (tuple 16 32)))");
  EXPECT_TRUE(FindBlock(dynamic->body, "content"));
  const Block* locals = FindBlock(result.body, "locals");
  EXPECT_EQ(Dump(*locals->body.FindAttribute("copies")->expr),
            "(tpl (${} (for-tuple r in (. var regions) : r if (!= r \"us-east-1\"))))");
  const Block* build = FindBlock(result.body, "build");
  EXPECT_EQ(Dump(*FindBlock(build->body, "provisioner", 1)->body.FindAttribute("only")->expr),
            "(tuple \"amazon-ebs.api\")");
  const Block* post = FindBlock(build->body, "post-processors");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->body.blocks[0].labels[0].value, "manifest");
}

TEST(HclFixtures, FormattingDoesNotChangeTheAst) {
  ParseResult formatted = Parse(ReadFixture("amazon-ebs.pkr.hcl"), "a.pkr.hcl");
  ParseResult unformatted = Parse(ReadFixture("amazon-ebs.unformatted.pkr.hcl"), "b.pkr.hcl");
  EXPECT_EQ(FormatAll(unformatted.diagnostics), "");
  EXPECT_EQ(Dump(formatted.body), Dump(unformatted.body));
}

TEST(HclFixtures, AmazonEbsSourceAndBuild) {
  ParseResult result = Parse(ReadFixture("amazon-ebs.pkr.hcl"), "amazon-ebs.pkr.hcl");
  const Block* source = FindBlock(result.body, "source");
  ASSERT_TRUE(source);
  ASSERT_EQ(source->labels.size(), 2u);
  EXPECT_EQ(source->labels[0].value, "amazon-ebs");
  EXPECT_EQ(source->labels[1].value, "ubuntu");
  const Block* filter = FindBlock(source->body, "source_ami_filter");
  ASSERT_TRUE(filter);
  EXPECT_EQ(filter->range.ToString(), "amazon-ebs.pkr.hcl:24:3");
  EXPECT_EQ(Dump(*filter->body.FindAttribute("owners")->expr), "(tuple \"099720109477\")");
  EXPECT_EQ(Dump(*source->body.FindAttribute("encrypt_boot")->expr), "true");
  const Block* build = FindBlock(result.body, "build");
  ASSERT_TRUE(build);
  std::vector<std::string> provisioners;
  for (const Block& block : build->body.blocks) {
    if (block.type == "provisioner") provisioners.push_back(block.labels[0].value);
  }
  EXPECT_EQ(provisioners, (std::vector<std::string>{"shell", "file", "shell", "ansible", "shell"}));
  const Block* ansible = FindBlock(build->body, "provisioner", 3);
  EXPECT_EQ(Dump(*ansible->body.FindAttribute("only")->expr), "(tuple \"amazon-ebs.ubuntu\")");
  EXPECT_EQ(ansible->range.start.line, 81);
}

TEST(HclFixtures, VariablesWithValidation) {
  ParseResult result = Parse(ReadFixture("variables.pkr.hcl"), "variables.pkr.hcl");
  const Block* instance_type = FindBlock(result.body, "variable", 2);
  ASSERT_TRUE(instance_type);
  EXPECT_EQ(instance_type->labels[0].value, "instance_type");
  const Block* second = FindBlock(instance_type->body, "validation", 1);
  ASSERT_TRUE(second);
  EXPECT_EQ(Dump(*second->body.FindAttribute("condition")->expr),
            "(! (call startswith (. var instance_type) \"t2.\"))");
  const Block* volumes = FindBlock(result.body, "variable", 6);
  EXPECT_EQ(Dump(*volumes->body.FindAttribute("type")->expr),
            "(call list (call object (object (= device string) (= size number) (= type (call "
            "optional string \"gp3\")))))");
}

TEST(HclFixtures, LocalsWithForExpressionsAndHeredocs) {
  ParseResult result = Parse(ReadFixture("locals.pkr.hcl"), "locals.pkr.hcl");
  const Block* locals = FindBlock(result.body, "locals");
  ASSERT_TRUE(locals);
  EXPECT_EQ(Dump(*locals->body.FindAttribute("grouped")->expr),
            "(for-object v in (. var volumes) : (. v type) => (. v device)...)");
  EXPECT_EQ(Dump(*locals->body.FindAttribute("devices")->expr),
            "([*] (. var volumes) (. * device))");
  EXPECT_EQ(Dump(*locals->body.FindAttribute("legacy")->expr), "(.idx (. var copy_regions) 0)");
  EXPECT_EQ(Dump(*locals->body.FindAttribute("user_data")->expr),
            "(heredoc \"#!/bin/bash\\nset -euo pipefail\\necho \\\"version \" (${} (. local "
            "version)) \"\\\" > /etc/image-version\\n\" (for region in (. var copy_regions) "
            "(\"echo \\\"\" (${} region) \"\\\" >> /etc/image-regions\\n\")) (if (. local "
            "enabled) (\"\\ntouch /etc/big-devices\\n\") else (\"\\nrm -f /etc/big-devices\\n\")) "
            "\"\\necho 'literal ${HOME} and %{ directive }'\\n\")");
  EXPECT_EQ(Dump(*locals->body.FindAttribute("motd")->expr),
            "(heredoc \"Welcome to \" (${} (call upper (. var region))) \".\\n  Indentation is "
            "kept in a plain heredoc.\\n\")");
}

TEST(HclFixtures, MultiSourceBuildWithDynamicBlocks) {
  ParseResult result = Parse(ReadFixture("multi-build.pkr.hcl"), "multi-build.pkr.hcl");
  const Block* al2023 = FindBlock(result.body, "source");
  const Block* dynamic = FindBlock(al2023->body, "dynamic");
  ASSERT_TRUE(dynamic);
  EXPECT_EQ(dynamic->labels[0].value, "launch_block_device_mappings");
  EXPECT_TRUE(FindBlock(dynamic->body, "content"));
  const Block* build = FindBlock(result.body, "build");
  const Block* arm_ref = FindBlock(build->body, "source", 1);
  ASSERT_TRUE(arm_ref);
  EXPECT_TRUE(arm_ref->one_line);
  EXPECT_EQ(arm_ref->labels[0].value, "amazon-ebs.arm");
  EXPECT_TRUE(FindBlock(build->body, "provisioner", 2)->one_line);
  const Block* post = FindBlock(build->body, "post-processors");
  ASSERT_TRUE(post);
  EXPECT_EQ(post->body.blocks.size(), 2u);
  EXPECT_TRUE(FindBlock(build->body, "error-cleanup-provisioner"));
}

}  // namespace
}  // namespace bakery::hcl
