#pragma once
// Positions for JSON syntax errors: nlohmann reports a byte offset, users
// need path:line:col.

#include <string>
#include <string_view>

#include "common/base/error.h"

namespace bakery {

/// 1-based line and column of byte `offset` in `text` (columns count bytes).
SourceLocation LocationOfOffset(std::string_view text, size_t offset, const std::string& path);

/// Re-parses `text` (known to be invalid JSON) and returns a kBadInput Error
/// "invalid JSON: <reason>" located at the failing byte.
Error JsonSyntaxError(std::string_view text, const std::string& path);

}  // namespace bakery
