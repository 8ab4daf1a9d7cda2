#include "steps/cleanup/selection.h"

#include <algorithm>
#include <set>

#include "common/base/time_format.h"

namespace bakery::cleanup {
namespace {

std::string TagOf(const aws::Tags& tags, const std::string& key) {
  auto it = tags.find(key);
  return it == tags.end() ? "" : it->second;
}

bool IsTestResource(const aws::Tags& tags, const catalog::TagNames& names) {
  return TagOf(tags, names.Key(catalog::kPurpose)) == catalog::kTestLaunch;
}

bool InRun(const aws::Tags& tags, const catalog::TagNames& names, const Scope& scope) {
  return !scope.run_id.empty() && TagOf(tags, names.Key(catalog::kRunId)) == scope.run_id;
}

bool Expired(const aws::Tags& tags, const catalog::TagNames& names, SystemTime now) {
  auto at = ParseIso8601(TagOf(tags, names.Key(catalog::kExpiresAt)));
  return at && *at <= now;
}

bool OldEnough(const aws::Instance& instance, const Scope& scope, SystemTime now) {
  if (!scope.older_than) return false;
  auto launched = ParseIso8601(instance.launch_time);
  return launched && now - *launched >= *scope.older_than;
}

}  // namespace

Selected Select(const std::vector<aws::Instance>& instances,
                const std::vector<aws::KeyPair>& key_pairs,
                const std::vector<aws::SecurityGroup>& groups, const catalog::TagNames& names,
                const Scope& scope, SystemTime now) {
  Selected selected;
  std::set<std::string> used_keys, used_groups;
  for (const aws::Instance& instance : instances) {
    if (!IsTestResource(instance.tags, names)) continue;
    bool chosen = InRun(instance.tags, names, scope) || OldEnough(instance, scope, now);
    if (!chosen) continue;
    if (!instance.key_name.empty()) used_keys.insert(instance.key_name);
    used_groups.insert(instance.security_group_ids.begin(), instance.security_group_ids.end());
    if (instance.state != "terminated") selected.instances.push_back(instance);
  }
  // Expiry only counts with --older-than: a run-scoped cleanup touches its run only.
  auto take = [&](const aws::Tags& tags, bool used) {
    if (!IsTestResource(tags, names)) return false;
    return used || InRun(tags, names, scope) || (scope.older_than && Expired(tags, names, now));
  };
  for (const aws::KeyPair& pair : key_pairs) {
    if (take(pair.tags, used_keys.contains(pair.name))) selected.key_pairs.push_back(pair);
  }
  for (const aws::SecurityGroup& group : groups) {
    if (take(group.tags, used_groups.contains(group.id))) selected.groups.push_back(group);
  }
  return selected;
}

}  // namespace bakery::cleanup
