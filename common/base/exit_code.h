#pragma once
// Exit codes shared by every step (design: "Exit codes").

#include "common/base/error.h"

namespace bakery {

enum class ExitCode : int {
  kOk = 0,
  kFailed = 1,       // the job failed: build, checks, deletions
  kUsage = 2,        // bad usage, config or input
  kPartial = 3,      // partial success or threshold exceeded
  kInterrupted = 130,  // SIGINT, after cleaning up
  kTerminated = 143,   // SIGTERM, after cleaning up
};

/// The exit code a step returns for an error of this kind.
constexpr ExitCode ExitCodeFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kBadInput: return ExitCode::kUsage;
    case ErrorKind::kPartial: return ExitCode::kPartial;
    case ErrorKind::kFailed:
    case ErrorKind::kInternal: return ExitCode::kFailed;
  }
  return ExitCode::kFailed;
}

constexpr int ToInt(ExitCode code) { return static_cast<int>(code); }

/// Destructive steps take this instead of a bool (ccache's DryRun).
enum class DryRun { kYes, kNo };

}  // namespace bakery
