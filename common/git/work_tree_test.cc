#include "common/git/work_tree.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "common/testing/git_test_repo.h"

namespace bakery::git {
namespace {

using testing_util::GitTestRepo;
using Paths = std::vector<std::string>;

WorkTree Open(const GitTestRepo& repo) {
  Result<WorkTree> tree = WorkTree::Open(repo.path());
  EXPECT_TRUE(tree) << (tree ? "" : tree.error().message);
  return *tree;
}

TEST(WorkTree, ListsLikeLsFilesWithoutIgnoredFiles) {
  GitTestRepo repo;
  repo.Write(".gitignore", "*.log\nbuild/\n");
  repo.Write("roles/web/tasks/main.yml", "x");
  repo.Write("roles/web/files/motd", "x");
  repo.Write("roles/forced.log", "tracked although ignored");
  repo.Write("scripts/a.sh", "x");
  repo.CommitAll("init");
  repo.Git("add -f roles/forced.log");
  repo.Git("commit -q -m forced");
  repo.Write("roles/web/new.yml", "untracked");
  repo.Write("roles/web/debug.log", "ignored");
  repo.Write("roles/build/out.bin", "ignored directory");
  repo.Write("roles/vendored/.git/HEAD", "a nested repository");
  repo.Write("roles/vendored/file", "inside it");
  WorkTree tree = Open(repo);
  EXPECT_EQ(tree.List("roles").value(), (Paths{"roles/forced.log", "roles/web/files/motd",
                                               "roles/web/new.yml", "roles/web/tasks/main.yml"}));
  EXPECT_EQ(tree.List("scripts/a.sh").value(), (Paths{"scripts/a.sh"}));
  // Named explicitly, an ignored file counts: a build artifact an image ships.
  EXPECT_EQ(tree.List("roles/web/debug.log").value(), (Paths{"roles/web/debug.log"}));
  EXPECT_TRUE(tree.List("nothing/here").value().empty());
  EXPECT_TRUE(tree.List("scripts/a.sh/below").value().empty());
  Paths everything = tree.List("").value();
  EXPECT_EQ(everything.front(), ".gitignore");
  EXPECT_EQ(everything.size(), 6u);
}

TEST(WorkTree, VouchesForUnchangedFilesOnly) {
  GitTestRepo repo;
  repo.Write("clean.sh", "echo clean\n");
  repo.Write("edited.sh", "echo old\n");
  repo.Write("touched.sh", "echo same\n");
  repo.CommitAll("first");
  // Make the index clearly newer than every file, so none is racily clean.
  for (const char* file : {"clean.sh", "edited.sh", "touched.sh"}) {
    repo.SetMtime(file, 1'700'000'000);
  }
  repo.Git("update-index --refresh");
  repo.Write("edited.sh", "echo new\n");  // same size, new content
  repo.SetMtime("touched.sh", 1'700'000'100);
  repo.Write("untracked.sh", "echo u\n");
  WorkTree tree = Open(repo);
  EXPECT_EQ(tree.CleanBlobId("clean.sh"), repo.Git("hash-object clean.sh"));
  EXPECT_EQ(tree.CleanBlobId("edited.sh"), std::nullopt);
  EXPECT_EQ(tree.CleanBlobId("touched.sh"), std::nullopt);  // unchanged, but only hashing can tell
  EXPECT_EQ(tree.CleanBlobId("untracked.sh"), std::nullopt);
  EXPECT_EQ(tree.CleanBlobId("deleted.sh"), std::nullopt);
}

TEST(WorkTree, RacilyCleanFilesAreNotTrusted) {
  GitTestRepo repo;
  repo.Write("racy.sh", "echo 1\n");
  repo.CommitAll("first");
  // Modified in the instant the index was written: stat data cannot tell.
  struct stat index {};
  ASSERT_EQ(stat((repo.path() + "/.git/index").c_str(), &index), 0);
  repo.Git("update-index --refresh");
  repo.SetMtime("racy.sh", index.st_mtim.tv_sec + 5);
  repo.Git("update-index --refresh");
  ASSERT_EQ(stat((repo.path() + "/.git/index").c_str(), &index), 0);
  repo.SetMtime(".git/index", 0);  // the index now predates the file's mtime
  WorkTree tree = Open(repo);
  EXPECT_EQ(tree.CleanBlobId("racy.sh"), std::nullopt);
}

TEST(WorkTree, ConflictsAndIntentToAddAreHashed) {
  GitTestRepo repo;
  repo.MergeWithConflict("f");
  repo.Write("later.txt", "later\n");
  repo.Git("add -N later.txt");
  WorkTree tree = Open(repo);
  EXPECT_EQ(tree.CleanBlobId("f"), std::nullopt);
  EXPECT_EQ(tree.CleanBlobId("later.txt"), std::nullopt);
  EXPECT_EQ(tree.List("f").value(), (Paths{"f"}));
}

TEST(WorkTree, NotARepository) {
  testing_util::TempDir dir;
  Result<WorkTree> tree = WorkTree::Open(dir.path());
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().message, dir.path() + " is not inside a git repository");
}

}  // namespace
}  // namespace bakery::git
