#pragma once
// bakery-promote: move a family's image into a channel (the `status` tag)
// in every region where it exists; the previous holder becomes superseded;
// optionally write the AMI id to an SSM parameter per region.

#include <string>

#include "common/cli/step_main.h"

namespace bakery::promote {

struct PromoteOptions {
  std::string family;
  std::string version;
  std::string ami;
  std::string from_build;
  std::string to;
  std::string from;
  std::string ssm_parameter;
};

void DeclarePromoteOptions(cli::StepCommand& command, PromoteOptions& options);
ExitCode RunPromote(const PromoteOptions& options, cli::StepContext& context);
cli::StepSpec PromoteStep();

}  // namespace bakery::promote
