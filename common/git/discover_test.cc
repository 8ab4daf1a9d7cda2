#include "common/git/discover.h"

#include <gtest/gtest.h>

#include "common/git/work_tree.h"
#include "common/testing/git_test_repo.h"

namespace bakery::git {
namespace {

using testing_util::GitTestRepo;

TEST(FindWorkTree, SearchesUpwardsFromASubdirectory) {
  GitTestRepo repo;
  repo.Write("packer/base/base.pkr.hcl", "x");
  Result<GitLocation> found = FindWorkTree(repo.path() + "/packer/base");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->workdir, repo.path() + "/");
  EXPECT_EQ(found->gitdir, repo.path() + "/.git/");
  EXPECT_EQ(FindWorkTree(repo.path() + "/packer/../packer")->workdir, repo.path() + "/");
}

TEST(FindWorkTree, LinkedWorktreeHasItsOwnIndex) {
  GitTestRepo repo;
  repo.Write("a.sh", "main\n");
  repo.CommitAll("first");
  repo.Git("worktree add -q -b side " + repo.path() + "/wt");
  Result<GitLocation> found = FindWorkTree(repo.path() + "/wt");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(found->workdir, repo.path() + "/wt/");
  EXPECT_EQ(found->gitdir, repo.path() + "/.git/worktrees/wt/");
  repo.Write("wt/a.sh", "side\n");
  repo.SetMtime("wt/a.sh", 1'700'000'000);  // not racily clean against the index
  repo.Git("-C " + repo.path() + "/wt add a.sh");
  // The worktree's index, not the main one: it stages "side".
  WorkTree tree = WorkTree::Open(repo.path() + "/wt").value();
  EXPECT_EQ(tree.root(), repo.path() + "/wt/");
  EXPECT_EQ(tree.CleanBlobId("a.sh"), repo.Git("hash-object wt/a.sh"));
  EXPECT_NE(tree.CleanBlobId("a.sh"), repo.Git("rev-parse HEAD:a.sh"));
}

TEST(FindWorkTree, ExplainsWhatIsWrong) {
  testing_util::TempDir dir;
  EXPECT_EQ(FindWorkTree(dir.path()).error().message,
            dir.path() + " is not inside a git repository");
  dir.Write("broken/.git", "not a gitdir line\n");
  EXPECT_EQ(FindWorkTree(dir.path() + "/broken").error().message,
            dir.path() + "/broken/.git: not a gitdir file (expected \"gitdir: PATH\")");
  dir.Write("dangling/.git", "gitdir: ../nowhere\n");
  EXPECT_EQ(
      FindWorkTree(dir.path() + "/dangling").error().message,
      dir.path() + "/dangling/.git names " + dir.path() + "/nowhere, which is not a git directory");
}

}  // namespace
}  // namespace bakery::git
