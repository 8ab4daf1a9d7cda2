#include "steps/inspect/inspect.h"

#include <memory>

#include "steps/inspect/manifest_inspect.h"
#include "steps/inspect/whoami.h"

namespace bakery::inspect {

void DeclareInspectOptions(cli::StepCommand& command, InspectOptions& options) {
  command.AddString("manifest", &options.manifest,
                    "a Packer manifest (manifest post-processor output) to read");
  command.AddString("build", &options.build,
                    "with --manifest: only this build (source label or type.label)");
  command.AddFlag("whoami", &options.whoami,
                  "print the AWS region, endpoints and credential source bakery resolved, and "
                  "the caller identity (never a secret)");
  command.AddExample("bakery inspect --whoami", "check which account and region a job talks to");
  command.AddExample("bakery inspect --manifest packer-manifest.json",
                     "every build of the last Packer run with its AMI per region");
  command.AddExample("bakery inspect --manifest packer-manifest.json --build web --region eu-west-1",
                     "the AMI of build 'web' in eu-west-1; sets the ami-id output in Actions");
  command.AddExample("bakery inspect --manifest packer-manifest.json --output json | jq .",
                     "the same as a JSON document");
}

ExitCode RunInspect(const InspectOptions& options, cli::StepContext& context) {
  if (options.whoami) return RunWhoami(context);
  if (!options.manifest.empty()) return RunManifestInspect(options, context);
  context.err << "bakery-inspect: nothing to inspect: give --manifest FILE or --whoami; see "
                 "--help\n";
  return ExitCode::kUsage;
}

cli::StepSpec InspectStep() {
  auto options = std::make_shared<InspectOptions>();
  return {"inspect", "Show what an image is: the AMIs of a Packer manifest.",
          [options](cli::StepCommand& command) { DeclareInspectOptions(command, *options); },
          [options](cli::StepContext& context) { return RunInspect(*options, context); }};
}

}  // namespace bakery::inspect
