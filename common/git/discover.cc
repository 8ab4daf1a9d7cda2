#include "common/git/discover.h"

#include <sys/stat.h>

#include <filesystem>

#include "common/base/file_system.h"

namespace bakery::git {
namespace {

namespace fs = std::filesystem;

// The git directory a `.git` file names ("gitdir: ../.git/worktrees/x").
Result<std::string> GitdirFromFile(const std::string& dir, const std::string& file) {
  Result<std::string> text = RealFileSystem().ReadFile(file);
  if (!text) return std::unexpected(std::move(text.error()));
  std::string line = text->substr(0, text->find('\n'));
  constexpr std::string_view kPrefix = "gitdir: ";
  if (!line.starts_with(kPrefix)) {
    return Fail(ErrorKind::kBadInput, "{}: not a gitdir file (expected \"gitdir: PATH\")", file);
  }
  fs::path target = line.substr(kPrefix.size());
  if (target.is_relative()) target = fs::path(dir) / target;
  return target.lexically_normal().string();
}

bool IsGitDir(const std::string& dir) {
  struct stat st {};
  return stat((dir + "/HEAD").c_str(), &st) == 0;
}

}  // namespace

Result<GitLocation> FindWorkTree(const std::string& path) {
  std::error_code error;
  fs::path dir = fs::absolute(path, error).lexically_normal();
  struct stat start {};
  if (error || stat(dir.c_str(), &start) != 0) {
    return Fail(ErrorKind::kBadInput, "{} is not inside a git repository", path);
  }
  while (true) {
    std::string here = dir.string();
    while (here.size() > 1 && here.ends_with('/')) here.pop_back();
    std::string dot_git = (here == "/" ? "" : here) + "/.git";
    struct stat st {};
    if (lstat(dot_git.c_str(), &st) == 0) {
      std::string workdir = here == "/" ? "/" : here + "/";
      if (S_ISDIR(st.st_mode) && IsGitDir(dot_git)) return GitLocation{workdir, dot_git + "/"};
      if (S_ISREG(st.st_mode)) {
        Result<std::string> gitdir = GitdirFromFile(here, dot_git);
        if (!gitdir) return std::unexpected(std::move(gitdir.error()));
        if (!IsGitDir(*gitdir)) {
          return Fail(ErrorKind::kBadInput, "{} names {}, which is not a git directory", dot_git,
                      *gitdir);
        }
        return GitLocation{workdir, *gitdir + "/"};
      }
    }
    fs::path parent = fs::path(here).parent_path();
    struct stat above {};
    if (here == "/" || parent == here || stat(parent.c_str(), &above) != 0 ||
        above.st_dev != start.st_dev) {
      return Fail(ErrorKind::kBadInput, "{} is not inside a git repository", path);
    }
    dir = parent;
  }
}

}  // namespace bakery::git
