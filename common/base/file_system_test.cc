#include "common/base/file_system.h"

#include <gtest/gtest.h>

#include "common/testing/temp_dir.h"

namespace bakery {
namespace {

TEST(RealFileSystem, WriteAppendRead) {
  testing_util::TempDir dir;
  RealFileSystem fs;
  std::string path = dir.path() + "/out";
  ASSERT_TRUE(fs.WriteFile(path, "a\n"));
  ASSERT_TRUE(fs.AppendFile(path, "b\n"));
  EXPECT_EQ(fs.ReadFile(path).value(), "a\nb\n");
}

TEST(RealFileSystem, MissingFileIsBadInputWithPath) {
  RealFileSystem fs;
  auto content = fs.ReadFile("/nonexistent/x.json");
  ASSERT_FALSE(content);
  EXPECT_EQ(content.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(content.error().message, "reading /nonexistent/x.json: No such file or directory");
}

}  // namespace
}  // namespace bakery
