#pragma once
// The `bakery` front end: `bakery STEP ARGS...` execs bakery-STEP found beside
// the running binary (like git), `bakery help` lists the steps that exist.

#include <string>
#include <vector>

namespace bakery::cli {

/// Step names ("inspect", "test-launch", ...) of the bakery-* executables in `dir`, sorted.
std::vector<std::string> ListSteps(const std::string& dir);

/// Entry point of the `bakery` binary. Returns an exit code, or does not
/// return when it execs a step.
int Dispatch(int argc, char** argv);

}  // namespace bakery::cli
