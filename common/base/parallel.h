#pragma once
// Runs independent pieces of work on a few threads, the calling one included.

#include <cstddef>
#include <functional>

namespace bakery {

/// Calls work(0) … work(count - 1), each exactly once, spread over `workers`
/// threads (at least one, at most `count`) that take the next index as they
/// finish one; returns when all are done. `work` must be thread-safe.
void ParallelFor(size_t count, int workers, const std::function<void(size_t)>& work);

/// The cores this process may use, at least one.
int CoreCount();

}  // namespace bakery
