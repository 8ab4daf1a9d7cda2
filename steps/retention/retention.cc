#include "steps/retention/retention.h"

#include <algorithm>
#include <csignal>
#include <memory>

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/cli/aws_access.h"
#include "steps/retention/interrupt.h"
#include "steps/retention/report.h"

namespace bakery::retention {
namespace {

Result<std::optional<std::chrono::seconds>> FlagDuration(const std::string& flag,
                                                         const std::string& value) {
  if (value.empty()) return std::optional<std::chrono::seconds>();
  auto parsed = ParseDuration(value);
  if (!parsed) return std::unexpected(std::move(parsed.error()).Wrap("--" + flag));
  return std::optional<std::chrono::seconds>(*parsed);
}

Result<config::RetentionSettings> FlagSettings(const RetentionOptions& options) {
  config::RetentionSettings flags;
  if (options.keep >= 0) flags.keep = options.keep;
  if (options.max_deletions >= 0) flags.max_deletions = options.max_deletions;
  auto min_age = FlagDuration("min-age", options.min_age);
  if (!min_age) return std::unexpected(min_age.error());
  flags.min_age = *min_age;
  auto deprecate_first = FlagDuration("deprecate-first", options.deprecate_first);
  if (!deprecate_first) return std::unexpected(deprecate_first.error());
  flags.deprecate_first = *deprecate_first;
  if (!options.keep_status.empty()) {
    flags.keep_status = std::vector<std::string>();
    for (const std::string& status : options.keep_status) {
      if (status == "none") continue;
      if (std::ranges::find(config::KnownStatuses(), status) == config::KnownStatuses().end()) {
        return Fail(ErrorKind::kBadInput, "--keep-status: unknown status '{}'{}; statuses are {}",
                    status, DidYouMean(status, config::KnownStatuses()),
                    Join(config::KnownStatuses(), ", "));
      }
      flags.keep_status->push_back(status);
    }
  }
  return flags;
}

}  // namespace

Result<RunSettings> ResolveSettings(const RetentionOptions& options, const config::Config& config) {
  RunSettings settings;
  settings.families = options.families.empty() ? config.ManagedFamilies() : options.families;
  if (settings.families.empty()) {
    return Fail(ErrorKind::kBadInput,
                "no image families to manage: give --family F (repeatable) or list images in {}",
                config.from_file ? config.path : "bakery.yml");
  }
  auto flags = FlagSettings(options);
  if (!flags) return std::unexpected(flags.error());
  for (const std::string& family : settings.families) {
    settings.policies[family] = config.PolicyFor(family).With(*flags);
  }
  settings.names = catalog::TagNames(config.tag_prefix);
  settings.usage.ssm_paths = options.ssm_paths.empty() ? config.ssm_paths : options.ssm_paths;
  settings.usage.all_template_versions =
      options.check_all_template_versions || config.check_all_template_versions;
  settings.include_shared = options.include_shared || config.include_shared;
  settings.orphans = options.orphans;
  settings.apply = options.apply;
  return settings;
}

void DeclareRetentionOptions(cli::StepCommand& command, RetentionOptions& options) {
  command.AddList("family", &options.families,
                  "manage these families (default: every family in bakery.yml)");
  command.AddInt("keep", &options.keep, "keep the newest N images per family and region");
  command.AddString("min-age", &options.min_age, "never delete images younger than this (7d)");
  command.AddList("keep-status", &options.keep_status,
                  "statuses never deleted (default production,staging; 'none' for no status)");
  command.AddInt("max-deletions", &options.max_deletions,
                 "at most N deletions per family in this run (default 50)");
  command.AddString("deprecate-first", &options.deprecate_first,
                    "deprecate first; delete only images deprecated at least this long ago");
  command.AddFlag("apply", &options.apply, "carry out the plan (default: plan only)");
  command.AddFlag("orphans", &options.orphans,
                  "also delete snapshots of managed families whose image no longer exists");
  command.AddFlag("include-shared", &options.include_shared,
                  "allow deleting public images and images shared with other accounts");
  command.AddFlag("check-all-template-versions", &options.check_all_template_versions,
                  "treat every launch template version as a use (default: default and latest)");
  command.AddList("ssm-path", &options.ssm_paths,
                  "SSM parameter paths whose values protect images (default: bakery.yml)");
  command.AddExample("bakery retention", "plan for every family in bakery.yml; changes nothing");
  command.AddExample("bakery retention --family web --keep 3 --min-age 14d --apply",
                     "without bakery.yml: keep 3 images of web, delete the rest older than 14d");
}

ExitCode RunRetention(const RetentionOptions& options, cli::StepContext& context) {
  auto fail = [&](const Error& error) {
    context.err << "bakery-retention: " << error.ToString() << "\n";
    return ExitCodeFor(error.kind);
  };
  auto config =
      config::LoadConfig(context.fs, context.common.config_path, context.common.config_given);
  if (!config) return fail(config.error());
  auto settings = ResolveSettings(options, *config);
  if (!settings) return fail(settings.error());
  auto session = cli::OpenAwsSession(context);
  if (!session) return fail(session.error());
  std::vector<std::string> regions =
      context.common.regions.empty() ? config->regions : context.common.regions;
  if (regions.empty()) {
    auto region = (*session)->DefaultRegion();
    if (!region) return fail(region.error());
    regions.push_back(*region);
  }
  std::vector<std::unique_ptr<RegionApi>> apis;
  std::vector<RegionApi*> pointers;
  for (const std::string& region : regions) {
    apis.push_back(MakeRegionApi(**session, region));
    pointers.push_back(apis.back().get());
  }
  InterruptGuard guard;
  Report report =
      Run(*settings, pointers, context.clock, [] { return InterruptGuard::Received() != 0; });
  WriteReport(report, context);
  cli::ReportAwsStats(context, **session);
  if (int signal_number = InterruptGuard::Received()) {
    context.err << "bakery-retention: interrupted; changes not started are listed above; a "
                   "re-run finishes them\n";
    return signal_number == SIGINT ? ExitCode::kInterrupted : ExitCode::kTerminated;
  }
  if (report.Failures() == 0) return ExitCode::kOk;
  return ExitCode::kPartial;
}

cli::StepSpec RetentionStep() {
  auto options = std::make_shared<RetentionOptions>();
  return {"retention",
          "Plan which images of each family to keep or delete, with reasons; --apply deletes.",
          [options](cli::StepCommand& command) { DeclareRetentionOptions(command, *options); },
          [options](cli::StepContext& context) { return RunRetention(*options, context); }};
}

}  // namespace bakery::retention
