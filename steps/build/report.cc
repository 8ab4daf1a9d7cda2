#include "steps/build/report.h"

#include "common/base/strings.h"
#include "common/ci/format.h"
#include "common/report/text_table.h"

namespace bakery::build_step {
namespace {

using nlohmann::json;

std::string AmiList(const std::map<std::string, std::string>& amis) {
  std::vector<std::string> parts;
  for (const auto& [region, ami] : amis) parts.push_back(region + ":" + ami);
  return parts.empty() ? "—" : Join(parts, " ");
}

}  // namespace

std::string StatusName(ImageStatus status) {
  switch (status) {
    case ImageStatus::kBuilt: return "built";
    case ImageStatus::kSkipped: return "skipped";
    case ImageStatus::kFailed: return "failed";
    case ImageStatus::kNotAttempted: return "not-attempted";
  }
  return "skipped";
}

std::string PlanTable(const std::vector<build::PlanEntry>& plan) {
  std::vector<std::vector<std::string>> rows;
  for (const build::PlanEntry& entry : plan) {
    std::string action = entry.action == build::PlanAction::kBuild && entry.selected ? "build"
                                                                                       : "skip";
    rows.push_back({entry.name, action, entry.fingerprint, entry.reason});
  }
  return report::TextTable({"IMAGE", "ACTION", "FINGERPRINT", "REASON"}, rows);
}

json PlanJson(const std::vector<build::PlanEntry>& plan) {
  json images = json::array();
  for (const build::PlanEntry& entry : plan) {
    json item = {{"name", entry.name},
                 {"action", entry.action == build::PlanAction::kBuild && entry.selected ? "build"
                                                                                         : "skip"},
                 {"reason", entry.reason},
                 {"fingerprint", entry.fingerprint},
                 {"parent", entry.parent.empty() ? json(nullptr) : json(entry.parent)},
                 {"selected", entry.selected},
                 {"inputs", entry.input_files},
                 {"unresolved_inputs", entry.unresolved}};
    if (entry.existing) {
      item["existing"] = {{"id", entry.existing->id}, {"region", entry.existing->region},
                          {"created", entry.existing->created},
                          {"commit", entry.existing->commit}};
    }
    images.push_back(std::move(item));
  }
  return {{"images", images}};
}

json PlanMatrix(const std::vector<build::PlanEntry>& plan) {
  json include = json::array();
  for (const build::PlanEntry& entry : plan) {
    if (entry.action != build::PlanAction::kBuild || !entry.selected) continue;
    include.push_back({{"image", entry.name}, {"fingerprint", entry.fingerprint},
                       {"parent", entry.parent}});
  }
  return {{"include", include}};
}

json RecordJson(const std::vector<ImageOutcome>& outcomes, const ci::CiContext& ci) {
  json images = json::array();
  for (const ImageOutcome& outcome : outcomes) {
    images.push_back({{"name", outcome.name},
                      {"family", outcome.name},  // the catalog's word for it (promote reads it)
                      {"status", StatusName(outcome.status)},
                      {"reason", outcome.reason},
                      {"fingerprint", outcome.fingerprint},
                      {"version", outcome.version},
                      {"parent", outcome.parent},
                      {"source_ami", outcome.source_ami},
                      {"amis", outcome.amis},
                      {"attempts", outcome.attempts}});
  }
  return {{"version", 1},           {"commit", ci.commit},  {"branch", ci.branch},
          {"repository", ci.repository}, {"run_url", ci.run_url}, {"run_id", ci.run_id},
          {"images", images}};
}

std::string SummaryMarkdown(const std::vector<ImageOutcome>& outcomes, const ci::CiContext& ci) {
  std::vector<std::vector<std::string>> rows;
  for (const ImageOutcome& outcome : outcomes) {
    rows.push_back({outcome.name, StatusName(outcome.status), AmiList(outcome.amis),
                    outcome.reason});
  }
  return fmt::format("### bakery build — {} on {}\n\n{}\n", ci.commit.substr(0, 12),
                     ci.branch.empty() ? "(no branch)" : ci.branch,
                     ci::MarkdownTable({"Image", "Status", "AMIs", "Why"}, rows));
}

std::string OutcomeTable(const std::vector<ImageOutcome>& outcomes) {
  std::vector<std::vector<std::string>> rows;
  for (const ImageOutcome& outcome : outcomes) {
    rows.push_back({outcome.name, StatusName(outcome.status), AmiList(outcome.amis),
                    outcome.reason});
  }
  return report::TextTable({"IMAGE", "STATUS", "AMIS", "WHY"}, rows);
}

}  // namespace bakery::build_step
