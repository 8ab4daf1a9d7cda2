#include "common/base/json_position.h"

#include <nlohmann/json.hpp>

namespace bakery {

SourceLocation LocationOfOffset(std::string_view text, size_t offset, const std::string& path) {
  SourceLocation location{path, 1, 1};
  offset = std::min(offset, text.size());
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++location.line;
      location.column = 1;
    } else {
      ++location.column;
    }
  }
  return location;
}

Error JsonSyntaxError(std::string_view text, const std::string& path) {
  try {
    nlohmann::json ignored = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    // nlohmann's byte is 1-based and points just past the offending byte.
    size_t offset = error.byte > 0 ? error.byte - 1 : 0;
    std::string reason = error.what();
    // "[json.exception.parse_error.101] parse error at line 3, column 5: syntax error while
    // parsing value - invalid literal; last read: 'x'": keep the part after "- ".
    if (size_t dash = reason.find(" - "); dash != std::string::npos) reason = reason.substr(dash + 3);
    if (text.empty()) offset = 0;
    return Error{ErrorKind::kBadInput, "invalid JSON: " + reason,
                 LocationOfOffset(text, offset, path)};
  }
  return Error{ErrorKind::kBadInput, "invalid JSON", SourceLocation{path, 0, 0}};
}

}  // namespace bakery
