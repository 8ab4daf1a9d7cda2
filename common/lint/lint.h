#pragma once
// The validate rules over the Packer model: each rule has an id, a default
// severity, a one-line summary and a fix hint (docs/rules.md lists them).
// Findings can be silenced inline with `# bakery:ignore RULE-ID reason` on
// the offending line, or on the line before a block or attribute (then it
// covers the whole block). Severities are configurable per rule.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/base/file_system.h"
#include "common/hcl/source.h"
#include "common/packer/template.h"

namespace bakery::lint {

enum class Severity { kOff, kNote, kWarning, kError };

/// "error", "warning", "note", "off".
std::string_view SeverityName(Severity severity);
/// The severity named `name`, or nullopt.
std::optional<Severity> ParseSeverity(std::string_view name);

struct RuleInfo {
  std::string id;       // "encrypt-boot"
  Severity severity;    // the default
  std::string summary;  // what the rule checks
  std::string hint;     // how to fix a finding
};

/// Every rule, in documentation order.
const std::vector<RuleInfo>& Rules();
/// The rule `id`, or nullptr.
const RuleInfo* FindRule(std::string_view id);

struct Finding {
  std::string rule;
  Severity severity = Severity::kError;
  std::string message;  // never holds a secret value
  hcl::SourceRange range;

  /// "path:line:col: severity: message [rule]" ("path: ..." when the line is unknown, 0).
  std::string Format() const;
  bool operator==(const Finding&) const = default;
};

struct LintOptions {
  /// Per-rule severity overrides (bakery.yml `validate.rules`); kOff disables.
  std::map<std::string, Severity> severities;
  /// Variables supplied from outside the template (bakery.yml, the CI
  /// context, PKR_VAR_* in the environment).
  std::set<std::string> supplied_variables;
  /// deprecate-at is reported only when the config asks for it.
  bool require_deprecate_at = false;
};

/// Runs every rule on `t` (plus its parse and model diagnostics as the
/// rules "syntax" and "template"), applies severities and inline ignores,
/// and returns the findings sorted by file, line and column. `fs` answers
/// whether referenced files exist and reads scripts.
std::vector<Finding> Lint(const packer::Template& t, const LintOptions& options,
                          const FileSystem& fs);

}  // namespace bakery::lint
