#include "common/base/shared_library.h"

#include <cstring>

#include <gtest/gtest.h>

namespace bakery {
namespace {

TEST(SharedLibrary, ResolvesFunctionsOfALoadedLibrary) {
  Result<SharedLibrary> libc = SharedLibrary::Open("libc.so.6", "install glibc");
  ASSERT_TRUE(libc) << libc.error().message;
  decltype(&std::strlen) strlen_function = nullptr;
  ASSERT_TRUE(libc->Resolve("strlen", strlen_function));
  EXPECT_EQ(strlen_function("bakery"), 6u);
  EXPECT_EQ(libc->soname(), "libc.so.6");
}

TEST(SharedLibrary, MissingLibraryNamesItAndHowToInstallIt) {
  Result<SharedLibrary> missing = SharedLibrary::Open("libbakery-none.so.7", "install bakery-none");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, ErrorKind::kFailed);
  EXPECT_NE(missing.error().message.find("loading libbakery-none.so.7: "), std::string::npos)
      << missing.error().message;
  EXPECT_NE(missing.error().message.find("; install bakery-none"), std::string::npos);
}

TEST(SharedLibrary, MissingFunctionIsAnError) {
  Result<SharedLibrary> libc = SharedLibrary::Open("libc.so.6", "");
  ASSERT_TRUE(libc);
  void (*function)() = nullptr;
  Result<void> resolved = libc->Resolve("bakery_no_such_function", function);
  ASSERT_FALSE(resolved);
  EXPECT_EQ(resolved.error().message,
            "libc.so.6 has no function bakery_no_such_function: a different version than bakery "
            "was built against; rebuild bakery");
  EXPECT_EQ(function, nullptr);
}

}  // namespace
}  // namespace bakery
