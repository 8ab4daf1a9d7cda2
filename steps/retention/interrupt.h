#pragma once
// SIGINT/SIGTERM during --apply: stop starting new changes, let the calls in
// flight finish, report, and exit 130/143 (design: "Exit codes"). A re-run
// converges, so stopping between images is always safe.

namespace bakery::retention {

class InterruptGuard {
 public:
  /// Installs handlers for SIGINT and SIGTERM; restores the old ones on destruction.
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  /// The signal received (SIGINT or SIGTERM), or 0.
  static int Received();
};

}  // namespace bakery::retention
