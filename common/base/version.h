#pragma once
#include <string_view>

namespace bakery {
/// bakery's version, from `git describe` at build time (cmake/write_version.cmake).
std::string_view Version();
}  // namespace bakery
