#include "common/base/clock.h"

#include <thread>

namespace bakery {

SystemTime SystemClock::Now() const { return std::chrono::system_clock::now(); }

std::chrono::steady_clock::time_point SystemClock::Monotonic() const {
  return std::chrono::steady_clock::now();
}

void SystemClock::SleepFor(Duration duration) { std::this_thread::sleep_for(duration); }

}  // namespace bakery
