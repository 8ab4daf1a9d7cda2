#include "common/catalog/catalog.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"

namespace bakery::catalog {
namespace {

aws::Image MakeImage(std::string id, std::string created, aws::Tags tags) {
  aws::Image image;
  image.id = std::move(id);
  image.creation_date = std::move(created);
  image.tags = std::move(tags);
  image.block_devices = {{"/dev/xvda", "snap-1", 8, "gp3", false, true},
                         {"/dev/xvdb", "", 0, "", false, false},
                         {"/dev/xvdc", "snap-2", 20, "gp3", false, true}};
  return image;
}

TEST(CatalogTest, ReadsEveryCatalogTagUnderThePrefix) {
  aws::Tags tags = {{"acme:family", "web"},        {"acme:version", "1.2.3"},
                    {"acme:commit", "abc123"},     {"acme:branch", "main"},
                    {"acme:repository", "o/r"},    {"acme:run-url", "https://ci/1"},
                    {"acme:ci", "github"},         {"acme:built-at", "2026-11-01T00:00:00Z"},
                    {"acme:fingerprint", "fp1"},   {"acme:parent", "ami-parent"},
                    {"acme:source-ami", "ami-src"}, {"acme:status", "staging"},
                    {"bakery:family", "other"}};
  ImageRecord record = FromImage(MakeImage("ami-1", "2026-11-01T10:00:00.000Z", tags),
                                 "eu-west-1", TagNames("acme:"));
  EXPECT_EQ(record.region, "eu-west-1");
  EXPECT_EQ(record.family, "web");
  EXPECT_EQ(record.version, "1.2.3");
  EXPECT_EQ(record.commit, "abc123");
  EXPECT_EQ(record.branch, "main");
  EXPECT_EQ(record.repository, "o/r");
  EXPECT_EQ(record.run_url, "https://ci/1");
  EXPECT_EQ(record.ci, "github");
  EXPECT_EQ(record.built_at, "2026-11-01T00:00:00Z");
  EXPECT_EQ(record.fingerprint, "fp1");
  EXPECT_EQ(record.parent, "ami-parent");
  EXPECT_EQ(record.source_ami, "ami-src");
  EXPECT_EQ(record.status, "staging");
  EXPECT_FALSE(record.keep);
  EXPECT_EQ(record.SnapshotIds(), (std::vector<std::string>{"snap-1", "snap-2"}));
  ASSERT_TRUE(record.created);
  EXPECT_EQ(FormatIso8601(*record.created), "2026-11-01T10:00:00Z");
}

TEST(CatalogTest, KeepTagWithOrWithoutPrefix) {
  TagNames names;
  EXPECT_TRUE(FromImage(MakeImage("a", "", {{"keep", "true"}}), "r", names).keep);
  EXPECT_TRUE(FromImage(MakeImage("a", "", {{"bakery:keep", "true"}}), "r", names).keep);
  EXPECT_FALSE(FromImage(MakeImage("a", "", {{"keep", "yes"}}), "r", names).keep);
}

TEST(CatalogTest, SortsNewestFirstThenById) {
  TagNames names;
  std::vector<ImageRecord> records = {
      FromImage(MakeImage("ami-a", "2026-11-01T00:00:00Z", {}), "r", names),
      FromImage(MakeImage("ami-b", "2026-11-03T00:00:00Z", {}), "r", names),
      FromImage(MakeImage("ami-c", "2026-11-01T00:00:00Z", {}), "r", names),
      FromImage(MakeImage("ami-d", "garbage", {}), "r", names)};
  SortNewestFirst(records);
  std::vector<std::string> ids;
  for (const auto& record : records) ids.push_back(record.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"ami-b", "ami-c", "ami-a", "ami-d"}));
}

TEST(CatalogTest, AgeDays) {
  ImageRecord record = FromImage(MakeImage("a", "2026-11-01T00:00:00Z", {}), "r", TagNames());
  EXPECT_EQ(AgeDays(record, *ParseIso8601("2026-11-08T23:00:00Z")), 7);
  EXPECT_EQ(AgeDays(record, *ParseIso8601("2026-10-01T00:00:00Z")), 0);
}

}  // namespace
}  // namespace bakery::catalog
