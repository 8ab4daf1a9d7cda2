#pragma once
// The error policy (docs/architecture.md): fallible calls return Result<T>;
// no exception crosses a module boundary. An Error says what failed, on
// what, why, and where; context is added as it travels up with Wrap().

#include <expected>
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

namespace bakery {

/// A position in a file, rendered as "path:line:col" (1-based; 0 = unknown).
struct SourceLocation {
  std::string path;
  int line = 0;
  int column = 0;

  /// "path:line:col", "path:line" or "path" depending on what is known.
  std::string ToString() const;
  bool operator==(const SourceLocation&) const = default;
};

/// What kind of failure this is; steps map it to an exit code.
enum class ErrorKind {
  kFailed,     // the job failed (exit 1)
  kBadInput,   // bad usage, config or input (exit 2)
  kPartial,    // partial success or a threshold (exit 3)
  kInternal,   // a bug (exit 1, reported as internal)
};

struct Error {
  ErrorKind kind = ErrorKind::kFailed;
  std::string message;
  std::optional<SourceLocation> location;
  /// A machine-readable cause when there is one (an AWS error code such as
  /// "InvalidSnapshot.InUse"), so callers can branch without parsing text.
  std::string code;

  /// "path:line:col: message" when a location is known, else the message.
  std::string ToString() const;

  /// Prefixes the message with context: Wrap("loading bakery.yml") gives
  /// "loading bakery.yml: <message>".
  Error Wrap(std::string_view context) &&;
};

template <typename T>
using Result = std::expected<T, Error>;

/// Builds an unexpected Error of the given kind with a fmt-formatted message.
template <typename... Args>
std::unexpected<Error> Fail(ErrorKind kind, fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(Error{kind, fmt::format(format, std::forward<Args>(args)...), {}});
}

/// Same, with a source location ("path:line:col: ...").
template <typename... Args>
std::unexpected<Error> FailAt(SourceLocation where, ErrorKind kind,
                              fmt::format_string<Args...> format, Args&&... args) {
  return std::unexpected(
      Error{kind, fmt::format(format, std::forward<Args>(args)...), std::move(where)});
}

}  // namespace bakery
