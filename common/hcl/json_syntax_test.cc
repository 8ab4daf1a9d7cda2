#include "common/hcl/json_syntax.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace bakery::hcl {
namespace {

struct Case {
  const char* input;
  const char* dump;
};

TEST(HclJsonSyntax, MapsPackerShapesToBodies) {
  std::vector<Case> cases = {
      {"{}", "(body)"},
      {"{\"//\": \"comment\", \"a\": 1}", "(body (attr a 1))"},
      {"{\"a\": 1.5e3, \"b\": true, \"c\": null, \"d\": [1, \"x\"]}",
       "(body (attr a 1.5e3) (attr b true) (attr c null) (attr d (tuple 1 \"x\")))"},
      {"{\"a\": {\"k\": \"v\", \"n\": {\"m\": false}}}",
       "(body (attr a (object (: \"k\" \"v\") (: \"n\" (object (: \"m\" false))))))"},
      {"{\"a\": \"${var.x}\", \"b\": \"x-${upper(var.y)}\"}",
       "(body (attr a (tpl (${} (. var x)))) (attr b (tpl \"x-\" (${} (call upper (. var y))))))"},
      {"{\"a\": \"say \\\"hi\\\"\\n$${raw}\"}", "(body (attr a \"say \\\"hi\\\"\\n${raw}\"))"},
      {"{\"variable\": {\"r\": {\"default\": \"x\", \"validation\": {\"condition\": true}}}}",
       "(body (block variable \"r\" (body (attr default \"x\") (block validation (body (attr "
       "condition true))))))"},
      {"{\"variable\": {\"a\": {}, \"b\": {}}}",
       "(body (block variable \"a\" (body)) (block variable \"b\" (body)))"},
      {"{\"source\": {\"amazon-ebs\": {\"x\": {\"tags\": {\"k\": \"v\"}, \"source_ami_filter\": "
       "{\"owners\": [\"self\"]}}}}}",
       "(body (block source \"amazon-ebs\" \"x\" (body (attr tags (object (: \"k\" \"v\"))) "
       "(block source_ami_filter (body (attr owners (tuple \"self\")))))))"},
      {"{\"source\": {\"t\": {\"n\": {\"launch_block_device_mappings\": [{\"a\": 1}, {\"a\": 2}], "
       "\"inline\": [\"x\"]}}}}",
       "(body (block source \"t\" \"n\" (body (attr inline (tuple \"x\")) (block "
       "launch_block_device_mappings (body (attr a 1))) (block launch_block_device_mappings "
       "(body (attr a 2))))))"},
      {"{\"build\": {\"provisioner\": [{\"shell\": {\"a\": 1}}, {\"file\": {\"b\": 2}}, "
       "{\"shell\": {\"c\": 3}}]}}",
       "(body (block build (body (block provisioner \"shell\" (body (attr a 1))) (block "
       "provisioner \"file\" (body (attr b 2))) (block provisioner \"shell\" (body (attr c "
       "3))))))"},
      {"{\"build\": [{\"name\": \"a\"}, {\"name\": \"b\"}]}",
       "(body (block build (body (attr name \"a\"))) (block build (body (attr name \"b\"))))"},
      {"{\"build\": {\"post-processors\": [{\"post-processor\": {\"manifest\": {}}}]}}",
       "(body (block build (body (block post-processors (body (block post-processor "
       "\"manifest\" (body)))))))"},
      {"{\"source\": {\"a\": {\"b\": {\"dynamic\": {\"tag\": {\"for_each\": \"${var.t}\", "
       "\"content\": {\"key\": \"k\"}}}}}}}",
       "(body (block source \"a\" \"b\" (body (block dynamic \"tag\" (body (attr for_each (tpl "
       "(${} (. var t)))) (block content (body (attr key \"k\"))))))))"},
      {"{\"packer\": {\"required_plugins\": {\"amazon\": {\"version\": \">= 1\"}}}}",
       "(body (block packer (body (block required_plugins (body (attr amazon (object (: "
       "\"version\" \">= 1\"))))))))"},
      {"\xEF\xBB\xBF{\"a\": 1}", "(body (attr a 1))"},
      {"{\"tags\": {\"${var.p}-x\": 1, \"$${lit}\": 2}}",
       "(body (attr tags (object (: (tpl (${} (. var p)) \"-x\") 1) (: \"${lit}\" 2))))"},
      {"{\"source\": {\"amazon-ebs\": {\"x\": {\"temporary_iam_instance_profile_policy_document\": "
       "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\"}}}}}}",
       "(body (block source \"amazon-ebs\" \"x\" (body (block "
       "temporary_iam_instance_profile_policy_document (body (attr Version \"2012-10-17\") (block "
       "Statement (body (attr Effect \"Allow\"))))))))"},
  };
  for (const Case& c : cases) {
    ParseResult result = ParseJson(c.input, "t.pkr.json");
    EXPECT_EQ(FormatAll(result.diagnostics), "") << c.input;
    EXPECT_EQ(Dump(result.body), c.dump) << c.input;
  }
}

struct ErrorCase {
  const char* input;
  const char* diagnostics;
};

TEST(HclJsonSyntax, ErrorsHavePositions) {
  std::vector<ErrorCase> cases = {
      {"{\n  \"a\": 1,\n}",
       "t.pkr.json:3:1: error: invalid JSON: unexpected '}'; expected "
       "string literal\n"},
      {"",
       "t.pkr.json:1:1: error: invalid JSON: unexpected end of input; expected '[', '{', "
       "or a literal\n"},
      {"[1]",
       "t.pkr.json:1:1: error: expected an object at the top of the file, found an "
       "array; an HCL JSON file is one object whose keys are blocks and attributes\n"},
      {"{\"a\": 1,\n \"a\": 2}",
       "t.pkr.json:2:2: error: duplicate attribute \"a\"; it is "
       "already defined at t.pkr.json:1:2\n"},
      {"{\"a\": {\"k\": 1, \"k\": 2}}",
       "t.pkr.json:1:16: error: duplicate object key \"k\"; it "
       "is already defined at t.pkr.json:1:8\n"},
      {"{\"variable\": [\"x\"]}",
       "t.pkr.json:1:15: error: expected an object of \"variable\" "
       "block labels, found a string; a variable block takes 1 "
       "label(s), each an object key\n"},
      {"{\"build\": 3}",
       "t.pkr.json:1:11: error: expected an object for the \"build\" block "
       "body, found a number\n"},
      {"{\n  \"a\": \"x ${b\"\n}",
       "t.pkr.json:2:11: error: unterminated template sequence; add "
       "the closing }\n"},
      {"{\"a\": \"%{if x}\", \"b\": \"${1 +}\"}",
       "t.pkr.json:1:8: error: unclosed %{if} directive; add %{endif}\n"
       "t.pkr.json:1:29: error: expected an expression, found '}'\n"},
  };
  for (const ErrorCase& c : cases) {
    ParseResult result = ParseJson(c.input, "t.pkr.json");
    EXPECT_EQ(FormatAll(result.diagnostics), c.diagnostics) << c.input;
  }
}

TEST(HclJsonSyntax, SyntaxErrorPositionCountsCharacters) {
  ParseResult result = ParseJson("{\n  \"\xC3\xA9\xC3\xA9\": tru }", "t.pkr.json");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  // nlohmann stops at the space after "tru": character 12, byte 15.
  EXPECT_EQ(result.diagnostics[0].range.start, (SourcePos{2, 12, 15}));
  EXPECT_EQ(result.diagnostics[0].Format(),
            "t.pkr.json:2:12: error: invalid JSON: invalid literal; last read: '\"\xC3\xA9\xC3\xA9\": "
            "tru '");
}

TEST(HclJsonSyntax, RangesPointIntoTheJson) {
  ParseResult result = ParseJson(
      "{\n  \"source\": {\"a\": {\"b\": {\n    \"x\": \"v-${\xC3\xA9}\"\n}}}}", "t.pkr.json");
  ASSERT_EQ(FormatAll(result.diagnostics), "");
  const Block& source = result.body.blocks[0];
  EXPECT_EQ(source.type_range.ToString(), "t.pkr.json:2:3");
  EXPECT_EQ(source.labels[1].range.ToString(), "t.pkr.json:2:20");
  const Attribute& x = source.body.attributes[0];
  EXPECT_EQ(x.name_range.ToString(), "t.pkr.json:3:5");
  EXPECT_EQ(x.expr->range.ToString(), "t.pkr.json:3:10");
  const auto* tmpl = x.expr->As<TemplateExpr>();
  ASSERT_TRUE(tmpl);
  EXPECT_EQ(tmpl->parts[1].expr->range.ToString(), "t.pkr.json:3:15");
  EXPECT_EQ(tmpl->parts[1].expr->range.end.column, 16);
}

TEST(HclJsonSyntax, PackerFixtureMapsLikeTheNativeSyntax) {
  std::ifstream in(std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/hcl/amazon-ebs.pkr.json");
  std::stringstream text;
  text << in.rdbuf();
  ParseResult result = ParseJson(text.str(), "amazon-ebs.pkr.json");
  ASSERT_EQ(FormatAll(result.diagnostics), "");
  std::vector<std::string> types;
  for (const Block& block : result.body.blocks) types.push_back(block.type);
  EXPECT_EQ(types, (std::vector<std::string>{"packer", "variable", "variable", "locals", "source",
                                             "build"}));
  const Block& source = result.body.blocks[4];
  EXPECT_EQ(source.range.ToString(), "amazon-ebs.pkr.json:33:17");
  ASSERT_EQ(source.body.blocks.size(), 3u);
  EXPECT_EQ(source.body.blocks[0].type, "source_ami_filter");
  EXPECT_EQ(Dump(*source.body.blocks[0].body.FindAttribute("most_recent")->expr), "true");
  EXPECT_EQ(Dump(*source.body.FindAttribute("ami_name")->expr),
            "(tpl \"web-\" (${} (. var version)) \"-\" (${} (. local stamp)))");
  const Block& build = result.body.blocks[5];
  ASSERT_EQ(build.body.blocks.size(), 3u);
  EXPECT_EQ(build.body.blocks[1].labels[0].value, "shell");
  EXPECT_EQ(Dump(*build.body.blocks[1].body.FindAttribute("only")->expr),
            "(tuple \"amazon-ebs.ubuntu\")");
  EXPECT_EQ(Dump(*result.body.blocks[1].body.blocks[0].body.FindAttribute("condition")->expr),
            "(tpl (${} (call can (call regex \"^[a-z]{2}-\" (. var region)))))");
}

}  // namespace
}  // namespace bakery::hcl
