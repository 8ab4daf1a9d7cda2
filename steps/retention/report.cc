#include "steps/retention/report.h"

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/ci/format.h"
#include "common/report/text_table.h"

namespace bakery::retention {
namespace {

using nlohmann::json;

std::string Age(const catalog::ImageRecord& image, SystemTime now) {
  if (!image.created) return "?";
  auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *image.created);
  return FormatDuration(std::chrono::floor<std::chrono::hours>(age));
}

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

std::vector<std::string> DecisionRow(const Decision& d, SystemTime now) {
  return {d.image.region, d.image.family,         d.image.id,
          OrDash(d.image.version), OrDash(d.image.status), Age(d.image, now),
          ActionName(d.action),    Join(d.reasons, "; ")};
}

std::string ResultLine(const ApplyResult& result) {
  std::string line = fmt::format("{} {} {}", result.region, result.id, result.action);
  std::vector<std::string> snapshots;
  for (const SnapshotResult& s : result.snapshots) snapshots.push_back(s.snapshot_id + " " + s.result);
  if (!snapshots.empty()) line += ": snapshots " + Join(snapshots, ", ");
  if (!result.ok) line += " — FAILED: " + result.error;
  return line;
}

long Succeeded(const Report& report, std::string_view action) {
  long count = 0;
  for (const RegionReport& region : report.regions) {
    for (const ApplyResult& result : region.results) {
      count += result.ok && StartsWith(result.action, action);
    }
  }
  return count;
}

}  // namespace

std::string SummaryLine(const Report& report) {
  long orphans = 0;
  for (const RegionReport& region : report.regions) {
    for (const OrphanDecision& orphan : region.orphans) orphans += orphan.remove;
  }
  std::string line = fmt::format("plan: {} to delete, {} to deprecate, {} to keep", 
                                 report.Count(Action::kDelete), report.Count(Action::kDeprecate),
                                 report.Count(Action::kKeep));
  if (orphans > 0) line += fmt::format(", {} orphan snapshots to delete", orphans);
  line += fmt::format(" in {} region{}", report.regions.size(), report.regions.size() == 1 ? "" : "s");
  if (!report.apply) return line + "; dry run, nothing changed (add --apply)";
  return line + fmt::format("; applied: {} deregistered, {} deprecated, {} orphans deleted, {} failed",
                            Succeeded(report, "deregistered") + Succeeded(report, "already"),
                            Succeeded(report, "deprecated"), Succeeded(report, "deleted orphan"),
                            report.Failures());
}

std::string RenderText(const Report& report) {
  std::vector<std::vector<std::string>> rows;
  for (const RegionReport& region : report.regions) {
    for (const Decision& d : region.decisions) rows.push_back(DecisionRow(d, report.now));
  }
  std::string text;
  if (!rows.empty()) {
    text += report::TextTable(
        {"REGION", "FAMILY", "IMAGE", "VERSION", "STATUS", "AGE", "ACTION", "REASON"}, rows);
  }
  std::vector<std::vector<std::string>> orphan_rows;
  for (const RegionReport& region : report.regions) {
    for (const OrphanDecision& o : region.orphans) {
      orphan_rows.push_back({region.region, o.family, o.snapshot.id, o.remove ? "DELETE" : "KEEP",
                             o.reason});
    }
  }
  if (!orphan_rows.empty()) {
    text += "\n" + report::TextTable({"REGION", "FAMILY", "SNAPSHOT", "ACTION", "REASON"},
                                     orphan_rows);
  }
  std::string results;
  for (const RegionReport& region : report.regions) {
    if (!region.error.empty()) {
      results += fmt::format("{}: not planned, nothing changed there: {}\n", region.region,
                             region.error);
    }
    for (const ApplyResult& result : region.results) results += ResultLine(result) + "\n";
  }
  if (!results.empty()) text += "\n" + results;
  return text + SummaryLine(report) + "\n";
}

json RenderJson(const Report& report) {
  json regions = json::array();
  for (const RegionReport& region : report.regions) {
    json images = json::array();
    for (const Decision& d : region.decisions) {
      images.push_back({{"id", d.image.id}, {"name", d.image.name}, {"family", d.image.family},
                        {"version", d.image.version}, {"status", d.image.status},
                        {"created", d.image.creation_date},
                        {"age_days", catalog::AgeDays(d.image, report.now)},
                        {"snapshots", d.image.SnapshotIds()}, {"action", ActionName(d.action)},
                        {"reasons", d.reasons}});
    }
    json orphans = json::array();
    for (const OrphanDecision& o : region.orphans) {
      orphans.push_back({{"snapshot_id", o.snapshot.id}, {"family", o.family},
                         {"action", o.remove ? "DELETE" : "KEEP"}, {"reason", o.reason}});
    }
    json results = json::array();
    for (const ApplyResult& r : region.results) {
      json snapshots = json::array();
      for (const SnapshotResult& s : r.snapshots) {
        snapshots.push_back({{"snapshot_id", s.snapshot_id}, {"result", s.result}, {"ok", s.ok}});
      }
      results.push_back({{"id", r.id}, {"action", r.action}, {"ok", r.ok}, {"error", r.error},
                         {"snapshots", snapshots}});
    }
    regions.push_back({{"region", region.region},
                       {"error", region.error.empty() ? json(nullptr) : json(region.error)},
                       {"images", images}, {"orphans", orphans}, {"results", results}});
  }
  return {{"apply", report.apply},
          {"families", report.families},
          {"summary",
           {{"delete", report.Count(Action::kDelete)},
            {"deprecate", report.Count(Action::kDeprecate)},
            {"keep", report.Count(Action::kKeep)},
            {"failed", report.Failures()}}},
          {"regions", regions}};
}

std::string RenderSummary(const Report& report) {
  std::vector<std::vector<std::string>> rows;
  for (const RegionReport& region : report.regions) {
    for (const Decision& d : region.decisions) {
      if (d.action != Action::kKeep) rows.push_back(DecisionRow(d, report.now));
    }
  }
  std::string markdown = "### bakery-retention\n\n" + SummaryLine(report) + "\n\n";
  if (!rows.empty()) {
    markdown += ci::MarkdownTable(
        {"Region", "Family", "Image", "Version", "Status", "Age", "Action", "Reason"}, rows);
  }
  for (const RegionReport& region : report.regions) {
    if (!region.error.empty()) markdown += fmt::format("\n- **{}**: {}\n", region.region, region.error);
    for (const ApplyResult& result : region.results) {
      if (!result.ok) markdown += "\n- " + ResultLine(result) + "\n";
    }
  }
  return markdown;
}

void WriteReport(const Report& report, cli::StepContext& context) {
  if (context.common.output == cli::OutputFormat::kJson) {
    context.out << RenderJson(report).dump(2) << "\n";
  } else {
    context.out << RenderText(report);
  }
  for (const RegionReport& region : report.regions) {
    if (!region.error.empty()) {
      context.ci.Annotate({ci::Severity::kError, region.region + ": " + region.error, "", 0, 0, 0,
                           0, "bakery-retention"});
    }
    for (const ApplyResult& result : region.results) {
      if (!result.ok) {
        context.ci.Annotate({ci::Severity::kError, ResultLine(result), "", 0, 0, 0, 0,
                             "bakery-retention"});
      }
    }
  }
  (void)context.ci.SetOutput("planned-deletions", std::to_string(report.Count(Action::kDelete)));
  (void)context.ci.SetOutput("deleted", std::to_string(Succeeded(report, "deregistered") +
                                                        Succeeded(report, "already")));
  (void)context.ci.SetOutput("failed", std::to_string(report.Failures()));
  (void)context.ci.AppendSummary(RenderSummary(report));
}

}  // namespace bakery::retention
