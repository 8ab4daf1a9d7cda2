#pragma once
// bakery-retention: plan KEEP/DEPRECATE/DELETE for every image of the
// managed families, with a reason each; --apply carries the plan out.
// Regions run in parallel; failures are reported per image (exit 3).

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "common/catalog/catalog.h"
#include "common/cli/step_main.h"
#include "common/config/config.h"
#include "steps/retention/apply.h"
#include "steps/retention/decide.h"
#include "steps/retention/region_api.h"
#include "steps/retention/usage.h"

namespace bakery::retention {

struct RetentionOptions {
  std::vector<std::string> families;
  long keep = -1;  // -1: from bakery.yml
  std::string min_age;
  std::vector<std::string> keep_status;  // "none" clears the list
  long max_deletions = -1;
  std::string deprecate_first;
  bool apply = false;
  bool orphans = false;
  bool include_shared = false;
  bool check_all_template_versions = false;
  std::vector<std::string> ssm_paths;
};

/// Everything a run needs, resolved from flags and bakery.yml.
struct RunSettings {
  std::vector<std::string> families;
  std::map<std::string, config::RetentionPolicy> policies;  // family → policy
  catalog::TagNames names;
  UsageOptions usage;
  bool include_shared = false;
  bool orphans = false;
  bool apply = false;
};

/// Flags over bakery.yml; kBadInput for bad durations, statuses or no families.
Result<RunSettings> ResolveSettings(const RetentionOptions& options, const config::Config& config);

struct RegionReport {
  std::string region;
  std::string error;  // the region could not be planned (nothing done there)
  std::vector<Decision> decisions;
  std::vector<OrphanDecision> orphans;
  std::vector<ApplyResult> results;
};

struct Report {
  bool apply = false;
  SystemTime now;
  std::vector<std::string> families;
  std::vector<RegionReport> regions;

  long Count(Action action) const;
  long Failures() const;  // region errors + failed results
};

/// Plans (and with settings.apply, applies) over one RegionApi per region,
/// regions in parallel. `interrupted` (may be empty) stops --apply between changes.
Report Run(const RunSettings& settings, const std::vector<RegionApi*>& regions, Clock& clock,
           const std::function<bool()>& interrupted = {});

void DeclareRetentionOptions(cli::StepCommand& command, RetentionOptions& options);
ExitCode RunRetention(const RetentionOptions& options, cli::StepContext& context);
cli::StepSpec RetentionStep();

}  // namespace bakery::retention
