#include "steps/cleanup/cleanup.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/ci/format.h"
#include "common/cli/aws_access.h"
#include "common/config/config.h"
#include "common/report/text_table.h"

namespace bakery::cleanup {
namespace {

using nlohmann::json;

// Runs `work` for every region in parallel and concatenates the lines.
std::vector<Line> EachRegion(const std::vector<std::string>& regions,
                             const std::function<std::vector<Line>(const std::string&)>& work) {
  std::vector<std::vector<Line>> per_region(regions.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < regions.size(); ++i) {
      threads.emplace_back([&, i] { per_region[i] = work(regions[i]); });
    }
  }
  std::vector<Line> lines;
  for (auto& region : per_region) lines.insert(lines.end(), region.begin(), region.end());
  return lines;
}

// The images to discard in one region: --image (and its family/version
// elsewhere), or --family + --version.
Result<std::vector<catalog::ImageRecord>> Targets(aws::Ec2& ec2, const catalog::TagNames& names,
                                                  const std::string& family,
                                                  const std::string& version,
                                                  const std::string& image) {
  std::vector<catalog::ImageRecord> out;
  if (!family.empty() && !version.empty()) {
    auto listed = catalog::ListImages(ec2, names, {{family}, "", true});
    if (!listed) return std::unexpected(listed.error());
    for (auto& record : *listed) {
      if (record.version == version) out.push_back(std::move(record));
    }
    return out;
  }
  auto found = catalog::FindImage(ec2, names, image);
  if (!found) return std::unexpected(found.error());
  if (*found) out.push_back(**found);
  return out;
}

std::vector<Line> Discard(aws::AwsSession& session, const std::vector<std::string>& regions,
                          const catalog::TagNames& names, const CleanupOptions& options) {
  std::string family = options.family, version = options.version;
  if (!options.image.empty()) {  // an AMI with a family and version: that version everywhere
    for (const std::string& region : regions) {
      aws::Ec2 ec2 = session.Ec2In(region);
      auto found = catalog::FindImage(ec2, names, options.image);
      if (found && *found && !(*found)->family.empty() && !(*found)->version.empty()) {
        family = (*found)->family;
        version = (*found)->version;
        break;
      }
    }
  }
  return EachRegion(regions, [&](const std::string& region) -> std::vector<Line> {
    aws::Ec2 ec2 = session.Ec2In(region);
    auto targets = Targets(ec2, names, family, version, options.image);
    if (!targets) return {{region, "region", region, "failed", false, targets.error().ToString()}};
    std::vector<Line> lines;
    for (const auto& image : *targets) {
      if (image.status == "production" || image.status == "staging") {
        lines.push_back({region, "image", image.id, "refused", false,
                         "status " + image.status +
                             ": a released image is not a failed one; "
                             "use bakery-retention or revoke it first"});
        continue;
      }
      auto done = DiscardImage(ec2, image, options.dry_run);
      lines.insert(lines.end(), done.begin(), done.end());
    }
    return lines;
  });
}

void Report(const std::vector<Line>& lines, const std::string& what, cli::StepContext& context) {
  std::vector<std::vector<std::string>> rows;
  json items = json::array();
  long failed = 0;
  for (const Line& line : lines) {
    rows.push_back({line.region, line.kind, line.id, line.action, line.ok ? "" : line.error});
    items.push_back({{"region", line.region},
                     {"kind", line.kind},
                     {"id", line.id},
                     {"action", line.action},
                     {"ok", line.ok},
                     {"error", line.error}});
    failed += !line.ok;
    if (!line.ok) {
      context.ci.Annotate({ci::Severity::kError,
                           fmt::format("{} {} {}: {}", line.region, line.kind, line.id, line.error),
                           "", 0, 0, 0, 0, "bakery-cleanup"});
    }
  }
  std::string summary = fmt::format("{}: {} action{}, {} failed", what, lines.size(),
                                    lines.size() == 1 ? "" : "s", failed);
  if (context.common.output == cli::OutputFormat::kJson) {
    context.out << json{{"actions", items}, {"failed", failed}}.dump(2) << "\n";
  } else {
    if (!rows.empty())
      context.out << report::TextTable({"REGION", "KIND", "ID", "ACTION", "ERROR"}, rows);
    context.out << summary << "\n";
  }
  (void)context.ci.AppendSummary(
      "### bakery-cleanup\n\n" + summary + "\n\n" +
      (rows.empty() ? "" : ci::MarkdownTable({"Region", "Kind", "Id", "Action", "Error"}, rows)));
}

Result<std::optional<std::chrono::seconds>> OptionalDuration(const std::string& flag,
                                                             const std::string& text) {
  if (text.empty()) return std::optional<std::chrono::seconds>();
  auto parsed = ParseDuration(text);
  if (!parsed) return std::unexpected(std::move(parsed.error()).Wrap(flag));
  return std::optional<std::chrono::seconds>(*parsed);
}

}  // namespace

void DeclareCleanupOptions(cli::StepCommand& command, CleanupOptions& options) {
  command.AddString("run-id", &options.run_id,
                    "clean up this CI run's test resources (default: the current run)");
  command.AddString("older-than", &options.older_than,
                    "clean up test instances launched longer ago than this (3h)");
  command.AddString("image", &options.image,
                    "discard this failed AMI (and its version in every region) with its snapshots");
  command.AddString("family", &options.family,
                    "with --version: discard that image in every region");
  command.AddString("version", &options.version, "with --family: the version to discard");
  command.AddFlag("dry-run", &options.dry_run, "only show what would be done");
  command.AddString("timeout", &options.timeout,
                    "how long to wait for instances to terminate (10m)");
  command.AddExample("bakery cleanup",
                     "in an `if: always()` step: this run's test instances, keys, groups");
  command.AddExample("bakery cleanup --older-than 3h", "daily: leftovers of cancelled runs");
  command.AddExample("bakery cleanup --family web --version 1.4.2",
                     "discard a failed image everywhere");
}

namespace {

// What the options ask for, checked: a discard, or a test-resource scope.
struct Request {
  bool discard = false;
  Scope scope;
  std::chrono::seconds timeout{600};
};

Result<Request> CheckRequest(const CleanupOptions& options, const Env& env) {
  Request request;
  request.discard = !options.image.empty() || !options.family.empty() || !options.version.empty();
  if (request.discard &&
      (options.image.empty() == (options.family.empty() || options.version.empty()))) {
    return Fail(ErrorKind::kBadInput,
                "to discard an image give --image AMI, or --family F and --version V");
  }
  auto older_than = OptionalDuration("--older-than", options.older_than);
  if (!older_than) return std::unexpected(older_than.error());
  auto timeout = OptionalDuration("--timeout", options.timeout);
  if (!timeout) return std::unexpected(timeout.error());
  if (*timeout) request.timeout = **timeout;
  request.scope = {options.run_id, *older_than};
  if (request.scope.run_id.empty() && !*older_than) {  // the current CI run
    request.scope.run_id = env.GetNonEmpty("GITHUB_RUN_ID")
                               .value_or(env.GetNonEmpty("CODEBUILD_BUILD_ID").value_or(""));
  }
  if (!request.discard && request.scope.run_id.empty() && !*older_than) {
    return Fail(ErrorKind::kBadInput,
                "nothing to clean up: give --run-id ID or --older-than DUR (no CI run detected), "
                "or --image / --family with --version");
  }
  return request;
}

}  // namespace

ExitCode RunCleanup(const CleanupOptions& options, cli::StepContext& context) {
  auto fail = [&](const Error& error) {
    context.err << "bakery-cleanup: " << error.ToString() << "\n";
    return ExitCodeFor(error.kind);
  };
  auto request = CheckRequest(options, context.env);
  if (!request) return fail(request.error());
  auto config =
      config::LoadConfig(context.fs, context.common.config_path, context.common.config_given);
  if (!config) return fail(config.error());
  auto session = cli::OpenAwsSession(context);
  if (!session) return fail(session.error());
  std::vector<std::string> regions =
      context.common.regions.empty() ? config->regions : context.common.regions;
  if (regions.empty()) {
    auto region = (*session)->DefaultRegion();
    if (!region) return fail(region.error());
    regions.push_back(*region);
  }
  catalog::TagNames names(config->tag_prefix);
  std::vector<Line> lines;
  std::string what = "discard";
  if (request->discard) {
    lines = Discard(**session, regions, names, options);
  } else {
    TestCleanupSettings settings{names, request->scope, options.dry_run, request->timeout,
                                 Duration(1000)};
    lines = EachRegion(regions, [&](const std::string& region) {
      aws::Ec2 ec2 = (*session)->Ec2In(region);
      return CleanTestResources(ec2, settings, context.clock);
    });
    what = request->scope.run_id.empty() ? "test resources older than " + options.older_than
                                         : "test resources of run " + request->scope.run_id;
  }
  Report(lines, options.dry_run ? what + " (dry run)" : what, context);
  cli::ReportAwsStats(context, **session);
  bool failed = std::ranges::any_of(lines, [](const Line& line) { return !line.ok; });
  return failed ? ExitCode::kPartial : ExitCode::kOk;
}

cli::StepSpec CleanupStep() {
  auto options = std::make_shared<CleanupOptions>();
  return {"cleanup",
          "Terminate test instances and delete their temporary keys and groups; discard a failed "
          "image.",
          [options](cli::StepCommand& command) { DeclareCleanupOptions(command, *options); },
          [options](cli::StepContext& context) { return RunCleanup(*options, context); }};
}

}  // namespace bakery::cleanup
