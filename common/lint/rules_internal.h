#pragma once
// What the rule implementations share (not a public API).

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/file_system.h"
#include "common/hcl/ast.h"
#include "common/lint/lint.h"
#include "common/packer/template.h"

namespace bakery::lint::internal {

/// What a rule sees, and where it reports.
struct RuleContext {
  const packer::Template& t;
  const LintOptions& options;
  const FileSystem& fs;
  std::vector<Finding>& out;

  void Report(std::string_view rule, const hcl::SourceRange& range, std::string message) const;
};

using RuleFn = void (*)(const RuleContext&);

/// Calls `fn` on `expr` and every expression inside it.
void Walk(const hcl::Expression& expr, const std::function<void(const hcl::Expression&)>& fn);

/// The attribute's expression, or nullptr.
const hcl::Expression* Attr(const hcl::Body& body, std::string_view name);

/// True when `expr` (following local.* references into their definitions)
/// calls one of `calls`, refers to a root in `roots` (e.g. "build"), or
/// names a variable, local or object key containing one of `words`
/// (case-insensitive).
bool Mentions(const packer::Template& t, const hcl::Expression& expr,
              const std::vector<std::string>& calls, const std::vector<std::string>& roots,
              const std::vector<std::string>& words);

/// Every literal text in `expr` (template literals, string literals), joined by newlines.
std::string LiteralTexts(const hcl::Expression& expr);

/// The source blocks a build uses (inline overrides resolved to their source).
std::vector<const packer::PluginBlock*> BuildSources(const packer::Template& t,
                                                     const packer::Build& build);

/// True for sources that boot a cloud image running cloud-init on Linux.
bool IsLinuxCloudSource(const packer::Template& t, const packer::PluginBlock& source);

/// The text a shell provisioner runs: its inline commands and the content
/// of its scripts that exist.
std::string ShellText(const RuleContext& context, const hcl::Block& provisioner);

// The rules, grouped by what they look at.
void CheckCloudInitWait(const RuleContext& context);
void CheckCleanup(const RuleContext& context);
void CheckMissingFiles(const RuleContext& context);
void CheckOnlyExcept(const RuleContext& context);
void CheckRequiredVariables(const RuleContext& context);
void CheckEncryptBoot(const RuleContext& context);
void CheckAmiFilter(const RuleContext& context);
void CheckAmiName(const RuleContext& context);
void CheckTags(const RuleContext& context);
void CheckDeprecateAt(const RuleContext& context);
void CheckSecrets(const RuleContext& context);
void CheckSensitiveDefaults(const RuleContext& context);
void CheckPluginVersions(const RuleContext& context);

/// Positions of `# bakery:ignore RULE reason` comments, applied to findings.
void ApplyIgnores(const packer::Template& t, std::vector<Finding>& findings);

}  // namespace bakery::lint::internal
