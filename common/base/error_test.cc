#include "common/base/error.h"

#include <gtest/gtest.h>

#include "common/base/exit_code.h"

namespace bakery {
namespace {

TEST(Error, RendersLocationLikeCompilers) {
  EXPECT_EQ((SourceLocation{"a.hcl", 3, 7}).ToString(), "a.hcl:3:7");
  EXPECT_EQ((SourceLocation{"a.hcl", 3, 0}).ToString(), "a.hcl:3");
  EXPECT_EQ((SourceLocation{"a.hcl", 0, 0}).ToString(), "a.hcl");
  Result<int> failed = FailAt({"bakery.yml", 2, 5}, ErrorKind::kBadInput, "unknown key '{}'", "x");
  EXPECT_EQ(failed.error().ToString(), "bakery.yml:2:5: unknown key 'x'");
}

TEST(Error, WrapAddsContext) {
  Error error = Fail(ErrorKind::kFailed, "connection refused").error();
  EXPECT_EQ(std::move(error).Wrap("calling DescribeImages").message,
            "calling DescribeImages: connection refused");
}

TEST(Error, KindsMapToDesignExitCodes) {
  EXPECT_EQ(ToInt(ExitCodeFor(ErrorKind::kBadInput)), 2);
  EXPECT_EQ(ToInt(ExitCodeFor(ErrorKind::kPartial)), 3);
  EXPECT_EQ(ToInt(ExitCodeFor(ErrorKind::kFailed)), 1);
}

}  // namespace
}  // namespace bakery
