#include "steps/retention/report.h"

#include <ostream>

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
  return {d.image.region,         d.image.family,    d.image.id,           OrDash(d.image.version),
          OrDash(d.image.status), Age(d.image, now), ActionName(d.action), Join(d.reasons, "; ")};
}

std::string ResultLine(const ApplyResult& result) {
  std::string line = fmt::format("{} {} {}", result.region, result.id, result.action);
  std::vector<std::string> snapshots;
  for (const SnapshotResult& s : result.snapshots)
    snapshots.push_back(s.snapshot_id + " " + s.result);
  if (!snapshots.empty()) line += ": snapshots " + Join(snapshots, ", ");
  if (!result.reason.empty()) line += " (" + result.reason + ")";
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
  std::string line =
      fmt::format("plan: {} to delete, {} to deprecate, {} to keep", report.Count(Action::kDelete),
                  report.Count(Action::kDeprecate), report.Count(Action::kKeep));
  if (orphans > 0) line += fmt::format(", {} orphan snapshots to delete", orphans);
  line +=
      fmt::format(" in {} region{}", report.regions.size(), report.regions.size() == 1 ? "" : "s");
  if (!report.apply) return line + "; dry run, nothing changed (add --apply)";
  return line +
         fmt::format("; applied: {} deregistered, {} deprecated, {} orphans deleted, {} failed",
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
      orphan_rows.push_back(
          {region.region, o.family, o.snapshot.id, o.remove ? "DELETE" : "KEEP", o.reason});
    }
  }
  if (!orphan_rows.empty()) {
    text +=
        "\n" + report::TextTable({"REGION", "FAMILY", "SNAPSHOT", "ACTION", "REASON"}, orphan_rows);
  }
  std::string results;
  for (const RegionReport& region : report.regions) {
    if (!region.error.empty()) {
      results +=
          fmt::format("{}: not planned, nothing changed there: {}\n", region.region, region.error);
    }
    for (const ApplyResult& result : region.results) results += ResultLine(result) + "\n";
  }
  if (!results.empty()) text += "\n" + results;
  return text + SummaryLine(report) + "\n";
}

namespace {

json DecisionJson(const Decision& d, SystemTime now) {
  return {{"id", d.image.id},
          {"name", d.image.name},
          {"family", d.image.family},
          {"version", d.image.version},
          {"status", d.image.status},
          {"created", d.image.creation_date},
          {"age_days", catalog::AgeDays(d.image, now)},
          {"snapshots", d.image.SnapshotIds()},
          {"action", ActionName(d.action)},
          {"reasons", d.reasons}};
}

json ResultJson(const ApplyResult& r) {
  json snapshots = json::array();
  for (const SnapshotResult& s : r.snapshots) {
    snapshots.push_back({{"snapshot_id", s.snapshot_id}, {"result", s.result}, {"ok", s.ok}});
  }
  return {{"id", r.id},       {"action", r.action}, {"ok", r.ok},
          {"error", r.error}, {"reason", r.reason}, {"snapshots", snapshots}};
}

// Writes `items` as a JSON array, one element at a time.
template <typename T, typename F>
void StreamArray(std::ostream& out, const std::vector<T>& items, F&& to_json) {
  out << "[";
  for (size_t i = 0; i < items.size(); ++i) out << (i == 0 ? "\n" : ",\n") << to_json(items[i]);
  out << "]";
}

}  // namespace

void WriteJson(const Report& report, std::ostream& out) {
  json head = {{"apply", report.apply},
               {"families", report.families},
               {"summary",
                {{"delete", report.Count(Action::kDelete)},
                 {"deprecate", report.Count(Action::kDeprecate)},
                 {"keep", report.Count(Action::kKeep)},
                 {"failed", report.Failures()}}}};
  std::string text = head.dump();
  out << text.substr(0, text.size() - 1) << ",\"regions\":[";
  for (size_t i = 0; i < report.regions.size(); ++i) {
    const RegionReport& region = report.regions[i];
    out << (i == 0 ? "" : ",") << "\n{\"region\":" << json(region.region)
        << ",\"error\":" << (region.error.empty() ? json(nullptr) : json(region.error))
        << ",\"images\":";
    StreamArray(out, region.decisions,
                [&](const Decision& d) { return DecisionJson(d, report.now); });
    out << ",\"orphans\":";
    StreamArray(out, region.orphans, [](const OrphanDecision& o) {
      return json{{"snapshot_id", o.snapshot.id},
                  {"family", o.family},
                  {"action", o.remove ? "DELETE" : "KEEP"},
                  {"reason", o.reason}};
    });
    out << ",\"results\":";
    StreamArray(out, region.results, ResultJson);
    out << "}";
  }
  out << "]}\n";
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
    if (!region.error.empty())
      markdown += fmt::format("\n- **{}**: {}\n", region.region, region.error);
    for (const ApplyResult& result : region.results) {
      if (!result.ok) markdown += "\n- " + ResultLine(result) + "\n";
    }
  }
  return markdown;
}

void WriteReport(const Report& report, cli::StepContext& context) {
  if (context.common.output == cli::OutputFormat::kJson) {
    WriteJson(report, context.out);
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
        context.ci.Annotate(
            {ci::Severity::kError, ResultLine(result), "", 0, 0, 0, 0, "bakery-retention"});
      }
    }
  }
  (void)context.ci.SetOutput("planned-deletions", std::to_string(report.Count(Action::kDelete)));
  (void)context.ci.SetOutput(
      "deleted", std::to_string(Succeeded(report, "deregistered") + Succeeded(report, "already")));
  (void)context.ci.SetOutput("failed", std::to_string(report.Failures()));
  (void)context.ci.AppendSummary(RenderSummary(report));
}

}  // namespace bakery::retention
