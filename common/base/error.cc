#include "common/base/error.h"

namespace bakery {

std::string SourceLocation::ToString() const {
  if (line <= 0) return path;
  if (column <= 0) return fmt::format("{}:{}", path, line);
  return fmt::format("{}:{}:{}", path, line, column);
}

std::string Error::ToString() const {
  if (!location || location->path.empty()) return message;
  return fmt::format("{}: {}", location->ToString(), message);
}

Error Error::Wrap(std::string_view context) && {
  message = fmt::format("{}: {}", context, message);
  return std::move(*this);
}

}  // namespace bakery
