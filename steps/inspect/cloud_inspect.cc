#include "steps/inspect/cloud_inspect.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/ci/format.h"
#include "common/cli/aws_access.h"
#include "common/config/config.h"
#include "common/report/text_table.h"

namespace bakery::inspect {
namespace {

using nlohmann::json;

std::string Age(const catalog::ImageRecord& image, SystemTime now) {
  if (!image.created) return "?";
  auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *image.created);
  return FormatDuration(std::chrono::floor<std::chrono::hours>(age));
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

json ImageJson(const catalog::ImageRecord& image, SystemTime now) {
  json devices = json::array();
  for (const auto& d : image.block_devices) {
    devices.push_back({{"device", d.device_name},
                       {"snapshot_id", d.snapshot_id},
                       {"size_gib", d.volume_size_gib},
                       {"volume_type", d.volume_type},
                       {"encrypted", d.encrypted}});
  }
  return {{"region", image.region},
          {"id", image.id},
          {"name", image.name},
          {"state", image.state},
          {"owner", image.owner_id},
          {"created", image.creation_date},
          {"age_days", catalog::AgeDays(image, now)},
          {"architecture", image.architecture},
          {"root_device", image.root_device_name},
          {"deprecation_time", image.deprecation_time},
          {"public", image.is_public},
          {"family", image.family},
          {"version", image.version},
          {"commit", image.commit},
          {"branch", image.branch},
          {"status", image.status},
          {"parent", image.parent},
          {"block_devices", devices},
          {"tags", image.tags}};
}

struct Session {
  std::unique_ptr<aws::AwsSession> session;
  std::vector<std::string> regions;
  config::Config config;
};

Result<Session> Open(cli::StepContext& context) {
  Session out;
  auto config =
      config::LoadConfig(context.fs, context.common.config_path, context.common.config_given);
  if (!config) return std::unexpected(config.error());
  out.config = std::move(*config);
  auto session = cli::OpenAwsSession(context);
  if (!session) return std::unexpected(session.error());
  out.session = std::move(*session);
  out.regions = context.common.regions.empty() ? out.config.regions : context.common.regions;
  if (out.regions.empty()) {
    auto region = out.session->DefaultRegion();
    if (!region) return std::unexpected(region.error());
    out.regions.push_back(*region);
  }
  return out;
}

ExitCode Failed(cli::StepContext& context, const Error& error) {
  context.err << "bakery-inspect: " << error.ToString() << "\n";
  return ExitCodeFor(error.kind);
}

void FamilyOutputs(const std::vector<FamilyRegion>& regions, const InspectOptions& options,
                   cli::StepContext& context, SystemTime now) {
  json ami_ids = json::object();
  const catalog::ImageRecord* newest = nullptr;
  for (const FamilyRegion& region : regions) {
    if (region.images.empty()) continue;
    ami_ids[region.region] = region.images.front().id;
    if (newest == nullptr) newest = &region.images.front();
  }
  (void)context.ci.SetOutput("ami-ids", ami_ids.dump());
  if (newest != nullptr) {
    (void)context.ci.SetOutput("ami-id", newest->id);
    (void)context.ci.SetOutput("version", newest->version);
    (void)context.ci.SetOutput("age-days", std::to_string(catalog::AgeDays(*newest, now)));
  }
  (void)context.ci.AppendSummary(fmt::format(
      "### bakery-inspect: {}{}\n\n```\n{}```\n", options.family,
      options.status.empty() ? "" : " (" + options.status + ")", FamilyTable(regions, now)));
}

// The family's images in every region, listed in parallel.
Result<std::vector<FamilyRegion>> ListFamily(Session& opened, const InspectOptions& options) {
  catalog::TagNames names(opened.config.tag_prefix);
  std::vector<Result<std::vector<catalog::ImageRecord>>> listed(opened.regions.size());
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < opened.regions.size(); ++i) {
      threads.emplace_back([&, i] {
        aws::Ec2 ec2 = opened.session->Ec2In(opened.regions[i]);
        listed[i] = catalog::ListImages(ec2, names, {{options.family}, options.status, true});
      });
    }
  }
  std::vector<FamilyRegion> regions;
  for (size_t i = 0; i < listed.size(); ++i) {
    if (!listed[i]) return std::unexpected(listed[i].error());
    regions.push_back({opened.regions[i], std::move(*listed[i])});
  }
  return regions;
}

}  // namespace

std::vector<std::string> StaleRegions(const std::vector<FamilyRegion>& regions,
                                      const std::string& family, const std::string& status,
                                      std::chrono::seconds max_age, SystemTime now) {
  std::vector<std::string> lines;
  const std::string what = status.empty() ? family : family + " (status " + status + ")";
  for (const FamilyRegion& region : regions) {
    if (region.images.empty()) {
      lines.push_back(fmt::format("{}: no {} image", region.region, what));
      continue;
    }
    const catalog::ImageRecord& newest = region.images.front();
    if (!newest.created) {
      lines.push_back(fmt::format("{}: newest {} image {} has no readable creation date",
                                  region.region, what, newest.id));
      continue;
    }
    auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *newest.created);
    if (age <= max_age) continue;
    lines.push_back(fmt::format(
        "{}: newest {} image {} is {} old, older than --max-age {}", region.region, what, newest.id,
        FormatDuration(std::chrono::floor<std::chrono::hours>(age)), FormatDuration(max_age)));
  }
  return lines;
}

std::string FamilyTable(const std::vector<FamilyRegion>& regions, SystemTime now) {
  std::vector<std::vector<std::string>> rows;
  for (const FamilyRegion& region : regions) {
    for (const auto& image : region.images) {
      rows.push_back({region.region, image.id, OrDash(image.version),
                      OrDash(image.commit.substr(0, 12)), OrDash(image.branch),
                      OrDash(image.status), Age(image, now)});
    }
  }
  return report::TextTable({"REGION", "IMAGE", "VERSION", "COMMIT", "BRANCH", "STATUS", "AGE"},
                           rows);
}

std::string AmiText(const AmiReport& report, SystemTime now) {
  const catalog::ImageRecord& image = report.image;
  std::vector<std::vector<std::string>> rows = {
      {"image", image.id + " (" + image.region + ")"},
      {"name", image.name},
      {"state", image.state},
      {"created", image.creation_date + " (" + Age(image, now) + " ago)"},
      {"owner", image.owner_id},
      {"architecture", image.architecture},
      {"root device", image.root_device_name},
      {"deprecation", OrDash(image.deprecation_time)}};
  for (const auto& d : image.block_devices) {
    rows.push_back(
        {"block device", fmt::format("{} {} {} GiB{}", d.device_name, OrDash(d.snapshot_id),
                                     d.volume_size_gib, d.encrypted ? " encrypted" : "")});
  }
  std::vector<std::string> shared = report.permissions.user_ids;
  for (const auto& arn : report.permissions.organization_arns) shared.push_back(arn);
  for (const auto& arn : report.permissions.organizational_unit_arns) shared.push_back(arn);
  rows.push_back({"launch permissions", report.permissions.is_public ? "public"
                                        : shared.empty()             ? "private"
                                                         : "shared with " + Join(shared, ", ")});
  for (const auto& [key, value] : image.tags) rows.push_back({"tag " + key, value});
  std::string chain = image.id;
  for (const auto& parent : report.ancestry) {
    chain += " ← " + parent.id +
             (parent.family.empty() ? "" : " (" + parent.family + " " + parent.version + ")");
  }
  if (!report.ancestry_note.empty()) chain += " (" + report.ancestry_note + ")";
  rows.push_back({"ancestry", chain});
  return report::TextTable({}, rows);
}

ExitCode RunFamilyInspect(const InspectOptions& options, cli::StepContext& context) {
  std::optional<std::chrono::seconds> max_age;
  if (!options.max_age.empty()) {
    auto parsed = ParseDuration(options.max_age);
    if (!parsed) return Failed(context, std::move(parsed.error()).Wrap("--max-age"));
    max_age = *parsed;
  }
  auto opened = Open(context);
  if (!opened) return Failed(context, opened.error());
  auto regions = ListFamily(*opened, options);
  if (!regions) return Failed(context, regions.error());
  const SystemTime now = context.clock.Now();
  if (context.common.output == cli::OutputFormat::kJson) {
    json out = json::array();
    for (const auto& region : *regions) {
      for (const auto& image : region.images) out.push_back(ImageJson(image, now));
    }
    context.out
        << json{{"family", options.family}, {"status", options.status}, {"images", out}}.dump(2)
        << "\n";
  } else {
    context.out << FamilyTable(*regions, now);
  }
  FamilyOutputs(*regions, options, context, now);
  cli::ReportAwsStats(context, *opened->session);
  if (!max_age) return ExitCode::kOk;
  std::vector<std::string> stale =
      StaleRegions(*regions, options.family, options.status, *max_age, now);
  for (const std::string& line : stale) {
    context.err << "bakery-inspect: " << line << "\n";
    context.ci.Annotate({ci::Severity::kError, line, "", 0, 0, 0, 0, "image too old"});
  }
  return stale.empty() ? ExitCode::kOk : ExitCode::kPartial;
}

namespace {

// Follows the parent tag (an AMI id) in the same region, at most 16 steps.
void FollowParents(aws::Ec2& ec2, const catalog::TagNames& names, AmiReport& report) {
  std::string next = report.image.parent;
  std::set<std::string> seen = {report.image.id};
  while (!next.empty()) {
    if (seen.contains(next) || seen.size() > 16) {
      report.ancestry_note = "loop at " + next;
      return;
    }
    seen.insert(next);
    auto parent = catalog::FindImage(ec2, names, next);
    if (!parent) {
      report.ancestry_note = next + ": " + parent.error().message;
      return;
    }
    if (!*parent) {
      report.ancestry_note = next + " no longer exists";
      return;
    }
    report.ancestry.push_back(**parent);
    next = (*parent)->parent;
  }
}

}  // namespace

ExitCode RunAmiInspect(const InspectOptions& options, cli::StepContext& context) {
  auto opened = Open(context);
  if (!opened) return Failed(context, opened.error());
  catalog::TagNames names(opened->config.tag_prefix);
  for (const std::string& region : opened->regions) {
    aws::Ec2 ec2 = opened->session->Ec2In(region);
    auto found = catalog::FindImage(ec2, names, options.ami);
    if (!found) return Failed(context, found.error());
    if (!*found) continue;
    AmiReport report{**found, {}, {}, ""};
    auto permissions = ec2.DescribeLaunchPermissions(options.ami);
    if (!permissions) return Failed(context, permissions.error());
    report.permissions = *permissions;
    FollowParents(ec2, names, report);
    const SystemTime now = context.clock.Now();
    if (context.common.output == cli::OutputFormat::kJson) {
      json document = ImageJson(report.image, now);
      document["launch_permissions"] = {{"public", report.permissions.is_public},
                                        {"user_ids", report.permissions.user_ids}};
      json ancestry = json::array();
      for (const auto& parent : report.ancestry) ancestry.push_back(ImageJson(parent, now));
      document["ancestry"] = ancestry;
      context.out << document.dump(2) << "\n";
    } else {
      context.out << AmiText(report, now);
    }
    (void)context.ci.SetOutput("ami-id", report.image.id);
    (void)context.ci.SetOutput("version", report.image.version);
    (void)context.ci.SetOutput("age-days", std::to_string(catalog::AgeDays(report.image, now)));
    cli::ReportAwsStats(context, *opened->session);
    return ExitCode::kOk;
  }
  return Failed(context, Error{ErrorKind::kBadInput,
                               fmt::format("image {} not found in {}", options.ami,
                                           Join(opened->regions, ", ")),
                               {},
                               ""});
}

}  // namespace bakery::inspect
