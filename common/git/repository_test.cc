#include "common/git/repository.h"

#include <gtest/gtest.h>

#include "common/testing/git_test_repo.h"

namespace bakery::git {
namespace {

using testing_util::GitTestRepo;

TEST(Repository, CleanBranchHead) {
  GitTestRepo repo;
  repo.Write("packer/base.pkr.hcl", "source {}\n");
  std::string sha = repo.CommitAll("first");
  repo.Git("remote add origin git@github.com:acme/images.git");
  auto opened = Repository::Discover(repo.path() + "/packer");
  ASSERT_TRUE(opened) << opened.error().message;
  auto head = opened->Head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->commit, sha);
  EXPECT_EQ(head->branch, "main");
  EXPECT_FALSE(head->detached);
  EXPECT_FALSE(head->dirty);
  EXPECT_EQ(head->describe, sha.substr(0, 7));
  EXPECT_EQ(head->origin_url, "git@github.com:acme/images.git");
}

TEST(Repository, DetachedDirtyAndDescribedByTag) {
  GitTestRepo repo;
  repo.Write("a", "1\n");
  repo.CommitAll("first");
  repo.Git("tag v1.2.0");
  repo.Write("a", "2\n");
  std::string second = repo.CommitAll("second");
  repo.Git("checkout -q --detach HEAD");
  repo.Write("a", "3\n");
  auto head = Repository::Discover(repo.path()).value().Head();
  ASSERT_TRUE(head);
  EXPECT_TRUE(head->detached);
  EXPECT_EQ(head->branch, "detached");
  EXPECT_TRUE(head->dirty);
  EXPECT_EQ(head->describe, "v1.2.0-1-g" + second.substr(0, 7) + "-dirty");
}

TEST(Repository, UntrackedFileMakesItDirtyButIgnoredDoesNot) {
  GitTestRepo repo;
  repo.Write(".gitignore", "build/\n");
  repo.CommitAll("first");
  repo.Write("build/out", "x");
  EXPECT_FALSE(Repository::Discover(repo.path()).value().Head()->dirty);
  repo.Write("new.sh", "x");
  EXPECT_TRUE(Repository::Discover(repo.path()).value().Head()->dirty);
}

TEST(Repository, NoCommitsYet) {
  GitTestRepo repo;
  auto head = Repository::Discover(repo.path()).value().Head();
  ASSERT_TRUE(head);
  EXPECT_EQ(head->commit, "");
  EXPECT_EQ(head->branch, "(no commits)");
}

TEST(Repository, NotARepository) {
  testing_util::TempDir dir;
  auto opened = Repository::Discover(dir.path());
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().message, dir.path() + " is not inside a git repository");
}

struct SlugCase {
  std::string url;
  std::optional<std::string> slug;
};

class SlugTest : public testing::TestWithParam<SlugCase> {};

TEST_P(SlugTest, FromRemoteUrl) { EXPECT_EQ(RepositorySlug(GetParam().url), GetParam().slug); }

INSTANTIATE_TEST_SUITE_P(
    Table, SlugTest,
    testing::Values(SlugCase{"https://github.com/acme/images.git", "acme/images"},
                    SlugCase{"https://github.com/acme/images", "acme/images"},
                    SlugCase{"git@github.com:acme/images.git", "acme/images"},
                    SlugCase{"ssh://git@github.example.com/acme/img.v2.git", "acme/img.v2"},
                    SlugCase{"/srv/git/images", std::nullopt},
                    SlugCase{"https://github.com/acme", std::nullopt}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

}  // namespace
}  // namespace bakery::git
