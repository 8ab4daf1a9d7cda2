#pragma once
// The command line every step shares (design: "Common options on every step").
//
// A step declares its options on a StepCommand, bound to fields of its own
// options struct. Values come, highest first, from: the flag, BAKERY_<FLAG>,
// INPUT_<FLAG> (GitHub Docker-action inputs), bakery.yml (applied by the step
// for options whose SourceOf() is kDefault), the default. Unknown flags are
// answered with "did you mean". CLI11 stays inside step_command.cc.

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "common/base/env.h"
#include "common/base/error.h"

namespace bakery::cli {

enum class OutputFormat { kText, kJson };

/// Options every step has.
struct CommonOptions {
  std::string config_path = "bakery.yml";
  bool config_given = false;  // --config was set explicitly (then it must exist)
  std::vector<std::string> regions;
  std::string profile;
  OutputFormat output = OutputFormat::kText;
  bool verbose = false;
  std::string commit;  // overrides the CI-detected commit
  std::string branch;  // overrides the CI-detected branch
};

/// Where an option's value came from.
enum class ValueSource { kDefault, kFlag, kBakeryEnv, kInputEnv };

struct Example {
  std::string command;
  std::string explanation;
};

/// What Parse() decided.
enum class ParseOutcome { kRun, kExitOk, kExitUsage };

class StepCommand {
 public:
  /// `step` is the name after "bakery-"; `summary` one line for --help.
  StepCommand(std::string step, std::string summary);
  ~StepCommand();

  void AddExample(std::string command, std::string explanation);

  // Declarations: `name` without dashes ("max-age"). Help texts say what the
  // option does and its default.
  void AddFlag(const std::string& name, bool* target, const std::string& help);
  void AddString(const std::string& name, std::string* target, const std::string& help);
  void AddInt(const std::string& name, long* target, const std::string& help);
  /// Repeatable and comma-separated: --region a --region b,c.
  void AddList(const std::string& name, std::vector<std::string>* target,
               const std::string& help);
  /// Positional arguments after the options.
  void AddPositionals(const std::string& name, std::vector<std::string>* target,
                      const std::string& help);
  /// Restricts a string option to `choices` (checked after all sources).
  void SetChoices(const std::string& name, std::vector<std::string> choices);

  /// Parses argv and the environment into the bound targets and `common`.
  /// --help/--version print to `out`; errors print one line to `err`.
  ParseOutcome Parse(int argc, const char* const* argv, const Env& env, CommonOptions& common,
                     std::ostream& out, std::ostream& err);

  /// Where `name`'s value came from (kDefault when nothing set it).
  ValueSource SourceOf(const std::string& name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// "max-age" -> "BAKERY_MAX_AGE".
std::string BakeryEnvName(const std::string& option);

}  // namespace bakery::cli
