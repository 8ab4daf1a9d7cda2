#include "common/base/parallel.h"

#include <atomic>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace bakery {
namespace {

TEST(ParallelFor, RunsEveryIndexOnceForAnyWorkerCount) {
  for (int workers : {0, 1, 3, 16}) {
    for (size_t count : {0u, 1u, 2u, 100u}) {
      std::vector<std::atomic<int>> calls(count);
      ParallelFor(count, workers, [&](size_t i) { ++calls[i]; });
      for (size_t i = 0; i < count; ++i) {
        EXPECT_EQ(calls[i].load(), 1) << "index " << i << " workers " << workers;
      }
    }
  }
}

TEST(ParallelFor, SpreadsWorkOverThreads) {
  std::mutex mutex;
  std::set<std::thread::id> seen;
  std::atomic<int> waiting{0};
  // Each of the first two items waits for the other: done only when two
  // threads run at once.
  ParallelFor(2, 2, [&](size_t) {
    {
      std::lock_guard lock(mutex);
      seen.insert(std::this_thread::get_id());
    }
    ++waiting;
    while (waiting.load() < 2) std::this_thread::yield();
  });
  EXPECT_EQ(seen.size(), 2u);
}

}  // namespace
}  // namespace bakery
