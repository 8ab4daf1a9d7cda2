#include "common/ci/progress.h"

#include <fmt/format.h>

#include "common/base/time_format.h"

namespace bakery::ci {

ProgressTicker::ProgressTicker(std::string subject, Clock& clock,
                               std::chrono::milliseconds interval, Printer printer)
    : subject_(std::move(subject)),
      clock_(clock),
      interval_(interval),
      printer_(std::move(printer)),
      start_(clock.Monotonic()),
      last_output_(start_),
      thread_([this] { Run(); }) {}

ProgressTicker::~ProgressTicker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ProgressTicker::Touch() {
  std::lock_guard lock(mutex_);
  last_output_ = clock_.Monotonic();
}

void ProgressTicker::SetPhase(std::string phase) {
  std::lock_guard lock(mutex_);
  phase_ = std::move(phase);
}

std::string ProgressTicker::Elapsed() const {
  auto elapsed = std::chrono::duration_cast<std::chrono::seconds>(clock_.Monotonic() - start_);
  return FormatDuration(elapsed);
}

void ProgressTicker::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    // Real time, not the injected clock: the ticker must wake even when a
    // test's fake clock stands still. Ticks are measured with the clock.
    wake_.wait_for(lock, std::min(interval_, std::chrono::milliseconds(200)));
    if (stopping_) break;
    if (clock_.Monotonic() - last_output_ < interval_) continue;
    last_output_ = clock_.Monotonic();
    std::string line = fmt::format("{}: {} elapsed{}", subject_, Elapsed(),
                                   phase_.empty() ? "" : ", " + phase_);
    printer_(line);
  }
}

}  // namespace bakery::ci
