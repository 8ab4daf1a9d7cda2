#pragma once
// Checks on a parsed bakery.yml that span keys: parents that exist, no
// parent cycles, parent-variable only with a parent.

#include <string_view>

#include "common/config/config.h"

namespace bakery::config {

/// True for names shaped like an AWS region ("us-east-1", "us-gov-west-1").
bool LooksLikeRegion(std::string_view name);

/// kBadInput at the offending `parent:` value: an unknown parent (with "did
/// you mean"), a cycle (naming it: "a -> b -> a"), or parent-variable
/// without parent.
Result<void> CheckImageGraph(const Config& config);

}  // namespace bakery::config
