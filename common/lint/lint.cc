#include "common/lint/lint.h"

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

#include "common/lint/rules_internal.h"

namespace bakery::lint {

namespace {

struct RuleEntry {
  RuleInfo info;
  internal::RuleFn check;  // null for rules reported elsewhere (syntax, template, packer)
};

const std::vector<RuleEntry>& Registry() {
  using namespace internal;
  static const auto* registry = new std::vector<RuleEntry>{
      {{"syntax", Severity::kError, "the file does not parse as HCL2, HCL JSON or legacy JSON",
        "fix the syntax at the position given; `packer fmt` shows the same error"},
       nullptr},
      {{"template", Severity::kError,
        "the template is inconsistent: a duplicate variable, a build source that is not declared",
        "declare the source or variable, or fix the reference"},
       nullptr},
      {{"cloud-init-wait", Severity::kWarning,
        "on a cloud image, the first shell provisioner does not wait for cloud-init",
        "start the first shell provisioner with `cloud-init status --wait` (or wait for "
        "/var/lib/cloud/instance/boot-finished)"},
       CheckCloudInitWait},
      {{"cleanup-missing", Severity::kWarning,
        "the last shell provisioner does not clean up package caches, shell history, "
        "authorized keys and the machine-id",
        "end with a shell provisioner running e.g. `apt-get clean`, `cloud-init clean`, "
        "`truncate -s 0 /etc/machine-id`, `rm -f ~/.ssh/authorized_keys ~/.bash_history`"},
       CheckCleanup},
      {{"encrypt-boot", Severity::kWarning,
        "an EBS-backed AMI is not built with encrypt_boot = true",
        "set `encrypt_boot = true` (and `kms_key_id` for a customer-managed key)"},
       CheckEncryptBoot},
      {{"ami-filter-owners", Severity::kError, "a source AMI filter has no `owners`",
        "add `owners = [\"<account id>\"]` of the publisher (e.g. 099720109477 for Canonical)"},
       CheckAmiFilter},
      {{"ami-filter-most-recent", Severity::kWarning,
        "a source AMI filter does not set `most_recent = true`",
        "add `most_recent = true` to the filter"},
       nullptr},
      {{"ami-name-unique", Severity::kError,
        "`ami_name` cannot be unique per build: no timestamp, version or build variable",
        "include `${formatdate(\"YYYYMMDDhhmmss\", timestamp())}` or a version/commit variable"},
       CheckAmiName},
      {{"tags-version", Severity::kWarning, "the image tags carry no version or commit",
        "add tags such as `Version = var.version` and `Commit = var.git_commit`"},
       CheckTags},
      {{"hardcoded-secret", Severity::kError,
        "a password, token, key or AWS access key id is written into the template",
        "pass it in a sensitive variable without a default (PKR_VAR_name from a CI secret) or "
        "read it from a secrets manager data source"},
       CheckSecrets},
      {{"sensitive-default", Severity::kWarning, "a sensitive variable has a default value",
        "remove the default and supply the value from CI (PKR_VAR_name)"},
       CheckSensitiveDefaults},
      {{"missing-file", Severity::kError,
        "a provisioner file, script, playbook or role path does not exist",
        "fix the path: relative paths are resolved from the template directory (path.root)"},
       CheckMissingFiles},
      {{"required-variable", Severity::kError,
        "a variable without a default is supplied by neither a var file, bakery.yml nor the CI "
        "context",
        "give it a default, a *.auto.pkrvars.hcl value, or PKR_VAR_name"},
       CheckRequiredVariables},
      {{"build-only-unknown", Severity::kError,
        "an `only`/`except` name matches no source of its build",
        "use the source's `type.name` as listed in the build's sources"},
       CheckOnlyExcept},
      {{"plugin-version", Severity::kWarning, "a required plugin has no version constraint",
        "add `version = \">= X.Y.Z, < N.0.0\"` to the plugin in required_plugins"},
       CheckPluginVersions},
      {{"deprecate-at", Severity::kWarning,
        "an AMI source sets no `deprecate_at` (only when bakery.yml asks for it)",
        "set `deprecate_at = timeadd(timestamp(), \"8760h\")`"},
       CheckDeprecateAt},
      {{"config", Severity::kError,
        "bakery.yml is unusable or inconsistent: an unknown key, a missing template, a parent "
        "cycle, an unknown severity",
        "fix bakery.yml at the position given (docs/config.md)"},
       nullptr},
      {{"parent-variable", Severity::kError,
        "an image has a parent, but its template does not declare the variable the parent's AMI "
        "is passed in",
        "declare `variable \"source_ami\" { type = string }` in the child "
        "template, or set `parent-variable` to the name it declares"},
       nullptr},
      {{"packer-validate", Severity::kError, "`packer validate` rejects the template",
        "run `packer validate` locally for the full message"},
       nullptr},
      {{"packer-fmt", Severity::kWarning, "the file is not formatted as `packer fmt` formats it",
        "run `packer fmt` on the file"},
       nullptr},
  };
  return *registry;
}

void AddDiagnostics(const packer::Template& t, std::vector<Finding>& out) {
  size_t parse_count = 0;
  for (const auto* list : {&t.files(), &t.var_files()}) {
    for (const auto& file : *list) parse_count += file->parsed.diagnostics.size();
  }
  for (size_t i = 0; i < t.diagnostics().size(); ++i) {
    const hcl::Diagnostic& d = t.diagnostics()[i];
    std::string message = d.detail.empty() ? d.summary : d.summary + "; " + d.detail;
    const char* rule = i < parse_count ? "syntax" : "template";
    out.push_back({rule,
                   d.severity == hcl::Severity::kError ? Severity::kError : Severity::kWarning,
                   std::move(message), d.range});
  }
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kOff:
      return "off";
    case Severity::kNote:
      return "note";
    case Severity::kWarning:
      return "warning";
    case Severity::kError:
      return "error";
  }
  return "error";
}

std::optional<Severity> ParseSeverity(std::string_view name) {
  for (Severity s : {Severity::kOff, Severity::kNote, Severity::kWarning, Severity::kError}) {
    if (SeverityName(s) == name) return s;
  }
  return std::nullopt;
}

const std::vector<RuleInfo>& Rules() {
  static const auto* rules = [] {
    auto* out = new std::vector<RuleInfo>;
    for (const RuleEntry& entry : Registry()) out->push_back(entry.info);
    return out;
  }();
  return *rules;
}

const RuleInfo* FindRule(std::string_view id) {
  for (const RuleInfo& rule : Rules()) {
    if (rule.id == id) return &rule;
  }
  return nullptr;
}

std::string Finding::Format() const {
  std::string where = range.path;
  if (range.start.line > 0) where += fmt::format(":{}:{}", range.start.line, range.start.column);
  return fmt::format("{}: {}: {} [{}]", where, SeverityName(severity), message, rule);
}

std::vector<Finding> Lint(const packer::Template& t, const LintOptions& options,
                          const FileSystem& fs) {
  std::vector<Finding> findings;
  AddDiagnostics(t, findings);
  internal::RuleContext context{t, options, fs, findings};
  for (const RuleEntry& entry : Registry()) {
    if (entry.check) entry.check(context);
  }
  internal::ApplyIgnores(t, findings);
  for (Finding& finding : findings) {
    auto it = options.severities.find(finding.rule);
    if (it != options.severities.end()) finding.severity = it->second;
  }
  std::erase_if(findings, [](const Finding& f) { return f.severity == Severity::kOff; });
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
    return std::tie(a.range.path, a.range.start.line, a.range.start.column) <
           std::tie(b.range.path, b.range.start.line, b.range.start.column);
  });
  return findings;
}

}  // namespace bakery::lint
