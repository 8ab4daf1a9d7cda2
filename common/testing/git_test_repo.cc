#include "common/testing/git_test_repo.h"

#include <utime.h>

#include <cstdlib>

#include <gtest/gtest.h>

#include "common/base/strings.h"
#include "common/base/subprocess.h"

namespace bakery::testing_util {

GitTestRepo::GitTestRepo() {
  Git("init -q -b main");
  Git("config user.email test@bakery.invalid");
  Git("config user.name bakery-test");
  Git("config commit.gpgsign false");
}

std::string GitTestRepo::Git(const std::string& args) const {
  PosixProcessRunner runner;
  std::vector<std::string> argv{"git", "-C", path()};
  for (const std::string& arg : Split(args, ' ')) {
    if (!arg.empty()) argv.push_back(arg);
  }
  auto result = runner.Run({.argv = argv});
  EXPECT_TRUE(result && result->Succeeded())
      << "git " << args << ": " << (result ? result->err : result.error().message);
  return result ? std::string(Trim(result->out)) : std::string();
}

std::string GitTestRepo::CommitAll(const std::string& message) const {
  Git("add -A");
  Git("commit -q -m " + message);
  return Git("rev-parse HEAD");
}

void GitTestRepo::MergeWithConflict(const std::string& file) const {
  Write(file, "base\n");
  CommitAll("base");
  Git("checkout -q -b other");
  Write(file, "other\n");
  CommitAll("other");
  Git("checkout -q main");
  Write(file, "main\n");
  CommitAll("main");
  // git exits 1 on the conflict, which Git() would count as a failure.
  std::string merge = "git -C '" + path() + "' merge -q other >/dev/null 2>&1";
  EXPECT_NE(std::system(merge.c_str()), 0) << "the merge did not conflict";
}

void GitTestRepo::SetMtime(const std::string& relative, long seconds) const {
  utimbuf times{seconds, seconds};
  EXPECT_EQ(utime((path() + "/" + relative).c_str(), &times), 0) << relative;
}

}  // namespace bakery::testing_util
