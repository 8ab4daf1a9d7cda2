#pragma once
// bakery-validate [PATH...]: parses every template and var file, checks
// bakery.yml, runs the lint rules, then `packer validate` and `packer fmt
// -check` when Packer is present, and reports the merged findings as
// compiler-style lines, GitHub annotations, SARIF or JSON.
// Exit: 0 clean, 1 errors (warnings too with --strict), 2 unusable input.

#include <string>
#include <vector>

#include "common/cli/step_main.h"
#include "common/lint/lint.h"

namespace bakery::validate {

struct ValidateOptions {
  std::vector<std::string> paths;  // templates (files or directories) and var files
  std::string format = "text";     // text | json | sarif
  bool strict = false;
  bool no_packer = false;
  std::string packer = "packer";  // the Packer binary
  std::vector<std::string> vars;  // NAME=VALUE
  std::vector<std::string> var_files;
  bool require_deprecate_at = false;
};

/// One template to check, with what supplies its variables.
struct Target {
  std::string path;               // file or directory, as reported
  std::string image;              // the bakery.yml image, or empty
  packer::VariableInputs inputs;  // var files and -var values
  lint::LintOptions lint;         // severities, supplied variables
  std::string parent_variable;    // the image has a parent: the variable it gets
  std::string config_path;        // bakery.yml, when parent_variable is set
  int image_line = 0;             // the image's line in bakery.yml
};

/// Everything found, and whether the input was usable at all.
struct Report {
  std::vector<lint::Finding> findings;  // sorted, without duplicates
  std::vector<std::string> templates;   // the paths checked
  bool unusable = false;                // exit 2
  std::vector<std::string> notes;       // human lines (Packer skipped, ...)
};

void DeclareValidateOptions(cli::StepCommand& command, ValidateOptions& options);

/// Runs validate; the exit code as above.
ExitCode RunValidate(const ValidateOptions& options, cli::StepContext& context);

cli::StepSpec ValidateStep();

// Pieces, exposed for tests.

/// The targets from PATHs, else bakery.yml, else the current directory;
/// bakery.yml problems become findings of the rules "config" and
/// "parent-variable" in `report`.
std::vector<Target> CollectTargets(const ValidateOptions& options, cli::StepContext& context,
                                   Report& report);

/// Runs `packer validate` and `packer fmt -check` (Packer `version`) on `target` and adds
/// their findings (rules packer-validate, packer-fmt) to `report`.
void RunPacker(const ValidateOptions& options, const std::string& version, const Target& target,
               const packer::Template& t, cli::StepContext& context, Report& report);

/// `packer version` ("1.6.6", "v1.9.4"), or "" when Packer cannot be run.
std::string PackerVersion(const ValidateOptions& options, cli::StepContext& context);

/// Findings from `packer validate` output (HCL diagnostics "Error: ...
/// on FILE line N" or plain text), paths joined to `dir`.
std::vector<lint::Finding> ParsePackerValidate(const std::string& output, const std::string& dir,
                                               const std::string& template_path);

/// The SARIF 2.1.0 document of `report`.
std::string ToSarif(const Report& report);
/// The JSON document of `report`.
std::string ToJson(const Report& report);

}  // namespace bakery::validate
