#include "steps/inspect/cloud_inspect.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"

namespace bakery::inspect {
namespace {

const SystemTime kNow = *ParseIso8601("2026-11-24T12:00:00Z");

catalog::ImageRecord Img(std::string id, int age_days, std::string version = "1.0") {
  catalog::ImageRecord image;
  image.id = std::move(id);
  image.version = std::move(version);
  image.commit = "0123456789abcdef0123";
  image.branch = "main";
  image.status = "production";
  image.created = kNow - std::chrono::hours(24 * age_days);
  image.creation_date = FormatIso8601(*image.created);
  return image;
}

TEST(StaleRegionsTest, ReportsOldAndMissingNewestImages) {
  std::vector<FamilyRegion> regions = {{"us-east-1", {Img("ami-new", 3), Img("ami-old", 40)}},
                                       {"eu-west-1", {Img("ami-eu", 9)}},
                                       {"ap-south-1", {}}};
  EXPECT_EQ(StaleRegions(regions, "web", "production", std::chrono::hours(24 * 7), kNow),
            (std::vector<std::string>{
                "eu-west-1: newest web (status production) image ami-eu is 1w 2d old, older than "
                "--max-age 1w",
                "ap-south-1: no web (status production) image"}));
  EXPECT_TRUE(StaleRegions({regions[0]}, "web", "", std::chrono::hours(24 * 7), kNow).empty());
}

TEST(FamilyTableTest, NewestFirstWithShortCommit) {
  EXPECT_EQ(FamilyTable({{"us-east-1", {Img("ami-2", 1, "1.1"), Img("ami-1", 30)}}}, kNow),
            "REGION     IMAGE  VERSION  COMMIT        BRANCH  STATUS      AGE\n"
            "us-east-1  ami-2  1.1      0123456789ab  main    production  1d\n"
            "us-east-1  ami-1  1.0      0123456789ab  main    production  4w 2d\n");
}

TEST(AmiTextTest, ShowsDevicesPermissionsTagsAndAncestry) {
  AmiReport report;
  report.image = Img("ami-web", 2);
  report.image.region = "us-east-1";
  report.image.name = "web-1";
  report.image.state = "available";
  report.image.owner_id = "123456789012";
  report.image.architecture = "x86_64";
  report.image.root_device_name = "/dev/xvda";
  report.image.block_devices = {{"/dev/xvda", "snap-1", 8, "gp3", true, true}};
  report.image.tags = {{"bakery:family", "web"}};
  report.permissions.user_ids = {"111122223333"};
  catalog::ImageRecord base = Img("ami-base", 10, "2.0");
  base.family = "base";
  report.ancestry = {base};
  report.ancestry_note = "ami-src no longer exists";
  EXPECT_EQ(AmiText(report, kNow),
            "image               ami-web (us-east-1)\n"
            "name                web-1\n"
            "state               available\n"
            "created             2026-11-22T12:00:00Z (2d ago)\n"
            "owner               123456789012\n"
            "architecture        x86_64\n"
            "root device         /dev/xvda\n"
            "deprecation         -\n"
            "block device        /dev/xvda snap-1 8 GiB encrypted\n"
            "launch permissions  shared with 111122223333\n"
            "tag bakery:family   web\n"
            "ancestry            ami-web ← ami-base (base 2.0) (ami-src no longer exists)\n");
}

}  // namespace
}  // namespace bakery::inspect
