#pragma once
// What bakery-build reports: the plan (table, JSON, GitHub matrix) and the
// outcome (.bakery/build.json, step outputs, summary table).

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/build/plan.h"
#include "common/ci/context.h"

namespace bakery::build_step {

enum class ImageStatus { kBuilt, kSkipped, kFailed, kNotAttempted };

struct ImageOutcome {
  std::string name;
  ImageStatus status = ImageStatus::kSkipped;
  std::string reason;
  std::string fingerprint;
  std::string version;
  std::string parent;
  std::string source_ami;
  std::map<std::string, std::string> amis;  // region → AMI (built, or the up-to-date one)
  int attempts = 0;
  int interrupted_by = 0;  // SIGINT/SIGTERM forwarded to Packer (not recorded)
};

std::string StatusName(ImageStatus status);

/// "IMAGE  ACTION  FINGERPRINT  REASON" table.
std::string PlanTable(const std::vector<build::PlanEntry>& plan);
nlohmann::json PlanJson(const std::vector<build::PlanEntry>& plan);
/// {"include": [{"image": …, "fingerprint": …, "parent": …}]} of the images to build.
nlohmann::json PlanMatrix(const std::vector<build::PlanEntry>& plan);

/// The .bakery/build.json document.
nlohmann::json RecordJson(const std::vector<ImageOutcome>& outcomes, const ci::CiContext& ci);
/// The step summary: one row per image.
std::string SummaryMarkdown(const std::vector<ImageOutcome>& outcomes, const ci::CiContext& ci);
/// The human table printed at the end.
std::string OutcomeTable(const std::vector<ImageOutcome>& outcomes);

}  // namespace bakery::build_step
