#pragma once
// Which temporary test-launch resources a cleanup run removes, as pure
// functions over what EC2 listed: instances tagged purpose=test-launch (of
// one run, or launched more than --older-than ago), and the key pairs and
// security groups that carry the same purpose tag and either were used by
// those instances, belong to the run, or are past their expires-at.
// Resources without the purpose tag are never selected.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "common/aws/ec2_types.h"
#include "common/base/clock.h"
#include "common/catalog/catalog.h"

namespace bakery::cleanup {

struct Scope {
  std::string run_id;                              // --run-id (or the current CI run)
  std::optional<std::chrono::seconds> older_than;  // --older-than
};

struct Selected {
  std::vector<aws::Instance> instances;  // to terminate (not yet terminated)
  std::vector<aws::KeyPair> key_pairs;
  std::vector<aws::SecurityGroup> groups;
};

/// Selects from everything tagged purpose=test-launch in one region.
Selected Select(const std::vector<aws::Instance>& instances,
                const std::vector<aws::KeyPair>& key_pairs,
                const std::vector<aws::SecurityGroup>& groups, const catalog::TagNames& names,
                const Scope& scope, SystemTime now);

}  // namespace bakery::cleanup
