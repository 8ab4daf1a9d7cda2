#include "common/base/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace bakery {

void ParallelFor(size_t count, int workers, const std::function<void(size_t)>& work) {
  std::atomic<size_t> next{0};
  auto loop = [&] {
    for (size_t i = next++; i < count; i = next++) work(i);
  };
  std::vector<std::jthread> threads;
  size_t thread_count = std::min<size_t>(static_cast<size_t>(std::max(workers, 1)), count);
  for (size_t t = 1; t < thread_count; ++t) threads.emplace_back(loop);
  loop();
}

int CoreCount() { return static_cast<int>(std::max(std::thread::hardware_concurrency(), 1u)); }

}  // namespace bakery
