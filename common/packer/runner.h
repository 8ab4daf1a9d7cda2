#pragma once
// Running Packer: version detection, `packer init` where it exists (1.7+),
// and `packer build -machine-readable` streamed line by line, with its
// artifacts and errors collected and failures classified as transient
// (worth retrying) or not.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/base/subprocess.h"
#include "common/packer/machine_readable.h"

namespace bakery::packer {

struct PackerVersion {
  int major = 0;
  int minor = 0;
  int patch = 0;
  std::string text;  // "1.6.6"

  /// `packer init` and required_plugins arrived in 1.7.0.
  bool SupportsInit() const { return major > 1 || (major == 1 && minor >= 7); }
};

/// Parses "Packer v1.6.6" (and "1.9.4" / "Packer v1.10.0 (abcdef)").
Result<PackerVersion> ParsePackerVersion(std::string_view text);

/// Runs `packer version`.
Result<PackerVersion> DetectPackerVersion(ProcessRunner& processes, const std::string& packer);

struct PackerBuildSpec {
  std::string packer = "packer";
  std::string template_path;   // a file or a directory of *.pkr.hcl
  std::string working_dir;     // where Packer runs (relative paths in templates)
  std::map<std::string, std::string> variables;  // -var name=value
  std::vector<std::string> var_files;            // -var-file=…
  std::vector<std::string> extra_args;           // packer-args from bakery.yml
  std::map<std::string, std::string> env;        // the child's whole environment
};

struct PackerBuildResult {
  ProcessResult process;
  std::vector<Artifact> artifacts;
  std::vector<std::string> errors;      // ui,error messages, in order
  std::vector<std::string> build_errors;  // one clean message per failed build
  std::vector<std::string> last_lines;  // the last 20 human lines, for annotations
  bool transient = false;               // the failure looks like an AWS hiccup

  bool Succeeded() const { return process.Succeeded(); }
};

/// Called with every line Packer prints: the parsed machine-readable line
/// when it is one, and the human text to show.
using PackerLineCallback = std::function<void(const std::string& human_text)>;

/// The argv of a build (exposed for tests and --verbose).
std::vector<std::string> PackerBuildArgv(const PackerBuildSpec& spec);

/// Runs the build to completion; fails only when Packer cannot be started.
Result<PackerBuildResult> RunPackerBuild(ProcessRunner& processes, const PackerBuildSpec& spec,
                                         const PackerLineCallback& on_line);

/// Runs `packer init` on the template; the error carries Packer's output.
Result<void> RunPackerInit(ProcessRunner& processes, const PackerBuildSpec& spec);

/// True when the error text is an AWS throttling or transient failure
/// (RequestLimitExceeded, InternalError, Unavailable, timeouts, resets).
bool IsTransientPackerFailure(const std::vector<std::string>& error_lines);

}  // namespace bakery::packer
