#pragma once
// bakery-inspect: what an image is. Modes:
//   --manifest FILE [--build NAME]   the AMIs of a Packer manifest's last run
//   --whoami                          the resolved AWS region, endpoints, credentials
//   --ami ID                          one image: details, permissions, ancestry
//   --family F [--status S] [--max-age DUR]   a family's images per region

#include <string>

#include "common/cli/step_main.h"

namespace bakery::inspect {

struct InspectOptions {
  std::string manifest;
  std::string build;
  bool whoami = false;
  std::string ami;
  std::string family;
  std::string status;
  std::string max_age;
};

/// Declares the options on `command`, bound to `options`.
void DeclareInspectOptions(cli::StepCommand& command, InspectOptions& options);

/// Runs the mode the options select.
ExitCode RunInspect(const InspectOptions& options, cli::StepContext& context);

/// The StepSpec main() runs (owns its options).
cli::StepSpec InspectStep();

}  // namespace bakery::inspect
