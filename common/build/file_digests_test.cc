#include "common/build/file_digests.h"

#include <unistd.h>

#include <algorithm>
#include <map>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/base/strings.h"
#include "common/testing/git_test_repo.h"

namespace bakery::build {
namespace {

using testing_util::GitTestRepo;

// The paths of an expansion, for tests about which files an input names.
std::vector<std::string> PathsOf(const Result<std::vector<PathDigest>>& expanded) {
  EXPECT_TRUE(expanded) << (expanded ? "" : expanded.error().message);
  std::vector<std::string> paths;
  if (expanded) {
    for (const PathDigest& file : *expanded) paths.push_back(file.path);
  }
  return paths;
}

FileDigests DigestsOf(const GitTestRepo& repo) {
  Result<git::WorkTree> tree = git::WorkTree::Open(repo.path());
  EXPECT_TRUE(tree.has_value());
  return FileDigests(*tree);
}

TEST(FileDigests, CleanFilesUseTheIndexAndEditsAreHashedTheSameWay) {
  GitTestRepo repo;
  repo.Write("packer/base/base.pkr.hcl", "source {}\n");
  repo.Write("scripts/setup.sh", "echo hi\n");
  repo.CommitAll("init");
  std::string committed = DigestsOf(repo).Of("scripts/setup.sh").value();
  EXPECT_EQ(committed, repo.Git("rev-parse HEAD:scripts/setup.sh"));
  EXPECT_EQ(committed, GitBlobId("echo hi\n"));
  repo.Write("scripts/setup.sh", "echo changed\n");
  EXPECT_EQ(DigestsOf(repo).Of("scripts/setup.sh").value(), GitBlobId("echo changed\n"));
  repo.Write("scripts/setup.sh", "echo hi\n");  // reverted: same digest as committed
  EXPECT_EQ(DigestsOf(repo).Of("scripts/setup.sh").value(), committed);
  repo.Write("scripts/new.sh", "new\n");
  EXPECT_EQ(DigestsOf(repo).Of("scripts/new.sh").value(), GitBlobId("new\n"));
  EXPECT_EQ(DigestsOf(repo).Of("scripts/gone.sh").value(), "missing");
}

TEST(FileDigests, SymlinksAreTheirTargetsAsGitHashesThem) {
  GitTestRepo repo;
  repo.Write("roles/common/files/motd", "hello\n");
  ASSERT_EQ(symlink("common", (repo.path() + "/roles/shared").c_str()), 0);  // to a directory
  repo.CommitAll("init");
  EXPECT_EQ(DigestsOf(repo).Of("roles/shared").value(), repo.Git("rev-parse HEAD:roles/shared"));
  EXPECT_EQ(DigestsOf(repo).Of("roles/shared").value(), GitBlobId("common"));
  ASSERT_EQ(unlink((repo.path() + "/roles/shared").c_str()), 0);
  ASSERT_EQ(symlink("common/files", (repo.path() + "/roles/shared").c_str()), 0);
  EXPECT_EQ(DigestsOf(repo).Of("roles/shared").value(), GitBlobId("common/files"));
  EXPECT_EQ(PathsOf(DigestsOf(repo).Expand("roles")),
            (std::vector<std::string>{"roles/common/files/motd", "roles/shared"}));
}

TEST(FileDigests, ExpandsFilesDirectoriesAndGlobs) {
  GitTestRepo repo;
  repo.Write("ansible/roles/common/tasks/main.yml", "x");
  repo.Write("ansible/roles/common/files/motd", "x");
  repo.Write("ansible/site.yml", "x");
  repo.Write("scripts/a.sh", "x");
  repo.Write("scripts/b.py", "x");
  repo.Write(".gitignore", "*.log\n");
  repo.CommitAll("init");
  repo.Write("scripts/c.sh", "untracked");
  repo.Write("scripts/debug.log", "ignored");
  FileDigests digests = DigestsOf(repo);
  using Paths = std::vector<std::string>;
  EXPECT_EQ(PathsOf(digests.Expand("ansible/roles")),
            (Paths{"ansible/roles/common/files/motd", "ansible/roles/common/tasks/main.yml"}));
  EXPECT_EQ(PathsOf(digests.Expand("./scripts/*.sh")), (Paths{"scripts/a.sh", "scripts/c.sh"}));
  EXPECT_EQ(PathsOf(digests.Expand("ansible/**/*.yml")),
            (Paths{"ansible/roles/common/tasks/main.yml", "ansible/site.yml"}));
  EXPECT_EQ(PathsOf(digests.Expand("scripts/b.py")), (Paths{"scripts/b.py"}));
  EXPECT_EQ(PathsOf(digests.Expand("**/*.log")), Paths{});  // ignored
  EXPECT_EQ(PathsOf(digests.Expand("*.gitignore")), (Paths{".gitignore"}));
  EXPECT_TRUE(PathsOf(digests.Expand("nothing/here")).empty());
}

TEST(FileDigests, ExpandDigestsEveryFileItLists) {
  GitTestRepo repo;
  std::map<std::string, std::string> contents = {{".gitignore", "*.log\n"}};
  for (int i = 0; i < 1500; ++i) {
    contents[fmt::format("d{}/f{:04}", i % 7, i)] = "file " + std::to_string(i) + "\n";
  }
  for (const auto& [path, content] : contents) repo.Write(path, content);
  repo.CommitAll("many");
  contents["d3/f0003"] = "edited\n";        // modified: hashed from its content
  contents["d1/untracked"] = "untracked\n";  // untracked: listed and hashed
  for (const char* path : {"d3/f0003", "d1/untracked"}) repo.Write(path, contents[path]);
  repo.Write("d2/debug.log", "ignored\n");
  FileDigests digests = DigestsOf(repo);
  std::vector<PathDigest> expected;
  for (const auto& [path, content] : contents) expected.push_back({path, GitBlobId(content)});
  std::vector<PathDigest> all = digests.Expand("").value();
  EXPECT_EQ(all, expected);  // std::map's order is git's here: no directory is a name prefix
  // The same files as git lists (tracked, then untracked: sorted together here).
  std::vector<std::string> listed_by_git =
      Split(repo.Git("ls-files --cached --others --exclude-standard"), '\n');
  std::sort(listed_by_git.begin(), listed_by_git.end());
  EXPECT_EQ(PathsOf(digests.Expand("")), listed_by_git);
  EXPECT_EQ(digests.Expand("d3/*0003").value(),
            (std::vector<PathDigest>{{"d3/f0003", GitBlobId("edited\n")}}));
  EXPECT_EQ(digests.Expand("d2/debug.log").value(),  // named: ignored files count
            (std::vector<PathDigest>{{"d2/debug.log", GitBlobId("ignored\n")}}));
  EXPECT_TRUE(digests.Expand("d9").value().empty());
}

TEST(Glob, MatchesSegmentsAndClasses) {
  struct Case { const char* pattern; const char* path; bool match; };
  for (Case c : {Case{"*.sh", "a.sh", true}, Case{"*.sh", "d/a.sh", false},
                 Case{"**/*.sh", "d/e/a.sh", true}, Case{"**/*.sh", "a.sh", true},
                 Case{"d/**", "d/e/f", true}, Case{"a?.txt", "ab.txt", true},
                 Case{"a?.txt", "a/.txt", false}, Case{"[ab].c", "b.c", true},
                 Case{"[!ab].c", "b.c", false}, Case{"[a-c]x", "cx", true}}) {
    EXPECT_EQ(GlobMatch(c.pattern, c.path), c.match) << c.pattern << " " << c.path;
  }
}

}  // namespace
}  // namespace bakery::build
