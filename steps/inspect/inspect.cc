#include "steps/inspect/inspect.h"

#include <memory>

#include "steps/inspect/cloud_inspect.h"
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
  command.AddString("ami", &options.ami,
                    "one AMI: details, block devices, tags, launch permissions, ancestry");
  command.AddString("family", &options.family, "a family's images per region, newest first");
  command.AddString("status", &options.status, "with --family: only images with this status");
  command.AddString("max-age", &options.max_age,
                    "with --family: exit 3 when the newest image is older than this (7d)");
  command.AddExample("bakery inspect --family web --status production --max-age 30d",
                     "fail a cron job when production's image is over 30 days old");
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
  if (!options.ami.empty()) return RunAmiInspect(options, context);
  if (!options.family.empty()) return RunFamilyInspect(options, context);
  if (!options.status.empty() || !options.max_age.empty()) {
    context.err << "bakery-inspect: --status and --max-age need --family F\n";
    return ExitCode::kUsage;
  }
  context.err << "bakery-inspect: nothing to inspect: give --manifest FILE, --ami ID, --family F "
                 "or --whoami; see --help\n";
  return ExitCode::kUsage;
}

cli::StepSpec InspectStep() {
  auto options = std::make_shared<InspectOptions>();
  return {"inspect", "Show what an image is: a Packer manifest's AMIs, one AMI, or a family's images.",
          [options](cli::StepCommand& command) { DeclareInspectOptions(command, *options); },
          [options](cli::StepContext& context) { return RunInspect(*options, context); }};
}

}  // namespace bakery::inspect
