#include "common/cli/step_main.h"

#include <exception>
#include <iostream>

#include <unistd.h>

namespace bakery::cli {

int RunStep(const StepSpec& spec, int argc, const char* const* argv, StepIo& io) {
  StepCommand command(spec.name, spec.summary);
  if (spec.declare) spec.declare(command);
  CommonOptions common;
  switch (command.Parse(argc, argv, io.env, common, io.out, io.err)) {
    case ParseOutcome::kExitOk: return ToInt(ExitCode::kOk);
    case ParseOutcome::kExitUsage: return ToInt(ExitCode::kUsage);
    case ParseOutcome::kRun: break;
  }
  // With --output json stdout carries only the document; people read stderr.
  const bool json = common.output == OutputFormat::kJson;
  std::ostream& human = json ? io.err : io.out;
  ci::OutputOptions output_options{ci::DetectPlatform(io.env), json ? io.err_is_tty : io.out_is_tty,
                                   io.delimiters};
  auto output = ci::MakeOutput(output_options, io.env, io.fs, human);
  StepContext context{io.env, io.fs, io.clock, io.processes, io.out, io.err, *output,
                      std::move(common)};
  context.source_of = [&command](const std::string& name) { return command.SourceOf(name); };
  return ToInt(spec.run(context));
}

int RunStepMain(const StepSpec& spec, int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  try {
    ProcessEnv env;
    RealFileSystem fs;
    SystemClock clock;
    PosixProcessRunner processes;
    StepIo io{env, fs, clock, processes, std::cout, std::cerr, ::isatty(1) == 1,
              ::isatty(2) == 1};
    int code = RunStep(spec, argc, argv, io);
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
