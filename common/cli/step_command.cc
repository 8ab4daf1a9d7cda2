#include "common/cli/step_command.h"

#include <algorithm>
#include <charconv>
#include <map>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "common/base/strings.h"
#include "common/base/version.h"

namespace bakery::cli {
namespace {

enum class Kind { kFlag, kString, kInt, kList, kPositional };

struct Declared {
  Kind kind;
  void* target;
  CLI::Option* option = nullptr;
  ValueSource source = ValueSource::kDefault;
  std::vector<std::string> choices;
};

std::string InputEnvName(const std::string& option) {
  // GitHub upper-cases input names and keeps dashes: INPUT_MAX-AGE.
  return "INPUT_" + ToUpper(option);
}

std::vector<std::string> SplitList(std::string_view value) {
  std::vector<std::string> items;
  for (std::string line : Split(value, '\n')) {
    for (const std::string& item : Split(line, ',')) {
      std::string_view trimmed = Trim(item);
      if (!trimmed.empty()) items.emplace_back(trimmed);
    }
  }
  return items;
}

// Assigns an environment-provided value; returns an error message on bad input.
std::optional<std::string> AssignFromText(Declared& declared, const std::string& text) {
  switch (declared.kind) {
    case Kind::kString: *static_cast<std::string*>(declared.target) = text; return {};
    case Kind::kList:
    case Kind::kPositional:
      *static_cast<std::vector<std::string>*>(declared.target) = SplitList(text);
      return {};
    case Kind::kInt: {
      long value = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
      if (ec != std::errc() || end != text.data() + text.size()) return "expected a whole number";
      *static_cast<long*>(declared.target) = value;
      return {};
    }
    case Kind::kFlag: {
      std::string lower = ToLower(Trim(text));
      bool* flag = static_cast<bool*>(declared.target);
      if (lower == "true" || lower == "1" || lower == "yes") *flag = true;
      else if (lower == "false" || lower == "0" || lower == "no") *flag = false;
      else return "expected true or false";
      return {};
    }
  }
  return {};
}

}  // namespace

struct StepCommand::Impl {
  std::string step;
  CLI::App app;
  std::vector<Example> examples;
  std::map<std::string, Declared> declared;  // by option name without dashes
  std::string output_text = "text";

  Impl(std::string step_name, std::string summary)
      : step(std::move(step_name)), app(std::move(summary), "bakery-" + step) {}

  void Declare(const std::string& name, Kind kind, void* target, CLI::Option* option) {
    declared[name] = Declared{kind, target, option};
  }
  std::vector<std::string> KnownFlags() const;
  std::optional<std::string> FindUnknownFlag(int argc, const char* const* argv) const;
  std::optional<std::string> ApplyEnvironment(const Env& env);
  std::optional<std::string> CheckChoices() const;
  std::string Footer() const;
};

StepCommand::StepCommand(std::string step, std::string summary)
    : impl_(std::make_unique<Impl>(std::move(step), std::move(summary))) {}

StepCommand::~StepCommand() = default;

void StepCommand::AddExample(std::string command, std::string explanation) {
  impl_->examples.push_back({std::move(command), std::move(explanation)});
}

void StepCommand::AddFlag(const std::string& name, bool* target, const std::string& help) {
  impl_->Declare(name, Kind::kFlag, target, impl_->app.add_flag("--" + name, *target, help));
}

void StepCommand::AddString(const std::string& name, std::string* target,
                            const std::string& help) {
  impl_->Declare(name, Kind::kString, target, impl_->app.add_option("--" + name, *target, help));
}

void StepCommand::AddInt(const std::string& name, long* target, const std::string& help) {
  impl_->Declare(name, Kind::kInt, target, impl_->app.add_option("--" + name, *target, help));
}

void StepCommand::AddList(const std::string& name, std::vector<std::string>* target,
                          const std::string& help) {
  auto* option = impl_->app.add_option("--" + name, *target, help)->delimiter(',');
  impl_->Declare(name, Kind::kList, target, option);
}

void StepCommand::AddPositionals(const std::string& name, std::vector<std::string>* target,
                                 const std::string& help) {
  impl_->Declare(name, Kind::kPositional, target, impl_->app.add_option(name, *target, help));
}

void StepCommand::SetChoices(const std::string& name, std::vector<std::string> choices) {
  impl_->declared.at(name).choices = std::move(choices);
}

ValueSource StepCommand::SourceOf(const std::string& name) const {
  auto it = impl_->declared.find(name);
  return it == impl_->declared.end() ? ValueSource::kDefault : it->second.source;
}

std::string BakeryEnvName(const std::string& option) {
  std::string name = "BAKERY_" + ToUpper(option);
  std::ranges::replace(name, '-', '_');
  return name;
}

std::vector<std::string> StepCommand::Impl::KnownFlags() const {
  std::vector<std::string> flags{"--help", "--version"};
  for (const auto& [name, declared_option] : declared) {
    if (declared_option.kind != Kind::kPositional) flags.push_back("--" + name);
  }
  return flags;
}

std::optional<std::string> StepCommand::Impl::FindUnknownFlag(int argc,
                                                              const char* const* argv) const {
  const std::vector<std::string> known = KnownFlags();
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h") continue;
    if (!StartsWith(arg, "-") || arg == "-") continue;
    std::string flag(arg.substr(0, arg.find('=')));
    if (std::ranges::find(known, flag) != known.end()) continue;
    return fmt::format("unknown option '{}'{}", flag, DidYouMean(flag, known));
  }
  return std::nullopt;
}

std::optional<std::string> StepCommand::Impl::ApplyEnvironment(const Env& env) {
  for (auto& [name, declared_option] : declared) {
    if (declared_option.option->count() > 0) {
      declared_option.source = ValueSource::kFlag;
      continue;
    }
    if (declared_option.kind == Kind::kPositional) continue;
    const std::string bakery_name = BakeryEnvName(name);
    const std::string input_name = InputEnvName(name);
    std::optional<std::string> value = env.GetNonEmpty(bakery_name);
    ValueSource source = ValueSource::kBakeryEnv;
    std::string used = bakery_name;
    if (!value) {
      value = env.GetNonEmpty(input_name);
      source = ValueSource::kInputEnv;
      used = input_name;
    }
    if (!value) continue;
    if (auto problem = AssignFromText(declared_option, *value)) {
      return fmt::format("{}='{}': {} (it sets --{})", used, *value, *problem, name);
    }
    declared_option.source = source;
  }
  return std::nullopt;
}

std::optional<std::string> StepCommand::Impl::CheckChoices() const {
  for (const auto& [name, declared_option] : declared) {
    if (declared_option.choices.empty() || declared_option.kind != Kind::kString) continue;
    const auto& value = *static_cast<const std::string*>(declared_option.target);
    if (std::ranges::find(declared_option.choices, value) != declared_option.choices.end()) {
      continue;
    }
    return fmt::format("--{} must be one of {}, not '{}'{}", name,
                       Join(declared_option.choices, ", "), value,
                       DidYouMean(value, declared_option.choices));
  }
  return std::nullopt;
}

std::string StepCommand::Impl::Footer() const {
  std::string text;
  if (!examples.empty()) text += "\nExamples:\n";
  for (const auto& example : examples) {
    text += fmt::format("  {}\n      {}\n", example.command, example.explanation);
  }
  text += fmt::format(
      "\nEvery option can also be set as BAKERY_<OPTION> (e.g. {}) or, in a GitHub\n"
      "action, as the input of the same name; a flag wins over both, and both over\n"
      "bakery.yml. Exit codes: 0 ok, 1 failed, 2 bad usage/config/input, 3 partial or\n"
      "threshold exceeded, 130/143 interrupted.\n",
      BakeryEnvName("region"));
  return text;
}

ParseOutcome StepCommand::Parse(int argc, const char* const* argv, const Env& env,
                                CommonOptions& common, std::ostream& out, std::ostream& err) {
  AddString("config", &common.config_path, "bakery.yml to read (default: bakery.yml)");
  AddList("region", &common.regions, "AWS region; repeatable (default: bakery.yml, AWS_REGION)");
  AddString("profile", &common.profile, "AWS shared-config profile");
  AddString("output", &impl_->output_text, "text (default) or json");
  SetChoices("output", {"text", "json"});
  AddFlag("verbose", &common.verbose, "explain decisions, show AWS retry and pacing statistics");
  AddString("commit", &common.commit, "commit to record instead of the detected one");
  AddString("branch", &common.branch, "branch to record instead of the detected one");
  // A step whose own --version takes a value (promote, cleanup: an image
  // version) gives up the print-the-version flag.
  if (!impl_->declared.contains("version")) {
    impl_->app.set_version_flag("--version", fmt::format("bakery-{} {}", impl_->step, Version()));
  }
  impl_->app.footer(impl_->Footer());
  const std::string prefix = "bakery-" + impl_->step + ": ";
  if (auto unknown = impl_->FindUnknownFlag(argc, argv)) {
    err << prefix << *unknown << "; see --help\n";
    return ParseOutcome::kExitUsage;
  }
  try {
    impl_->app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    impl_->app.exit(success, out, err);
    return ParseOutcome::kExitOk;
  } catch (const CLI::ParseError& error) {
    err << prefix << error.what() << "; see --help\n";
    return ParseOutcome::kExitUsage;
  }
  std::optional<std::string> problem = impl_->ApplyEnvironment(env);
  if (!problem) problem = impl_->CheckChoices();
  if (problem) {
    err << prefix << *problem << "\n";
    return ParseOutcome::kExitUsage;
  }
  common.output = impl_->output_text == "json" ? OutputFormat::kJson : OutputFormat::kText;
  common.config_given = SourceOf("config") != ValueSource::kDefault;
  return ParseOutcome::kRun;
}

}  // namespace bakery::cli
