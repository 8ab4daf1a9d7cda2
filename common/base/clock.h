#pragma once
// Wall and monotonic time behind an interface so retries, ages and timeouts
// are testable without sleeping (FakeClock below).

#include <chrono>

namespace bakery {

using SystemTime = std::chrono::system_clock::time_point;
using Duration = std::chrono::milliseconds;

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time (for ages, expiry, SigV4 dates).
  virtual SystemTime Now() const = 0;
  /// Monotonic time (for elapsed times, backoff, rate limits).
  virtual std::chrono::steady_clock::time_point Monotonic() const = 0;
  /// Blocks for `duration` (a fake advances its time instead).
  virtual void SleepFor(Duration duration) = 0;
};

class SystemClock final : public Clock {
 public:
  SystemTime Now() const override;
  std::chrono::steady_clock::time_point Monotonic() const override;
  void SleepFor(Duration duration) override;
};

/// Starts at a fixed time; SleepFor advances both clocks instantly.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(SystemTime start) : now_(start) {}
  SystemTime Now() const override { return now_; }
  std::chrono::steady_clock::time_point Monotonic() const override {
    return std::chrono::steady_clock::time_point(now_.time_since_epoch());
  }
  void SleepFor(Duration duration) override { Advance(duration); }
  void Advance(Duration duration) { now_ += duration; slept_ += duration; }
  Duration TotalSlept() const { return slept_; }

 private:
  SystemTime now_;
  Duration slept_{0};
};

}  // namespace bakery
