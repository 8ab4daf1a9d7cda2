#include "common/ci/progress.h"

#include <thread>

#include <gtest/gtest.h>

namespace bakery::ci {
namespace {

TEST(ProgressTicker, PrintsElapsedAndPhaseWhenQuiet) {
  SystemClock clock;
  std::mutex mutex;
  std::vector<std::string> lines;
  {
    ProgressTicker ticker("build base", clock, std::chrono::milliseconds(300),
                          [&](const std::string& line) {
                            std::lock_guard lock(mutex);
                            lines.push_back(line);
                          });
    ticker.SetPhase("waiting for the AMI");
    std::this_thread::sleep_for(std::chrono::milliseconds(750));
  }
  std::lock_guard lock(mutex);
  ASSERT_GE(lines.size(), 1u);
  ASSERT_LE(lines.size(), 3u);
  EXPECT_EQ(lines[0], "build base: 0s elapsed, waiting for the AMI");
}

TEST(ProgressTicker, OutputResetsTheInterval) {
  SystemClock clock;
  int ticks = 0;
  {
    ProgressTicker ticker("x", clock, std::chrono::milliseconds(400),
                          [&](const std::string&) { ++ticks; });
    for (int i = 0; i < 6; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      ticker.Touch();
    }
  }
  EXPECT_EQ(ticks, 0);
}

}  // namespace
}  // namespace bakery::ci
