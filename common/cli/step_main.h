#pragma once
// The one entry point every step's main.cc calls: parses the shared and the
// step's options, builds the real side-effect implementations, runs the step
// and turns anything unexpected into exit 1 (the one catch-all per step).

#include <functional>
#include <ostream>
#include <string>

#include "common/base/clock.h"
#include "common/base/env.h"
#include "common/base/exit_code.h"
#include "common/base/file_system.h"
#include "common/base/subprocess.h"
#include "common/ci/output.h"
#include "common/cli/step_command.h"

namespace bakery::cli {

/// What a step's library function gets: the side effects, behind interfaces,
/// and the parsed common options. Tests build one from fakes.
struct StepContext {
  const Env& env;
  FileSystem& fs;
  Clock& clock;
  ProcessRunner& processes;
  std::ostream& out;  // results: text, or the JSON document with --output json
  std::ostream& err;  // errors
  ci::Output& ci;     // human lines, annotations, groups, step outputs, summary
  CommonOptions common;
  /// Where an option's value came from (to let bakery.yml fill kDefault ones).
  std::function<ValueSource(const std::string&)> source_of = [](const std::string&) {
    return ValueSource::kDefault;
  };
};

struct StepSpec {
  std::string name;     // "inspect" for bakery-inspect
  std::string summary;  // one line for --help
  /// Declares the step's own options, bound to its options struct.
  std::function<void(StepCommand&)> declare;
  /// Runs the step; returns its exit code.
  std::function<ExitCode(StepContext&)> run;
};

/// The side effects a step runs with; RunStepMain fills it with real ones.
struct StepIo {
  const Env& env;
  FileSystem& fs;
  Clock& clock;
  ProcessRunner& processes;
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
  bool err_is_tty = false;
  ci::DelimiterSource delimiters = ci::RandomDelimiter;
};

/// Parses argv, builds the CI output for the detected platform (human lines
/// on `out`, or on `err` with --output json), runs the step. Tests call it
/// with fakes to exercise the whole path of a step.
int RunStep(const StepSpec& spec, int argc, const char* const* argv, StepIo& io);

/// main(): the real environment, file system, clock and std streams.
int RunStepMain(const StepSpec& spec, int argc, char** argv);

}  // namespace bakery::cli
