// Which templates to check, and the bakery.yml checks.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "common/base/strings.h"
#include "common/config/config.h"
#include "steps/validate/validate.h"

namespace bakery::validate {

namespace fs = std::filesystem;

namespace {

std::string Normal(const std::string& path) {
  std::string out = fs::path(path).lexically_normal().string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return out.empty() ? "." : out;
}

lint::Finding ConfigFinding(const std::string& rule, const std::string& path, int line, int column,
                            std::string message) {
  return {rule, lint::FindRule(rule)->severity, std::move(message),
          hcl::SourceRange{path, {line, column, 0}, {line, column, 0}}};
}

// Variables the environment supplies to Packer (PKR_VAR_name).
std::set<std::string> EnvironmentVariables(const Env& env) {
  std::set<std::string> names;
  for (const auto& [key, value] : env.All()) {
    if (key.starts_with("PKR_VAR_") && key.size() > 8) names.insert(key.substr(8));
  }
  return names;
}

lint::LintOptions BaseLintOptions(const ValidateOptions& options, cli::StepContext& context) {
  lint::LintOptions lint;
  lint.supplied_variables = EnvironmentVariables(context.env);
  lint.require_deprecate_at = options.require_deprecate_at;
  return lint;
}

packer::VariableInputs CommandLineInputs(const ValidateOptions& options) {
  packer::VariableInputs inputs;
  inputs.var_files = options.var_files;
  for (const std::string& pair : options.vars) {
    size_t equals = pair.find('=');
    if (equals == std::string::npos) continue;  // rejected in RunValidate
    inputs.values.emplace_back(pair.substr(0, equals), pair.substr(equals + 1));
  }
  return inputs;
}

void ApplySeverities(const config::Config& config, lint::LintOptions& lint, Report& report) {
  for (const auto& [rule, name] : config.rule_severities) {
    std::optional<lint::Severity> severity = lint::ParseSeverity(name);
    std::vector<std::string> ids;
    for (const lint::RuleInfo& info : lint::Rules()) ids.push_back(info.id);
    if (!lint::FindRule(rule)) {
      report.findings.push_back(ConfigFinding(
          "config", config.path, 0, 0,
          fmt::format("validate.rules: unknown rule \"{}\"{}", rule, DidYouMean(rule, ids))));
    } else if (!severity) {
      report.findings.push_back(ConfigFinding(
          "config", config.path, 0, 0,
          fmt::format("validate.rules.{}: unknown severity \"{}\" (error, warning, note, off)",
                      rule, name)));
    } else {
      lint.severities[rule] = *severity;
    }
  }
  lint.require_deprecate_at = lint.require_deprecate_at || config.require_deprecate_at;
}

// Reports each parent cycle once, at the image whose name sorts first in it.
void CheckParentCycles(const config::Config& config, Report& report) {
  for (const config::ImageConfig& image : config.images) {
    std::vector<std::string> chain{image.name};
    const config::ImageConfig* at = &image;
    while (at && !at->parent.empty() && chain.size() <= config.images.size()) {
      chain.push_back(at->parent);
      if (at->parent == image.name) break;
      at = config.FindImage(at->parent);
    }
    if (chain.back() != image.name || chain.size() < 2) continue;
    if (*std::min_element(chain.begin(), chain.end()) != image.name) continue;
    report.findings.push_back(
        ConfigFinding("config", config.path, image.line, 1,
                      fmt::format("images.{}.parent: the parents form a cycle: {}", image.name,
                                  Join(chain, " -> "))));
  }
}

std::vector<Target> ConfigTargets(const config::Config& config, const ValidateOptions& options,
                                  cli::StepContext& context, Report& report) {
  lint::LintOptions base = BaseLintOptions(options, context);
  ApplySeverities(config, base, report);
  CheckParentCycles(config, report);
  std::vector<Target> targets;
  for (const config::ImageConfig& image : config.images) {
    std::string path = Normal((fs::path(config.directory) / image.template_path).string());
    std::error_code ec;
    if (!fs::exists(path, ec)) {
      report.findings.push_back(
          ConfigFinding("config", config.path, image.line, 1,
                        fmt::format("images.{}.template: {} does not exist", image.name, path)));
      continue;
    }
    Target target{path, image.name, CommandLineInputs(options), base};
    // bakery.yml's var files and variables come first: the command line wins.
    std::vector<std::string> var_files;
    for (const std::string& file : image.var_files)
      var_files.push_back(Normal((fs::path(config.directory) / file).string()));
    target.inputs.var_files.insert(target.inputs.var_files.begin(), var_files.begin(),
                                   var_files.end());
    std::vector<std::pair<std::string, std::string>> values(image.variables.begin(),
                                                            image.variables.end());
    target.inputs.values.insert(target.inputs.values.begin(), values.begin(), values.end());
    for (const auto& [name, value] : image.variables) target.lint.supplied_variables.insert(name);
    if (!image.parent.empty()) {
      target.lint.supplied_variables.insert(image.parent_variable);
      target.parent_variable = image.parent_variable;
      target.config_path = config.path;
      target.image_line = image.line;
    }
    targets.push_back(std::move(target));
  }
  return targets;
}

}  // namespace

std::vector<Target> CollectTargets(const ValidateOptions& options, cli::StepContext& context,
                                   Report& report) {
  const std::string& config_path = context.common.config_path;
  std::optional<config::Config> config;
  if (context.common.config_given || context.fs.Exists(config_path)) {
    Result<config::Config> loaded = config::LoadConfig(context.fs, config_path, /*required=*/true);
    if (!loaded) {
      const Error& error = loaded.error();
      SourceLocation where = error.location.value_or(SourceLocation{config_path});
      report.findings.push_back(
          ConfigFinding("config", where.path, where.line, where.column, error.message));
      report.unusable = true;
      return {};
    }
    config = std::move(*loaded);
  }
  if (options.paths.empty() && config) return ConfigTargets(*config, options, context, report);
  lint::LintOptions lint = BaseLintOptions(options, context);
  if (config) ApplySeverities(*config, lint, report);
  std::vector<Target> targets;
  for (const std::string& path :
       options.paths.empty() ? std::vector<std::string>{"."} : options.paths)
    targets.push_back({Normal(path), "", CommandLineInputs(options), lint});
  return targets;
}

}  // namespace bakery::validate
