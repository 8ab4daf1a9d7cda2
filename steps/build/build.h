#pragma once
// bakery-build: plans the image DAG from bakery.yml, skips images whose
// fingerprint already has an AMI, builds the rest with Packer in dependency
// order, tags every AMI and snapshot with its origin, and records the result
// in .bakery/build.json for the later steps.

#include <string>
#include <vector>

#include "common/cli/step_main.h"

namespace bakery::build_step {

struct BuildOptions {
  std::vector<std::string> only;
  bool with_children = false;
  bool force = false;
  std::string max_age;        // "7d"
  bool plan = false;
  std::string format = "text";  // with --plan: text | json | github-matrix
  long retries = 2;
  std::string retry_delay = "15s";  // before the first retry; doubles after
  std::string packer = "packer";
  std::string record = ".bakery/build.json";
};

void DeclareBuildOptions(cli::StepCommand& command, BuildOptions& options);
ExitCode RunBuild(const BuildOptions& options, cli::StepContext& context);
cli::StepSpec BuildStep();

}  // namespace bakery::build_step
