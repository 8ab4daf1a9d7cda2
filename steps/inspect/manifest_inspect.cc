#include "steps/inspect/manifest_inspect.h"

#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/base/strings.h"
#include "common/ci/format.h"
#include "common/report/text_table.h"

namespace bakery::inspect {
namespace {

using nlohmann::json;

json BuildJson(const packer::ManifestBuild& build) {
  json amis = json::object();
  for (const auto& ami : build.amis) amis[ami.region] = ami.ami_id;
  return {{"name", build.name},
          {"builder_type", build.builder_type},
          {"build_time", build.build_time ? json(*build.build_time) : json(nullptr)},
          {"run_uuid", build.run_uuid},
          {"artifact_id", build.artifact_id},
          {"amis", amis}};
}

json BuildsJson(const std::vector<packer::ManifestBuild>& builds) {
  json list = json::array();
  for (const auto& build : builds) list.push_back(BuildJson(build));
  return list;
}

// The region ami-id is for, and whether the user named it explicitly.
std::pair<std::string, bool> ChooseRegion(const ManifestReport& report,
                                          const cli::StepContext& context) {
  if (!context.common.regions.empty()) return {context.common.regions.front(), true};
  if (auto region = context.env.GetNonEmpty("AWS_REGION")) return {*region, false};
  if (auto region = context.env.GetNonEmpty("AWS_DEFAULT_REGION")) return {*region, false};
  std::set<std::string> regions;
  for (const auto& build : report.builds) {
    for (const auto& ami : build.amis) regions.insert(ami.region);
  }
  return {regions.size() == 1 ? *regions.begin() : "", false};
}

Result<void> ChooseAmi(ManifestReport& report, const cli::StepContext& context) {
  auto [region, explicit_region] = ChooseRegion(report, context);
  report.region = region;
  std::vector<std::string> holders, all_regions;
  for (const auto& build : report.builds) {
    for (const auto& ami : build.amis) {
      all_regions.push_back(ami.region);
      if (ami.region != region) continue;
      holders.push_back(build.name);
      report.ami_id = ami.ami_id;
    }
  }
  if (region.empty()) {
    report.ami_id.reset();
    report.ami_id_note = "AMIs in several regions: pick one with --region";
  } else if (holders.empty()) {
    if (explicit_region) {
      std::ranges::sort(all_regions);
      all_regions.erase(std::unique(all_regions.begin(), all_regions.end()), all_regions.end());
      return Fail(ErrorKind::kBadInput, "{}: no AMI in {} in the last run (it has: {})",
                  report.path, region, Join(all_regions, ", "));
    }
    report.ami_id_note = fmt::format("no AMI in {}", region);
  } else if (holders.size() > 1) {
    report.ami_id.reset();
    report.ami_id_note = fmt::format("{} builds have an AMI in {} ({}): pick one with --build",
                                     holders.size(), region, Join(holders, ", "));
  }
  return {};
}

std::string TextReport(const ManifestReport& report) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& build : report.builds) {
    for (const auto& ami : build.amis) {
      rows.push_back({build.name, build.builder_type, ami.region, ami.ami_id});
    }
  }
  std::string text = fmt::format("{}: last run {} ({} of {} builds; {} runs in the file)\n\n",
                                 report.path, report.manifest.last_run_uuid,
                                 report.manifest.last_run.size(), report.manifest.total_builds,
                                 report.manifest.runs);
  text += report::TextTable({"BUILD", "TYPE", "REGION", "AMI"}, rows);
  text += report.ami_id ? fmt::format("\nami-id ({}): {}\n", report.region, *report.ami_id)
                        : fmt::format("\nami-id: not set: {}\n", report.ami_id_note);
  return text;
}

std::string SummaryMarkdown(const ManifestReport& report) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& build : report.builds) {
    for (const auto& ami : build.amis) {
      rows.push_back({build.name, build.builder_type, ami.region, "`" + ami.ami_id + "`"});
    }
  }
  std::string markdown = fmt::format("### Packer manifest `{}`\n\nLast run `{}`: {} build(s).\n\n",
                                     report.path, report.manifest.last_run_uuid,
                                     report.builds.size());
  markdown += ci::MarkdownTable({"Build", "Type", "Region", "AMI"}, rows);
  if (report.ami_id) markdown += fmt::format("\n**ami-id** ({}): `{}`\n", report.region, *report.ami_id);
  return markdown + "\n";
}

Result<void> WriteCiOutputs(const ManifestReport& report, ci::Output& output) {
  std::vector<std::pair<std::string, std::string>> outputs;
  if (report.ami_id) outputs.emplace_back("ami-id", *report.ami_id);
  if (report.builds.size() == 1) {
    outputs.emplace_back("ami-ids", BuildJson(report.builds.front())["amis"].dump());
  }
  outputs.emplace_back("builds", BuildsJson(report.builds).dump());
  for (const auto& [name, value] : outputs) {
    if (auto written = output.SetOutput(name, value); !written) return written;
  }
  return output.AppendSummary(SummaryMarkdown(report));
}

}  // namespace

Result<ManifestReport> BuildManifestReport(const InspectOptions& options,
                                           const cli::StepContext& context) {
  ManifestReport report;
  report.path = options.manifest;
  auto text = context.fs.ReadFile(options.manifest);
  if (!text) return std::unexpected(text.error());
  auto manifest = packer::ParseManifest(*text, options.manifest);
  if (!manifest) return std::unexpected(manifest.error());
  report.manifest = std::move(*manifest);
  if (options.build.empty()) {
    report.builds = report.manifest.last_run;
  } else {
    auto build = packer::FindBuild(report.manifest, options.build, options.manifest);
    if (!build) return std::unexpected(build.error());
    report.builds = {**build};
  }
  if (auto chosen = ChooseAmi(report, context); !chosen) return std::unexpected(chosen.error());
  return report;
}

ExitCode RunManifestInspect(const InspectOptions& options, cli::StepContext& context) {
  auto report = BuildManifestReport(options, context);
  if (!report) {
    context.err << "bakery-inspect: " << report.error().ToString() << "\n";
    return ExitCodeFor(report.error().kind);
  }
  if (context.common.output == cli::OutputFormat::kJson) {
    json document = {{"manifest", report->path},
                     {"last_run_uuid", report->manifest.last_run_uuid},
                     {"runs", report->manifest.runs},
                     {"builds", BuildsJson(report->builds)},
                     {"region", report->region},
                     {"ami_id", report->ami_id ? json(*report->ami_id) : json(nullptr)},
                     {"ami_id_note", report->ami_id_note}};
    context.out << document.dump(2) << "\n";
  } else {
    context.out << TextReport(*report);
  }
  if (auto written = WriteCiOutputs(*report, context.ci); !written) {
    context.err << "bakery-inspect: " << written.error().ToString() << "\n";
    return ExitCode::kFailed;
  }
  return ExitCode::kOk;
}

}  // namespace bakery::inspect
