#include "steps/validate/validate.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <tuple>

#include "common/base/strings.h"

namespace bakery::validate {

namespace {

bool IsVarFile(const std::string& path) {
  return path.ends_with(".pkrvars.hcl") || path.ends_with(".pkrvars.json");
}

// A var file given as a PATH: parsed for its syntax only.
void CheckVarFile(const std::string& path, Report& report) {
  Result<packer::TemplateFile> file = packer::ReadTemplateFile(path);
  if (!file) {
    report.notes.push_back(file.error().ToString());
    report.unusable = true;
    return;
  }
  report.templates.push_back(path);
  for (const hcl::Diagnostic& d : file->parsed.diagnostics) {
    report.findings.push_back({"syntax", lint::Severity::kError,
                               d.detail.empty() ? d.summary : d.summary + "; " + d.detail,
                               d.range});
  }
}

void CheckParentVariable(const Target& target, const packer::Template& t, Report& report) {
  if (target.parent_variable.empty()) return;
  std::vector<std::string> declared = t.DeclaredVariables();
  if (std::find(declared.begin(), declared.end(), target.parent_variable) != declared.end()) return;
  report.findings.push_back(
      {"parent-variable", lint::FindRule("parent-variable")->severity,
       fmt::format("images.{}: the parent's AMI is passed as variable \"{}\", which {} does not "
                   "declare{}",
                   target.image, target.parent_variable, target.path,
                   DidYouMean(target.parent_variable, declared)),
       hcl::SourceRange{target.config_path, {target.image_line, 1, 0}, {target.image_line, 1, 0}}});
}

void CheckTarget(const ValidateOptions& options, const std::string& packer_version,
                 const Target& target, cli::StepContext& context, Report& report) {
  if (IsVarFile(target.path)) return CheckVarFile(target.path, report);
  Result<packer::Template> t = packer::Template::Load(target.path, target.inputs);
  if (!t) {
    report.notes.push_back(t.error().ToString());
    report.unusable = true;
    return;
  }
  report.templates.push_back(target.path);
  size_t first = report.findings.size();
  for (lint::Finding& finding : lint::Lint(*t, target.lint, context.fs))
    report.findings.push_back(std::move(finding));
  CheckParentVariable(target, *t, report);
  if (!options.no_packer && !packer_version.empty())
    RunPacker(options, packer_version, target, *t, context, report);
  // Severities apply to bakery.yml and Packer findings too.
  for (size_t i = first; i < report.findings.size(); ++i) {
    auto it = target.lint.severities.find(report.findings[i].rule);
    if (it != target.lint.severities.end()) report.findings[i].severity = it->second;
  }
}

void SortAndDeduplicate(std::vector<lint::Finding>& findings) {
  std::erase_if(findings,
                [](const lint::Finding& f) { return f.severity == lint::Severity::kOff; });
  auto key = [](const lint::Finding& f) {
    return std::tie(f.range.path, f.range.start.line, f.range.start.column, f.rule, f.message);
  };
  std::stable_sort(findings.begin(), findings.end(),
                   [&](const auto& a, const auto& b) { return key(a) < key(b); });
  findings.erase(std::unique(findings.begin(), findings.end(),
                             [&](const auto& a, const auto& b) { return key(a) == key(b); }),
                 findings.end());
}

ci::Severity CiSeverity(lint::Severity severity) {
  if (severity == lint::Severity::kError) return ci::Severity::kError;
  if (severity == lint::Severity::kWarning) return ci::Severity::kWarning;
  return ci::Severity::kNotice;
}

void Emit(const ValidateOptions& options, const Report& report, cli::StepContext& context) {
  if (options.format == "sarif") context.out << ToSarif(report);
  if (options.format == "json") context.out << ToJson(report);
  for (const std::string& note : report.notes) context.err << "bakery-validate: " << note << "\n";
  if (options.format != "text") return;
  int errors = 0, warnings = 0;
  for (const lint::Finding& f : report.findings) {
    errors += f.severity == lint::Severity::kError;
    warnings += f.severity == lint::Severity::kWarning;
    context.ci.Annotate({CiSeverity(f.severity), f.message, f.range.path, f.range.start.line,
                         f.range.start.column, 0, 0, f.rule});
  }
  if (report.unusable) return;  // the error on stderr says it all
  context.ci.Info(fmt::format("{} {} checked: {} {}, {} {}", report.templates.size(),
                              report.templates.size() == 1 ? "template" : "templates", errors,
                              errors == 1 ? "error" : "errors", warnings,
                              warnings == 1 ? "warning" : "warnings"));
}

ExitCode ExitFor(const ValidateOptions& options, const Report& report) {
  if (report.unusable) return ExitCode::kUsage;
  for (const lint::Finding& f : report.findings) {
    if (f.severity == lint::Severity::kError) return ExitCode::kFailed;
    if (options.strict && f.severity == lint::Severity::kWarning) return ExitCode::kFailed;
  }
  return ExitCode::kOk;
}

}  // namespace

void DeclareValidateOptions(cli::StepCommand& command, ValidateOptions& options) {
  command.AddPositionals("path", &options.paths,
                         "templates (a *.pkr.hcl/*.pkr.json/legacy *.json file or a directory) "
                         "and var files; default: every template in bakery.yml, else the current "
                         "directory");
  command.AddString("format", &options.format, "text (annotations in CI), json or sarif");
  command.SetChoices("format", {"text", "json", "sarif"});
  command.AddFlag("strict", &options.strict, "exit 1 on warnings too");
  command.AddFlag("no-packer", &options.no_packer, "skip packer validate and packer fmt -check");
  command.AddString("packer", &options.packer, "the Packer binary (default: packer on PATH)");
  command.AddList("var", &options.vars, "NAME=VALUE for a template variable (repeatable)");
  command.AddList("var-file", &options.var_files, "a *.pkrvars.hcl file (repeatable)");
  command.AddFlag("require-deprecate-at", &options.require_deprecate_at,
                  "report AMI sources without deprecate_at (also validate.require-deprecate-at)");
  command.AddExample("bakery validate", "every template of bakery.yml, with Packer's own checks");
  command.AddExample("bakery validate --no-packer packer/web", "one template, bakery's rules only");
  command.AddExample("bakery validate --format sarif > validate.sarif",
                     "a SARIF file for GitHub code scanning");
}

ExitCode RunValidate(const ValidateOptions& options, cli::StepContext& context) {
  for (const std::string& pair : options.vars) {
    if (pair.find('=') == std::string::npos || pair.starts_with("=")) {
      context.err << fmt::format("bakery-validate: --var {}: expected NAME=VALUE\n", pair);
      return ExitCode::kUsage;
    }
  }
  ValidateOptions effective = options;
  if (context.common.output == cli::OutputFormat::kJson && options.format == "text")
    effective.format = "json";
  Report report;
  std::vector<Target> targets = CollectTargets(effective, context, report);
  std::string packer_version = effective.no_packer ? "" : PackerVersion(effective, context);
  if (!effective.no_packer && packer_version.empty() && !targets.empty())
    report.notes.push_back(
        fmt::format("{} cannot be run: skipping packer validate and packer fmt "
                    "(--no-packer silences this)",
                    effective.packer));
  for (const Target& target : targets)
    CheckTarget(effective, packer_version, target, context, report);
  SortAndDeduplicate(report.findings);
  Emit(effective, report, context);
  return ExitFor(effective, report);
}

cli::StepSpec ValidateStep() {
  auto options = std::make_shared<ValidateOptions>();
  return {"validate",
          "Check Packer templates and bakery.yml: parse, lint, packer validate and packer fmt.",
          [options](cli::StepCommand& command) { DeclareValidateOptions(command, *options); },
          [options](cli::StepContext& context) { return RunValidate(*options, context); }};
}

}  // namespace bakery::validate
