#pragma once
// Checks on a parsed bakery.yml that span keys: parents that exist, no
// parent cycles, parent-variable only with a parent.

#include <string_view>

#include "common/config/config.h"

namespace bakery::config {

/// True for names shaped like an AWS region ("us-east-1", "us-gov-west-1").
bool LooksLikeRegion(std::string_view name);

/// kBadInput at the offending `parent:` value: an unknown parent (with "did
/// you mean"), a cycle (naming it: "a -> b -> a") when `cycles`, or
/// parent-variable without parent. ParseConfig checks all but cycles, so
/// bakery-validate can report a cycle next to its other findings; the build
/// reports cycles when it orders the images.
Result<void> CheckImageGraph(const Config& config, bool cycles = true);

}  // namespace bakery::config
