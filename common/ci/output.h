#pragma once
// Where a step reports to: one interface, one implementation per CI.
//
//   GitHub Actions: workflow commands on the human stream (annotations,
//     groups, masks), outputs appended to $GITHUB_OUTPUT, markdown appended
//     to $GITHUB_STEP_SUMMARY.
//   CodeBuild: `export KEY='value'` lines in an env file ($BAKERY_ENV_FILE,
//     default .bakery/env) for `exported-variables`; annotations as
//     "path:line:col: error: message" lines; summary to .bakery/summary.md.
//   Terminal / plain logs: compiler-style lines, colour only on a TTY
//     without NO_COLOR; outputs and summary are not persisted.
// The human stream is stdout in text mode and stderr with --output json, so
// stdout then holds only the JSON document.

#include <memory>
#include <ostream>
#include <string>
#include <string_view>

#include "common/base/env.h"
#include "common/base/error.h"
#include "common/base/file_system.h"
#include "common/ci/format.h"
#include "common/ci/platform.h"

namespace bakery::ci {

enum class Severity { kNotice, kWarning, kError };

struct Annotation {
  Severity severity = Severity::kError;
  std::string message;
  std::string file;  // repo-relative path, or empty
  int line = 0, column = 0, end_line = 0, end_column = 0;
  std::string title;
};

class Output {
 public:
  virtual ~Output() = default;
  /// A human line (progress, explanations).
  virtual void Info(std::string_view line) = 0;
  virtual void Annotate(const Annotation& annotation) = 0;
  virtual void BeginGroup(std::string_view title) = 0;
  virtual void EndGroup() = 0;
  /// Hides `secret` from the CI log from now on (GitHub add-mask).
  virtual void Mask(std::string_view secret) = 0;
  /// A step output (`ami-id`); kFailed when the output file cannot be written.
  virtual Result<void> SetOutput(std::string_view name, std::string_view value) = 0;
  /// Appends GitHub-flavoured markdown to the step summary.
  virtual Result<void> AppendSummary(std::string_view markdown) = 0;
};

struct OutputOptions {
  Platform platform = Platform::kLocal;
  bool is_tty = false;            // the human stream is a terminal
  DelimiterSource delimiters = RandomDelimiter;
};

/// The sink for `options.platform`, reading file locations from `env`.
std::unique_ptr<Output> MakeOutput(const OutputOptions& options, const Env& env,
                                   FileSystem& fs, std::ostream& human);

/// "path:line:col: error: message [title]" — the plain annotation line.
std::string PlainAnnotation(const Annotation& annotation, bool colour);

}  // namespace bakery::ci
