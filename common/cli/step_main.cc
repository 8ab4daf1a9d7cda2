#include "common/cli/step_main.h"

#include <exception>
#include <iostream>

namespace bakery::cli {

int RunStep(const StepSpec& spec, int argc, const char* const* argv, const Env& env,
            FileSystem& fs, Clock& clock, std::ostream& out, std::ostream& err) {
  StepCommand command(spec.name, spec.summary);
  if (spec.declare) spec.declare(command);
  CommonOptions common;
  switch (command.Parse(argc, argv, env, common, out, err)) {
    case ParseOutcome::kExitOk: return ToInt(ExitCode::kOk);
    case ParseOutcome::kExitUsage: return ToInt(ExitCode::kUsage);
    case ParseOutcome::kRun: break;
  }
  StepContext context{env, fs, clock, out, err, std::move(common)};
  context.source_of = [&command](const std::string& name) { return command.SourceOf(name); };
  return ToInt(spec.run(context));
}

int RunStepMain(const StepSpec& spec, int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    ProcessEnv env;
    RealFileSystem fs;
    SystemClock clock;
    int code = RunStep(spec, argc, argv, env, fs, clock, std::cout, std::cerr);
    std::cout.flush();
    return code;
  } catch (const std::exception& error) {
    std::cerr << "bakery-" << spec.name << ": internal error: " << error.what()
              << "\nThis is a bug in bakery; please report it with the command you ran.\n";
  } catch (...) {
    std::cerr << "bakery-" << spec.name << ": internal error (unknown exception)\n";
  }
  return ToInt(ExitCode::kFailed);
}

}  // namespace bakery::cli
