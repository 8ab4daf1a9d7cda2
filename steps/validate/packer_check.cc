// `packer validate` and `packer fmt -check`, their output turned into findings.

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <regex>

#include "common/base/strings.h"
#include "steps/validate/validate.h"

namespace bakery::validate {

namespace fs = std::filesystem;

namespace {

std::string JoinPath(const std::string& dir, const std::string& file) {
  return (fs::path(dir) / file).lexically_normal().string();
}

lint::Finding PackerFinding(const std::string& rule, lint::Severity severity, std::string message,
                            const std::string& path, int line) {
  return {rule, severity, std::move(message), hcl::SourceRange{path, {line, 1, 0}, {line, 1, 0}}};
}

// Packer 1.6 reads required_plugins as an error; its checks would be noise.
bool PackerTooOld(const std::string& version, const packer::Template& t) {
  std::smatch match;
  static const std::regex kVersion(R"(v?(\d+)\.(\d+))");
  if (!std::regex_search(version, match, kVersion)) return false;
  int major = std::stoi(match[1]), minor = std::stoi(match[2]);
  return major == 1 && minor < 7 && !t.RequiredPlugins().empty();
}

}  // namespace

std::string PackerVersion(const ValidateOptions& options, cli::StepContext& context) {
  std::string version;
  ProcessSpec spec{{options.packer, "version"}};
  spec.timeout = std::chrono::seconds(30);
  Result<ProcessResult> result = context.processes.Run(spec);
  if (result && result->Succeeded()) {
    std::string_view first = Trim(result->out.substr(0, result->out.find('\n')));
    version = std::string(first.starts_with("Packer ") ? first.substr(7) : first);
  }
  return version;
}

namespace {

std::vector<std::string> PackerArguments(const Target& target, const std::string& argument) {
  std::vector<std::string> args;
  for (const std::string& file : target.inputs.var_files)
    args.push_back("-var-file=" + fs::absolute(file).lexically_normal().string());
  for (const auto& [name, value] : target.inputs.values) {
    args.push_back("-var");
    args.push_back(name + "=" + value);
  }
  // The parent's AMI is only known at build time; a placeholder lets Packer check the rest.
  if (!target.parent_variable.empty()) {
    args.push_back("-var");
    args.push_back(target.parent_variable + "=ami-00000000000000000");
  }
  args.push_back(argument);
  return args;
}

void RunFmt(const ValidateOptions& options, const std::string& dir, const std::string& argument,
            cli::StepContext& context, Report& report) {
  ProcessSpec spec{{options.packer, "fmt", "-check", argument}};
  spec.cwd = dir;
  spec.timeout = std::chrono::seconds(60);
  Result<ProcessResult> result = context.processes.Run(spec);
  if (!result || result->exit_code != 3) return;
  for (const std::string& line : Split(result->out, '\n')) {
    std::string_view file = Trim(line);
    if (file.empty()) continue;
    report.findings.push_back(PackerFinding("packer-fmt", lint::FindRule("packer-fmt")->severity,
                                            "packer fmt would reformat this file",
                                            JoinPath(dir, std::string(file)), 1));
  }
}

}  // namespace

std::vector<lint::Finding> ParsePackerValidate(const std::string& output, const std::string& dir,
                                               const std::string& template_path) {
  std::vector<lint::Finding> findings;
  static const std::regex kLocation(R"(^\s+on (.+?) line (\d+))");
  lint::Finding* current = nullptr;
  bool detail = false;
  for (const std::string& line : Split(output, '\n')) {
    std::smatch match;
    bool error = line.starts_with("Error: "), warning = line.starts_with("Warning: ");
    if (error || warning) {
      findings.push_back(PackerFinding("packer-validate",
                                       error ? lint::Severity::kError : lint::Severity::kWarning,
                                       line.substr(error ? 7 : 9), template_path, 0));
      current = &findings.back();
      detail = false;
    } else if (current && std::regex_search(line, match, kLocation)) {
      current->range.path = JoinPath(dir, match[1]);
      current->range.start.line = std::stoi(match[2]);
      detail = true;
    } else if (current && detail && !line.empty() && line[0] != ' ') {
      current->message += (current->message.ends_with(":") ? " " : ": ") + line;
      detail = false;
    } else if (line.starts_with("* ")) {  // legacy JSON: "* An ssh_username must be specified"
      findings.push_back(PackerFinding("packer-validate", lint::Severity::kError, line.substr(2),
                                       template_path, 0));
      current = nullptr;
    }
  }
  return findings;
}

void RunPacker(const ValidateOptions& options, const std::string& version, const Target& target,
               const packer::Template& t, cli::StepContext& context, Report& report) {
  if (PackerTooOld(version, t)) {
    report.notes.push_back(
        fmt::format("{}: Packer {} predates required_plugins (1.7): skipping "
                    "packer validate and packer fmt",
                    target.path, version));
    return;
  }
  std::error_code ec;
  bool dir = fs::is_directory(target.path, ec);
  std::string cwd = t.root();
  std::string argument = dir ? "." : fs::path(target.path).filename().string();
  std::vector<std::string> argv{options.packer, "validate"};
  for (std::string& arg : PackerArguments(target, argument)) argv.push_back(std::move(arg));
  ProcessSpec spec{argv};
  spec.cwd = cwd;
  spec.timeout = std::chrono::seconds(120);
  Result<ProcessResult> result = context.processes.Run(spec);
  if (!result) {
    report.notes.push_back(
        fmt::format("packer validate {}: {}", target.path, result.error().message));
    return;
  }
  if (!result->Succeeded()) {
    std::vector<lint::Finding> found =
        ParsePackerValidate(result->out + "\n" + result->err, cwd, target.path);
    if (found.empty()) {
      std::string_view first = Trim(result->err.empty() ? result->out : result->err);
      found.push_back(
          PackerFinding("packer-validate", lint::Severity::kError,
                        fmt::format("packer validate failed ({}): {}", result->Describe(),
                                    first.substr(0, first.find('\n'))),
                        target.path, 0));
    }
    report.findings.insert(report.findings.end(), found.begin(), found.end());
  }
  if (!t.files().empty() && !t.files()[0]->json) RunFmt(options, cwd, argument, context, report);
}

}  // namespace bakery::validate
