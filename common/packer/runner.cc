#include "common/packer/runner.h"

#include <array>
#include <charconv>
#include <deque>

#include <fmt/format.h>

#include "common/base/strings.h"

namespace bakery::packer {
namespace {

constexpr size_t kKeptLines = 20;

// What a human would have seen without -machine-readable.
std::string HumanText(const MachineReadableLine& line) {
  if (line.type == "ui" && line.data.size() >= 2) return line.data[1];
  if (line.type == "error" && !line.data.empty()) return "error: " + line.data[0];
  return "";
}

bool ParseInt(std::string_view text, int& out) {
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

}  // namespace

Result<PackerVersion> ParsePackerVersion(std::string_view text) {
  std::string_view rest = Trim(text);
  if (rest.starts_with("Packer ")) rest.remove_prefix(7);
  if (rest.starts_with("v")) rest.remove_prefix(1);
  rest = rest.substr(0, rest.find_first_of(" \n("));
  std::vector<std::string> parts = Split(rest, '.');
  PackerVersion version;
  if (parts.size() < 2 || !ParseInt(parts[0], version.major) || !ParseInt(parts[1], version.minor) ||
      (parts.size() > 2 && !ParseInt(parts[2].substr(0, parts[2].find('-')), version.patch))) {
    return Fail(ErrorKind::kFailed, "cannot read Packer's version from \"{}\"", Trim(text));
  }
  version.text = std::string(rest);
  return version;
}

Result<PackerVersion> DetectPackerVersion(ProcessRunner& processes, const std::string& packer) {
  Result<ProcessResult> ran = processes.Run({.argv = {packer, "version"}});
  if (!ran) return std::unexpected(std::move(ran.error()));
  if (!ran->Succeeded()) {
    return Fail(ErrorKind::kFailed, "`{} version` failed ({}): {}", packer, ran->Describe(),
                Trim(ran->err));
  }
  return ParsePackerVersion(Split(ran->out, '\n')[0]);
}

std::vector<std::string> PackerBuildArgv(const PackerBuildSpec& spec) {
  std::vector<std::string> argv = {spec.packer, "build", "-machine-readable", "-color=false"};
  for (const auto& [name, value] : spec.variables) {
    argv.push_back("-var");
    argv.push_back(name + "=" + value);
  }
  for (const std::string& file : spec.var_files) argv.push_back("-var-file=" + file);
  argv.insert(argv.end(), spec.extra_args.begin(), spec.extra_args.end());
  argv.push_back(spec.template_path);
  return argv;
}

Result<PackerBuildResult> RunPackerBuild(ProcessRunner& processes, const PackerBuildSpec& spec,
                                         const PackerLineCallback& on_line) {
  MachineReadableParser parser;
  std::deque<std::string> last;
  auto remember = [&](const std::string& text) {
    if (text.empty()) return;
    last.push_back(text);
    if (last.size() > kKeptLines) last.pop_front();
    if (on_line) on_line(text);
  };
  ProcessSpec process{.argv = PackerBuildArgv(spec), .env = spec.env, .cwd = spec.working_dir};
  Result<ProcessResult> ran = processes.Stream(process, [&](StreamKind, std::string_view line) {
    std::optional<MachineReadableLine> parsed = parser.Feed(line);
    // Plugins print plain text now and then; show it as is.
    std::string text = parsed ? HumanText(*parsed) : std::string(line);
    for (const std::string& part : Split(text, '\n')) remember(part);
  });
  if (!ran) return std::unexpected(std::move(ran.error()).Wrap("running packer build"));
  PackerBuildResult result;
  result.process = std::move(*ran);
  result.artifacts = parser.artifacts();
  result.errors = parser.errors();
  result.build_errors = parser.build_errors();
  result.last_lines.assign(last.begin(), last.end());
  std::vector<std::string> evidence = result.errors;
  evidence.insert(evidence.end(), result.last_lines.begin(), result.last_lines.end());
  result.transient = !result.Succeeded() && result.process.forwarded_signal == 0 &&
                     IsTransientPackerFailure(evidence);
  return result;
}

Result<void> RunPackerInit(ProcessRunner& processes, const PackerBuildSpec& spec) {
  ProcessSpec process{.argv = {spec.packer, "init", spec.template_path}, .env = spec.env,
                      .cwd = spec.working_dir};
  Result<ProcessResult> ran = processes.Run(process);
  if (!ran) return std::unexpected(std::move(ran.error()).Wrap("running packer init"));
  if (!ran->Succeeded()) {
    return Fail(ErrorKind::kFailed, "packer init {} failed ({}): {}", spec.template_path,
                ran->Describe(), Trim(ran->err.empty() ? ran->out : ran->err));
  }
  return {};
}

bool IsTransientPackerFailure(const std::vector<std::string>& error_lines) {
  static constexpr std::array<std::string_view, 14> kMarkers = {
      "RequestLimitExceeded", "Throttling", "ThrottlingException", "TooManyRequests",
      "InternalError", "InternalFailure", "ServiceUnavailable", "Unavailable",
      "status code: 500", "status code: 503", "connection reset by peer", "i/o timeout",
      "TLS handshake timeout", "RequestError: send request failed"};
  for (const std::string& line : error_lines) {
    for (std::string_view marker : kMarkers) {
      if (line.find(marker) != std::string::npos) return true;
    }
  }
  return false;
}

}  // namespace bakery::packer
