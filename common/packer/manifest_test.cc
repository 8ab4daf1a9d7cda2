#include "common/packer/manifest.h"

#include <gtest/gtest.h>

#include "common/base/file_system.h"

namespace bakery::packer {
namespace {

std::string Fixture(const std::string& name) {
  return std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/manifests/" + name;
}

Result<Manifest> Load(const std::string& path) {
  RealFileSystem fs;
  auto text = fs.ReadFile(path);
  if (!text) return std::unexpected(text.error());
  return ParseManifest(*text, path);
}

TEST(Manifest, AppendedRunsKeepOnlyTheLastRun) {
  std::string path = std::string(BAKERY_SOURCE_DIR) + "/examples/manifests/packer-manifest.json";
  auto manifest = Load(path);
  ASSERT_TRUE(manifest) << manifest.error().ToString();
  EXPECT_EQ(manifest->runs, 2);
  EXPECT_EQ(manifest->total_builds, 3);
  ASSERT_EQ(manifest->last_run.size(), 2u);
  EXPECT_EQ(manifest->last_run[0].name, "base");
  EXPECT_EQ(manifest->last_run[0].amis,
            (std::vector<RegionalAmi>{{"eu-west-1", "ami-0f9e8d7c6b5a40312"},
                                      {"us-east-1", "ami-0123456789abcdef0"}}));
  EXPECT_EQ(manifest->last_run[1].QualifiedName(), "amazon-ebs.web");
}

TEST(Manifest, StripTimeAndNullCustomDataParse) {
  auto manifest = Load(Fixture("multi_region_strip_time.json"));
  ASSERT_TRUE(manifest) << manifest.error().ToString();
  ASSERT_EQ(manifest->last_run.size(), 1u);
  EXPECT_FALSE(manifest->last_run[0].build_time.has_value());
  EXPECT_EQ(manifest->last_run[0].amis.size(), 3u);
  EXPECT_EQ(manifest->last_run[0].amis[2].region, "us-west-2");
}

struct BadCase {
  std::string fixture;
  std::string message;  // with $P for the path
};

class BadManifestTest : public testing::TestWithParam<BadCase> {};

TEST_P(BadManifestTest, OneLineReason) {
  std::string path = Fixture(GetParam().fixture);
  auto manifest = Load(path);
  ASSERT_FALSE(manifest);
  EXPECT_EQ(manifest.error().kind, ErrorKind::kBadInput);
  std::string expected = GetParam().message;
  expected.replace(expected.find("$P"), 2, path);
  EXPECT_EQ(manifest.error().ToString(), expected);
}

INSTANTIATE_TEST_SUITE_P(
    Table, BadManifestTest,
    testing::Values(
        BadCase{"missing.json", "reading $P: No such file or directory"},
        BadCase{"invalid.json",
                "$P:4:21: invalid JSON: invalid literal; last read: '\"artifact_id\": u'"},
        BadCase{"no_last_run.json",
                "$P: no build in the last run (last_run_uuid "
                "'99999999-0000-0000-0000-000000000000' matches none of its 1 builds)"},
        BadCase{"malformed_artifact.json",
                "$P: build 'docker-img': malformed artifact_id 'sha256:1d5f0e6a': expected "
                "REGION:AMI_ID[,REGION:AMI_ID...] (is it an amazon builder?)"}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

TEST(Manifest, NotAManifest) {
  auto manifest = ParseManifest(R"({"foo": 1})", "m.json");
  ASSERT_FALSE(manifest);
  EXPECT_EQ(manifest.error().ToString(),
            "m.json: not a Packer manifest: expected an object with a \"builds\" list");
}

TEST(Manifest, FindBuildByLabelOrQualifiedNameWithSuggestion) {
  auto manifest = Load(std::string(BAKERY_SOURCE_DIR) + "/examples/manifests/packer-manifest.json");
  ASSERT_TRUE(manifest);
  EXPECT_EQ(FindBuild(*manifest, "web", "m.json").value()->name, "web");
  EXPECT_EQ(FindBuild(*manifest, "amazon-ebs.base", "m.json").value()->name, "base");
  auto unknown = FindBuild(*manifest, "wbe", "m.json");
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().message,
            "m.json: unknown build 'wbe' (did you mean 'web'?); the last run has: base, web");
}

struct ArtifactCase {
  std::string id;
  bool valid;
};

class ArtifactIdTest : public testing::TestWithParam<ArtifactCase> {};

TEST_P(ArtifactIdTest, Parses) {
  EXPECT_EQ(ParseArtifactId(GetParam().id).has_value(), GetParam().valid) << GetParam().id;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ArtifactIdTest,
    testing::Values(ArtifactCase{"us-east-1:ami-0edf58c4682eddea0", true},
                    ArtifactCase{"us-gov-west-1:ami-12345678", true},
                    ArtifactCase{"eu-west-1:ami-12345678,us-east-1:ami-87654321", true},
                    ArtifactCase{"", false}, ArtifactCase{"ami-12345678", false},
                    ArtifactCase{"us-east-1:ami-12345678,", false},
                    ArtifactCase{"us-east-1:snap-12345678", false},
                    ArtifactCase{"US-EAST-1:ami-12345678", false}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

}  // namespace
}  // namespace bakery::packer
