#include "common/ci/output.h"

#include <filesystem>

#include <fmt/format.h>

namespace bakery::ci {
namespace {

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kNotice: return "notice";
    case Severity::kWarning: return "warning";
    case Severity::kError: return "error";
  }
  return "error";
}

std::string_view SeverityColour(Severity severity) {
  switch (severity) {
    case Severity::kNotice: return "\033[1;36m";
    case Severity::kWarning: return "\033[1;35m";
    case Severity::kError: return "\033[1;31m";
  }
  return "";
}

class GitHubOutput final : public Output {
 public:
  GitHubOutput(const Env& env, FileSystem& fs, std::ostream& human, DelimiterSource delimiters)
      : fs_(fs), human_(human), delimiters_(std::move(delimiters)),
        output_path_(env.Get("GITHUB_OUTPUT").value_or("")),
        summary_path_(env.Get("GITHUB_STEP_SUMMARY").value_or("")) {}

  void Info(std::string_view line) override { human_ << line << '\n'; }

  void Annotate(const Annotation& a) override {
    auto number = [](int n) { return n > 0 ? std::to_string(n) : std::string(); };
    human_ << WorkflowCommand(SeverityName(a.severity),
                              {{"file", a.file},
                               {"line", number(a.line)},
                               {"endLine", number(a.end_line)},
                               {"col", number(a.column)},
                               {"endColumn", number(a.end_column)},
                               {"title", a.title}},
                              a.message)
           << '\n';
  }
  void BeginGroup(std::string_view title) override {
    human_ << WorkflowCommand("group", {}, title) << '\n';
  }
  void EndGroup() override { human_ << "::endgroup::\n"; }
  void Mask(std::string_view secret) override {
    if (!secret.empty()) human_ << WorkflowCommand("add-mask", {}, secret) << '\n';
  }

  Result<void> SetOutput(std::string_view name, std::string_view value) override {
    if (output_path_.empty()) return {};  // outside a step (e.g. a local act run)
    auto entry = EnvFileEntry(name, value, delimiters_);
    if (!entry) return std::unexpected(entry.error());
    return fs_.AppendFile(output_path_, *entry);
  }
  Result<void> AppendSummary(std::string_view markdown) override {
    if (summary_path_.empty()) return {};
    return fs_.AppendFile(summary_path_, markdown);
  }

 private:
  FileSystem& fs_;
  std::ostream& human_;
  DelimiterSource delimiters_;
  std::string output_path_;
  std::string summary_path_;
};

// Terminals, plain CI logs and CodeBuild share the compiler-style lines.
class PlainOutput : public Output {
 public:
  PlainOutput(std::ostream& human, bool colour) : human_(human), colour_(colour) {}
  void Info(std::string_view line) override { human_ << line << '\n'; }
  void Annotate(const Annotation& annotation) override {
    human_ << PlainAnnotation(annotation, colour_) << '\n';
  }
  void BeginGroup(std::string_view title) override {
    human_ << (colour_ ? fmt::format("\033[1m== {}\033[0m", title) : fmt::format("== {}", title))
           << '\n';
  }
  void EndGroup() override {}
  void Mask(std::string_view) override {}
  Result<void> SetOutput(std::string_view, std::string_view) override { return {}; }
  Result<void> AppendSummary(std::string_view) override { return {}; }

 protected:
  std::ostream& human_;
  bool colour_;
};

class CodeBuildOutput final : public PlainOutput {
 public:
  CodeBuildOutput(const Env& env, FileSystem& fs, std::ostream& human)
      : PlainOutput(human, false), fs_(fs),
        env_file_(env.GetNonEmpty("BAKERY_ENV_FILE").value_or(".bakery/env")),
        summary_file_(std::filesystem::path(env_file_).parent_path() / "summary.md") {}

  Result<void> SetOutput(std::string_view name, std::string_view value) override {
    EnsureDirectory(env_file_);
    return fs_.AppendFile(env_file_, ExportLine(name, value));
  }
  Result<void> AppendSummary(std::string_view markdown) override {
    EnsureDirectory(summary_file_);
    return fs_.AppendFile(summary_file_, markdown);
  }

 private:
  static void EnsureDirectory(const std::string& file) {
    std::error_code ec;
    auto parent = std::filesystem::path(file).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  FileSystem& fs_;
  std::string env_file_;
  std::string summary_file_;
};

}  // namespace

std::string PlainAnnotation(const Annotation& a, bool colour) {
  std::string where;
  if (!a.file.empty()) {
    where = a.file;
    if (a.line > 0) where += fmt::format(":{}", a.line);
    if (a.line > 0 && a.column > 0) where += fmt::format(":{}", a.column);
    where += ": ";
  }
  std::string severity(SeverityName(a.severity));
  if (colour) severity = fmt::format("{}{}\033[0m", SeverityColour(a.severity), severity);
  std::string title = a.title.empty() ? "" : fmt::format(" [{}]", a.title);
  return fmt::format("{}{}: {}{}", where, severity, a.message, title);
}

std::unique_ptr<Output> MakeOutput(const OutputOptions& options, const Env& env, FileSystem& fs,
                                   std::ostream& human) {
  switch (options.platform) {
    case Platform::kGitHubActions:
      return std::make_unique<GitHubOutput>(env, fs, human, options.delimiters);
    case Platform::kCodeBuild: return std::make_unique<CodeBuildOutput>(env, fs, human);
    case Platform::kLocal: break;
  }
  bool colour = options.is_tty && !env.Get("NO_COLOR").has_value();
  return std::make_unique<PlainOutput>(human, colour);
}

}  // namespace bakery::ci
