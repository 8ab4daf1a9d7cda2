#include "common/packer/machine_readable.h"

#include <fstream>

#include <gtest/gtest.h>

#include "common/base/strings.h"

namespace bakery::packer {
namespace {

MachineReadableParser FeedFixture(const std::string& name) {
  std::ifstream in(std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/packer-output/" + name);
  MachineReadableParser parser;
  for (std::string line; std::getline(in, line);) parser.Feed(line);
  return parser;
}

TEST(MachineReadable, UnescapesCommasAndNewlines) {
  auto line = ParseMachineReadableLine(
      "1764576030,amazon-ebs.web,artifact,0,string,AMIs were created:\\neu-west-1: "
      "a%!(PACKER_COMMA)b\\r");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->timestamp, 1764576030);
  EXPECT_EQ(line->target, "amazon-ebs.web");
  EXPECT_EQ(line->type, "artifact");
  EXPECT_EQ(line->data, (std::vector<std::string>{"0", "string",
                                                  "AMIs were created:\neu-west-1: a,b\r"}));
}

TEST(MachineReadable, EmptyTargetAndTrailingEmptyField) {
  auto line = ParseMachineReadableLine("1,,version-prerelease,");
  ASSERT_TRUE(line);
  EXPECT_EQ(line->target, "");
  EXPECT_EQ(line->data, std::vector<std::string>{""});
}

TEST(MachineReadable, PlainTextLinesAreNotMachineReadable) {
  EXPECT_FALSE(ParseMachineReadableLine("==> amazon-ebs: plain output"));
  EXPECT_FALSE(ParseMachineReadableLine("abc,,ui,say,x"));
  EXPECT_FALSE(ParseMachineReadableLine("1,"));
  EXPECT_FALSE(ParseMachineReadableLine(""));
}

TEST(MachineReadable, CollectsMultiRegionArtifact) {
  auto parser = FeedFixture("two-region-build.txt");
  EXPECT_EQ(parser.version(), "1.6.6");
  ASSERT_EQ(parser.artifacts().size(), 1u);
  const Artifact& artifact = parser.artifacts()[0];
  EXPECT_EQ(artifact.build, "amazon-ebs.web");
  EXPECT_EQ(artifact.builder_id, "mitchellh.amazonebs");
  EXPECT_EQ(artifact.amis, (std::vector<RegionalAmi>{{"eu-west-1", "ami-0aaaaaaaaaaaaaaa1"},
                                                     {"us-east-1", "ami-0fedcba9876543210"}}));
  EXPECT_TRUE(parser.errors().empty());
}

TEST(MachineReadable, EmptyArtifactsAreDropped) {
  MachineReadableParser parser;
  for (const char* line : {"1,amazon-ebs,artifact-count,2", "1,amazon-ebs,artifact,0,builder-id,",
                           "1,amazon-ebs,artifact,0,id,", "1,amazon-ebs,artifact,0,end",
                           "1,amazon-ebs,artifact,1,builder-id,mitchellh.amazonebs",
                           "1,amazon-ebs,artifact,1,id,us-east-1:ami-12345678",
                           "1,amazon-ebs,artifact,1,end"}) {
    parser.Feed(line);
  }
  ASSERT_EQ(parser.artifacts().size(), 1u);
  EXPECT_EQ(parser.artifacts()[0].id, "us-east-1:ami-12345678");
}

TEST(MachineReadable, CollectsErrorsOfFailedBuild) {
  auto parser = FeedFixture("failed-build.txt");
  EXPECT_TRUE(parser.artifacts().empty());
  ASSERT_EQ(parser.errors().size(), 4u);
  EXPECT_EQ(parser.errors()[0],
            "==> amazon-ebs.base: Error launching source instance: RequestLimitExceeded: Request "
            "limit exceeded.\n\tstatus code: 503, request id: 4f2a");
}

}  // namespace
}  // namespace bakery::packer
