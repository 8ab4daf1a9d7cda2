#include "common/ci/format.h"

#include <gtest/gtest.h>

namespace bakery::ci {
namespace {

struct EscapeCase {
  std::string input;
  std::string data;
  std::string property;
};

class EscapeTest : public testing::TestWithParam<EscapeCase> {};

TEST_P(EscapeTest, DataAndProperty) {
  EXPECT_EQ(EscapeData(GetParam().input), GetParam().data);
  EXPECT_EQ(EscapeProperty(GetParam().input), GetParam().property);
}

INSTANTIATE_TEST_SUITE_P(
    Table, EscapeTest,
    testing::Values(EscapeCase{"plain", "plain", "plain"},
                    EscapeCase{"50%", "50%25", "50%25"},
                    EscapeCase{"%0A literal", "%250A literal", "%250A literal"},
                    EscapeCase{"a\nb\r\nc", "a%0Ab%0D%0Ac", "a%0Ab%0D%0Ac"},
                    EscapeCase{"a:b,c", "a:b,c", "a%3Ab%2Cc"},
                    EscapeCase{"C:\\x,y%", "C:\\x,y%25", "C%3A\\x%2Cy%25"}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

TEST(WorkflowCommand, AnnotationWithAllProperties) {
  EXPECT_EQ(WorkflowCommand("error",
                            {{"file", "packer/web.pkr.hcl"}, {"line", "3"}, {"col", "5"},
                             {"title", "BK001: no wait, for cloud-init"}},
                            "first line\nsecond: 100%"),
            "::error file=packer/web.pkr.hcl,line=3,col=5,title=BK001%3A no wait%2C for "
            "cloud-init::first line%0Asecond: 100%25");
}

TEST(WorkflowCommand, EmptyPropertiesAreLeftOut) {
  EXPECT_EQ(WorkflowCommand("warning", {{"file", ""}, {"line", ""}}, "m"), "::warning::m");
  EXPECT_EQ(WorkflowCommand("group", {}, "Build web"), "::group::Build web");
}

TEST(EnvFileEntry, SingleLineIsNameEqualsValue) {
  auto entry = EnvFileEntry("ami-id", "ami-0123", [] { return std::string("D"); });
  EXPECT_EQ(entry.value(), "ami-id=ami-0123\n");
}

TEST(EnvFileEntry, MultilineUsesHeredocWithFreshDelimiter) {
  int calls = 0;
  auto delimiters = [&calls] {
    // The first candidate occurs in the value and must be rejected.
    return std::string(calls++ == 0 ? "ghadelimiter_1" : "ghadelimiter_2");
  };
  auto entry = EnvFileEntry("builds", "line one\nghadelimiter_1\nline three", delimiters);
  EXPECT_EQ(entry.value(),
            "builds<<ghadelimiter_2\nline one\nghadelimiter_1\nline three\nghadelimiter_2\n");
  EXPECT_EQ(calls, 2);
}

TEST(EnvFileEntry, RejectsNamesThatBreakTheFormat) {
  auto source = [] { return std::string("D"); };
  EXPECT_FALSE(EnvFileEntry("", "v", source));
  EXPECT_FALSE(EnvFileEntry("a=b", "v", source));
  EXPECT_FALSE(EnvFileEntry("a<<b", "v", source));
}

TEST(RandomDelimiter, IsUuidShapedAndFresh) {
  std::string a = RandomDelimiter();
  EXPECT_EQ(a.rfind("ghadelimiter_", 0), 0u);
  EXPECT_EQ(a.size(), std::string("ghadelimiter_").size() + 36);
  EXPECT_NE(a, RandomDelimiter());
}

TEST(ExportLine, QuotesForTheShell) {
  EXPECT_EQ(ExportLine("ami-ids", R"({"us-east-1":"ami-1"})"),
            "export AMI_IDS='{\"us-east-1\":\"ami-1\"}'\n");
  EXPECT_EQ(ExportLine("note", "it's $HOME `x`"), "export NOTE='it'\\''s $HOME `x`'\n");
}

TEST(MarkdownTable, EscapesPipesAndNewlines) {
  EXPECT_EQ(MarkdownTable({"build", "AMI"}, {{"a|b", "ami-1\nami-2"}}),
            "| build | AMI |\n| --- | --- |\n| a\\|b | ami-1<br>ami-2 |\n");
}

}  // namespace
}  // namespace bakery::ci
