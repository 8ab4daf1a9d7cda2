#pragma once
// Builds one image: `packer init` when the template needs plugins and Packer
// has init, then `packer build -machine-readable` with the bakery variables
// the template declares, streamed live (one collapsible group per image in
// Actions, timestamped lines, progress during silences), retried on
// transient AWS failures, and finally every AMI and its snapshots tagged in
// every region with the catalog tags.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/aws/session.h"
#include "common/build/image_tags.h"
#include "common/build/plan.h"
#include "common/cli/step_main.h"
#include "common/packer/runner.h"

namespace bakery::build_step {

struct ImageJob {
  const build::ImageSpec* spec = nullptr;
  std::string fingerprint;
  std::string template_path;                 // relative to working_dir ("." for a directory)
  std::string working_dir;                   // the template's directory: path.root is "."
  std::string repo_root;                     // work tree root (var files are relative to it)
  std::set<std::string> declared_variables;  // from the template
  bool needs_init = false;                   // required_plugins present
  std::map<std::string, std::string> parent_amis;  // region → parent AMI
  std::string version;
  std::string build_id;
};

struct ImageResult {
  bool ok = false;
  bool interrupted = false;
  int forwarded_signal = 0;
  std::map<std::string, std::string> amis;  // region → AMI
  std::string source_ami;
  std::string error;                        // why it failed
  std::vector<std::string> last_lines;      // Packer's last lines, for the annotation
  int attempts = 0;
};

struct RunnerSettings {
  std::string packer = "packer";
  packer::PackerVersion version;
  int retries = 2;                            // transient-failure retries
  std::chrono::seconds retry_delay{15};   // doubled for each further retry
  std::chrono::milliseconds progress_interval{30000};
  std::string tag_prefix = "bakery:";
};

/// The -var values for a job: bakery_version/commit/branch/build_id and the
/// parent variable only when the template declares them (Packer rejects
/// undeclared variables), then the image's configured variables.
std::map<std::string, std::string> PackerVariables(const ImageJob& job, const ci::CiContext& ci);

/// "Found Image ID: ami-…" in Packer's output names the source AMI.
std::string SourceAmiFrom(const std::vector<std::string>& lines);

class ImageRunner {
 public:
  ImageRunner(cli::StepContext& context, aws::AwsSession* session, const ci::CiContext& ci,
              RunnerSettings settings);

  ImageResult Build(const ImageJob& job);

 private:
  packer::PackerBuildSpec Spec(const ImageJob& job) const;
  Result<packer::PackerBuildResult> RunOnce(const ImageJob& job, int attempt,
                                            std::string& source_ami);
  Result<void> TagEverywhere(const ImageJob& job, ImageResult& result);

  cli::StepContext& context_;
  aws::AwsSession* session_;
  const ci::CiContext& ci_;
  RunnerSettings settings_;
};

}  // namespace bakery::build_step
