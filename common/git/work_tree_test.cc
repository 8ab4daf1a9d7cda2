#include "common/git/work_tree.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include "common/testing/git_test_repo.h"

namespace bakery::git {
namespace {

using testing_util::GitTestRepo;
using Paths = std::vector<std::string>;

// The paths of a listing, for tests about which files are listed.
Paths PathsOf(const Result<std::vector<WorkTree::Listed>>& listed) {
  EXPECT_TRUE(listed) << (listed ? "" : listed.error().message);
  Paths paths;
  if (listed) {
    for (const WorkTree::Listed& file : *listed) paths.push_back(file.path);
  }
  return paths;
}

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
  EXPECT_EQ(PathsOf(tree.List("roles")), (Paths{"roles/forced.log", "roles/web/files/motd",
                                               "roles/web/new.yml", "roles/web/tasks/main.yml"}));
  EXPECT_EQ(PathsOf(tree.List("scripts/a.sh")), (Paths{"scripts/a.sh"}));
  // Named explicitly, an ignored file counts: a build artifact an image ships.
  EXPECT_EQ(PathsOf(tree.List("roles/web/debug.log")), (Paths{"roles/web/debug.log"}));
  EXPECT_TRUE(PathsOf(tree.List("nothing/here")).empty());
  EXPECT_TRUE(PathsOf(tree.List("scripts/a.sh/below")).empty());
  Paths everything = PathsOf(tree.List(""));
  EXPECT_EQ(everything.front(), ".gitignore");
  EXPECT_EQ(everything.size(), 6u);
}

TEST(WorkTree, ListsInTheIndexOrder) {
  GitTestRepo repo;
  // A directory sorts as if its name ended in '/': "a.txt" < "a/b" < "a0".
  for (const char* path : {"a/b", "a.txt", "a0", "a-b/c", "a/b.c/d", "a/b-c", "b", "a/b0"}) {
    repo.Write(path, path);
  }
  repo.CommitAll("init");
  repo.Write("a/untracked", "x");
  repo.Write("a.untracked/x", "x");
  Paths expected = {"a-b/c", "a.txt", "a.untracked/x", "a/b",  "a/b-c",
                    "a/b.c/d", "a/b0", "a/untracked",   "a0", "b"};
  EXPECT_EQ(PathsOf(Open(repo).List("")), expected);
  EXPECT_TRUE(std::is_sorted(expected.begin(), expected.end()));  // git's order is byte order
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

TEST(WorkTree, ListVouchesLikeCleanBlobIdInTheWalk) {
  GitTestRepo repo;
  for (const char* file : {"a/clean.sh", "a/edited.sh", "b/other.sh", "b/keep.yml"}) {
    repo.Write(file, std::string("echo ") + file + "\n");
  }
  repo.CommitAll("first");
  for (const char* file : {"a/clean.sh", "a/edited.sh", "b/other.sh", "b/keep.yml"}) {
    repo.SetMtime(file, 1'700'000'000);  // clearly older than the index: not racy
  }
  repo.Git("update-index --refresh");
  repo.Write("a/edited.sh", "echo changed\n");
  repo.Write("a/new.sh", "echo new\n");
  WorkTree tree = Open(repo);
  using Listed = WorkTree::Listed;
  auto as_pairs = [](const std::vector<Listed>& listed) {
    std::vector<std::pair<std::string, std::optional<std::string>>> pairs;
    for (const Listed& file : listed) pairs.emplace_back(file.path, file.clean_blob_id);
    return pairs;
  };
  using Pairs = std::vector<std::pair<std::string, std::optional<std::string>>>;
  EXPECT_EQ(as_pairs(tree.List("a").value()),
            (Pairs{{"a/clean.sh", repo.Git("hash-object a/clean.sh")},
                   {"a/edited.sh", std::nullopt},
                   {"a/new.sh", std::nullopt}}));
  auto yaml_only = [](std::string_view path) { return path.ends_with(".yml"); };
  EXPECT_EQ(as_pairs(tree.List("", yaml_only).value()),
            (Pairs{{"b/keep.yml", repo.Git("hash-object b/keep.yml")}}));
  EXPECT_EQ(as_pairs(tree.List("b/other.sh").value()),
            (Pairs{{"b/other.sh", repo.Git("hash-object b/other.sh")}}));
  EXPECT_TRUE(tree.List("b/other.sh", yaml_only).value().empty());
  std::vector<Listed> everything = tree.List("").value();
  for (const Listed& file : everything) {
    EXPECT_EQ(file.clean_blob_id, tree.CleanBlobId(file.path)) << file.path;
  }
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
  EXPECT_EQ(PathsOf(tree.List("f")), (Paths{"f"}));
}

TEST(WorkTree, NotARepository) {
  testing_util::TempDir dir;
  Result<WorkTree> tree = WorkTree::Open(dir.path());
  ASSERT_FALSE(tree);
  EXPECT_EQ(tree.error().message, dir.path() + " is not inside a git repository");
}

}  // namespace
}  // namespace bakery::git
