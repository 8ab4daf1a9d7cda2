#pragma once
// Progress for long waits (Packer builds, instance boots, AMI copies): when
// nothing else has been printed for `interval`, prints one line with the
// elapsed time and the current phase ("base: 4m10s, waiting for AMI to
// become ready"). In CI that is one line per interval; on a terminal the
// same lines keep the user informed without a redraw.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "common/base/clock.h"

namespace bakery::ci {

class ProgressTicker {
 public:
  using Printer = std::function<void(const std::string& line)>;

  /// Starts ticking for `subject` ("build base"). `printer` is called from a
  /// background thread, serialised with Touch/SetPhase.
  ProgressTicker(std::string subject, Clock& clock, std::chrono::milliseconds interval,
                 Printer printer);
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

  /// Something was printed: the next tick is an interval from now.
  void Touch();
  /// The phase named in the next tick line.
  void SetPhase(std::string phase);
  /// "4m10s"-style elapsed time since construction.
  std::string Elapsed() const;

 private:
  void Run();

  std::string subject_;
  Clock& clock_;
  std::chrono::milliseconds interval_;
  Printer printer_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_output_;
  std::string phase_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace bakery::ci
