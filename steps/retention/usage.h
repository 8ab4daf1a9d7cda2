#pragma once
// What keeps an image in use in one region: non-terminated instances,
// launch templates (default and latest version, or all), SSM parameters
// under configured paths, and launch permissions for other accounts. Any
// lookup that fails fails the region (fail closed): a plan must never rest
// on a partial picture of what is in use.

#include <string>
#include <vector>

#include "common/base/error.h"
#include "steps/retention/decide.h"
#include "steps/retention/region_api.h"

namespace bakery::retention {

struct UsageOptions {
  std::vector<std::string> ssm_paths;
  bool all_template_versions = false;
};

/// Instances, launch templates and SSM parameters of `api`'s region.
Result<Usage> CollectUsage(RegionApi& api, const UsageOptions& options);

/// Adds the launch permissions of `image_ids` to `usage.shared` (one
/// DescribeImageAttribute per image).
Result<void> CollectShared(RegionApi& api, const std::vector<std::string>& image_ids, Usage& usage);

}  // namespace bakery::retention
