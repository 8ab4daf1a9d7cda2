#include "common/build/plan.h"

#include <gtest/gtest.h>

#include "common/base/time_format.h"
#include "common/testing/git_test_repo.h"

namespace bakery::build {
namespace {

using testing_util::GitTestRepo;
using namespace std::chrono_literals;

// Images by (region, family, fingerprint); records what the plan asked.
class FakeCatalog final : public ImageCatalog {
 public:
  struct Stored {
    std::string region, family, fingerprint;
    CatalogImage image;
  };
  std::vector<Stored> images;
  std::vector<std::string> prefetched;
  int lookups_before_prefetch = 0;

  Result<std::optional<CatalogImage>> FindBuilt(const std::string& region,
                                                const std::string& family,
                                                const std::string& fingerprint) override {
    if (prefetched.empty()) ++lookups_before_prefetch;
    for (const Stored& stored : images) {
      if (stored.region == region && stored.family == family && stored.fingerprint == fingerprint) {
        return std::optional(stored.image);
      }
    }
    return std::optional<CatalogImage>();
  }
  Result<std::optional<CatalogImage>> Newest(const std::string&, const std::string&) override {
    return std::optional<CatalogImage>();
  }
  void Prefetch(const std::vector<std::string>& regions) override { prefetched = regions; }
};

class PlanTest : public testing::Test {
 protected:
  void SetUp() override {
    repo_.Write("packer/base/base.pkr.hcl", "source \"amazon-ebs\" \"base\" {}\n");
    repo_.Write("packer/web/web.pkr.hcl", "source \"amazon-ebs\" \"web\" {}\n");
    repo_.Write("scripts/base.sh", "echo base\n");
    repo_.Write("files/web/nginx.conf", "server {}\n");
    repo_.CommitAll("init");
    images_ = {ImageSpec{.name = "base",
                         .template_path = "packer/base",
                         .inputs = {"scripts/*.sh"},
                         .regions = {"eu-west-1", "us-east-1"},
                         .config_text = "{\"base\":1}"},
               ImageSpec{.name = "web",
                         .template_path = "packer/web",
                         .parent = "base",
                         .inputs = {"files/web"},
                         .regions = {"us-east-1"},
                         .config_text = "{\"web\":1}"}};
  }

  std::vector<PlanEntry> Plan(const PlanOptions& options = {}) {
    FileDigests digests(git::WorkTree::Open(repo_.path()).value());
    PlanInputs inputs{&images_, &digests, nullptr, &catalog_,
                      ParseIso8601("2026-12-01T00:00:00Z").value()};
    Result<std::vector<PlanEntry>> plan = PlanBuild(inputs, options);
    EXPECT_TRUE(plan) << (plan ? "" : plan.error().message);
    return plan.value_or(std::vector<PlanEntry>());
  }

  // Pretends the plan's images were built.
  void Built(const std::vector<PlanEntry>& plan,
             const std::string& created = "2026-11-30T00:00:00Z") {
    for (const PlanEntry& entry : plan) {
      const ImageSpec& spec = entry.name == "base" ? images_[0] : images_[1];
      catalog_.images.push_back(
          {spec.regions.front(),
           entry.name,
           entry.fingerprint,
           {"ami-" + entry.name, spec.regions.front(), created, "v1", "abc"}});
    }
  }

  GitTestRepo repo_;
  std::vector<ImageSpec> images_;
  FakeCatalog catalog_;
};

TEST_F(PlanTest, BuildsWhatIsMissingAndSkipsWhatExists) {
  std::vector<PlanEntry> first = Plan();
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].action, PlanAction::kBuild);
  EXPECT_EQ(first[0].reason, "no image with fingerprint " + first[0].fingerprint + " in eu-west-1");
  EXPECT_EQ(first[1].reason, "its parent base is rebuilt");
  EXPECT_EQ(first[0].input_files,
            (std::vector<std::string>{"packer/base/base.pkr.hcl", "scripts/base.sh"}));
  EXPECT_EQ(catalog_.prefetched, (std::vector<std::string>{"eu-west-1", "us-east-1"}));
  EXPECT_EQ(catalog_.lookups_before_prefetch, 0);
  Built(first);
  std::vector<PlanEntry> second = Plan();
  EXPECT_EQ(second[0].action, PlanAction::kSkip);
  EXPECT_EQ(second[0].reason, "up to date: ami-base in eu-west-1 from commit abc");
  EXPECT_EQ(second[1].action, PlanAction::kSkip);
  EXPECT_EQ(second[1].fingerprint, first[1].fingerprint);
}

TEST_F(PlanTest, AChildsFileChangesOnlyTheChild) {
  std::vector<PlanEntry> first = Plan();
  Built(first);
  repo_.Write("files/web/nginx.conf", "server { listen 80; }\n");  // uncommitted: by content
  std::vector<PlanEntry> edited = Plan();
  EXPECT_EQ(edited[0].fingerprint, first[0].fingerprint);
  EXPECT_NE(edited[1].fingerprint, first[1].fingerprint);
  EXPECT_EQ(edited[0].action, PlanAction::kSkip);
  EXPECT_EQ(edited[1].action, PlanAction::kBuild);
  repo_.Write("files/web/nginx.conf", "server {}\n");  // reverted: the same fingerprint again
  EXPECT_EQ(Plan()[1].fingerprint, first[1].fingerprint);
}

TEST_F(PlanTest, AParentsChangeReachesItsChildren) {
  std::vector<PlanEntry> first = Plan();
  repo_.Write("scripts/extra.sh", "echo new\n");  // untracked, matched by the glob
  std::vector<PlanEntry> changed = Plan();
  EXPECT_NE(changed[0].fingerprint, first[0].fingerprint);
  EXPECT_NE(changed[1].fingerprint, first[1].fingerprint);
  EXPECT_EQ(changed[0].input_files.back(), "scripts/extra.sh");
}

TEST_F(PlanTest, ForceOnlyAndMaxAge) {
  Built(Plan());
  std::vector<PlanEntry> forced = Plan({.only = {"web"}, .force = true});
  EXPECT_FALSE(forced[0].selected);
  EXPECT_EQ(forced[0].action, PlanAction::kSkip);
  EXPECT_EQ(forced[1].action, PlanAction::kBuild);
  EXPECT_EQ(forced[1].reason, "--force");
  std::vector<PlanEntry> aged = Plan({.max_age = 12h});
  EXPECT_EQ(aged[0].action, PlanAction::kBuild);
  EXPECT_EQ(aged[0].reason, "newest image ami-base is 1d old (max age 12h)");
  EXPECT_EQ(aged[1].reason, "its parent base is rebuilt");
}

TEST_F(PlanTest, InputsThatMatchNothingAreErrors) {
  images_[1].inputs = {"files/missing/*.conf"};
  FileDigests digests(git::WorkTree::Open(repo_.path()).value());
  PlanInputs inputs{&images_, &digests, nullptr, &catalog_, {}};
  Result<std::vector<PlanEntry>> plan = PlanBuild(inputs, {});
  ASSERT_FALSE(plan);
  EXPECT_EQ(plan.error().message, "image \"web\": input \"files/missing/*.conf\" matches no file");
  EXPECT_EQ(plan.error().kind, ErrorKind::kBadInput);
}

}  // namespace
}  // namespace bakery::build
