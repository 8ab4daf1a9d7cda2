#pragma once
// The retention decision as a pure function: images + usage + policy + now
// → KEEP / DEPRECATE / DELETE for every image, each with its reasons. No
// AWS here; usage.h collects the inputs and apply.h carries out the plan.

#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/base/clock.h"
#include "common/catalog/catalog.h"
#include "common/config/config.h"

namespace bakery::retention {

/// What references images in one region. Values are human reasons such as
/// "instance i-0abc (running)".
struct Usage {
  std::map<std::string, std::vector<std::string>> uses;  // image id → reasons
  /// Images with launch permissions for other accounts: id → "shared with 111122223333".
  std::map<std::string, std::string> shared;
};

enum class Action { kKeep, kDeprecate, kDelete };

/// "KEEP", "DEPRECATE", "DELETE".
std::string ActionName(Action action);

struct Decision {
  catalog::ImageRecord image;
  Action action = Action::kKeep;
  std::vector<std::string> reasons;
};

struct FamilyInput {
  std::string family;
  std::vector<catalog::ImageRecord> images;  // every region
  std::map<std::string, Usage> usage;        // region → usage
  config::RetentionPolicy policy;
  bool include_shared = false;
};

/// Decides every image of one family. Rules, in order: pending images,
/// unknown creation date, in use (instances, launch templates, SSM
/// parameters), keep=true, public/shared (unless include_shared), protected
/// status (keep-status), newest `keep` per region among images not in use,
/// min-age, then deprecate-first; the oldest deletions beyond max-deletions
/// (per family, all regions) are kept. The result is sorted by region, then
/// newest first.
std::vector<Decision> Decide(const FamilyInput& input, SystemTime now);

/// Snapshots that belong to a managed family but no image references.
struct OrphanInput {
  std::vector<aws::Snapshot> snapshots;         // tagged with a managed family, one region
  std::set<std::string> referenced;             // snapshot ids of every image in the region
  std::map<std::string, config::RetentionPolicy> policies;  // family → policy (min-age)
  std::string family_tag;                       // prefixed family tag key
};

struct OrphanDecision {
  aws::Snapshot snapshot;
  std::string family;
  bool remove = false;
  std::string reason;
};

/// Orphan snapshots are removed once older than their family's min-age.
std::vector<OrphanDecision> DecideOrphans(const OrphanInput& input, SystemTime now);

}  // namespace bakery::retention
