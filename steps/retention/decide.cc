#include "steps/retention/decide.h"

#include <algorithm>

#include "common/base/strings.h"
#include "common/base/time_format.h"

namespace bakery::retention {

std::string ActionName(Action action) {
  switch (action) {
    case Action::kKeep: return "KEEP";
    case Action::kDeprecate: return "DEPRECATE";
    case Action::kDelete: return "DELETE";
  }
  return "KEEP";
}

namespace {

using std::chrono::seconds;

seconds AgeOf(const catalog::ImageRecord& image, SystemTime now) {
  return std::chrono::duration_cast<seconds>(now - *image.created);
}

// Rules that keep an image whatever its rank: returns the reasons (empty
// when none applies). `in_use` tells the caller not to count it toward keep.
std::vector<std::string> Protections(const catalog::ImageRecord& image, const FamilyInput& input,
                                     bool& in_use) {
  std::vector<std::string> reasons;
  if (image.state == "pending") reasons.push_back("not available yet (pending)");
  if (!image.created) reasons.push_back(fmt::format("creation date \"{}\" unreadable", image.creation_date));
  in_use = false;
  if (auto usage = input.usage.find(image.region); usage != input.usage.end()) {
    if (auto it = usage->second.uses.find(image.id); it != usage->second.uses.end()) {
      in_use = true;
      for (const std::string& use : it->second) reasons.push_back("in use by " + use);
    }
    if (!input.include_shared) {
      if (auto it = usage->second.shared.find(image.id); it != usage->second.shared.end()) {
        reasons.push_back(it->second + " (use --include-shared to allow)");
      }
    }
  }
  if (image.keep) reasons.push_back("tagged keep=true");
  if (image.is_public && !input.include_shared) {
    reasons.push_back("public (use --include-shared to allow)");
  }
  const auto& protected_statuses = input.policy.keep_status;
  if (!image.status.empty() &&
      std::ranges::find(protected_statuses, image.status) != protected_statuses.end()) {
    reasons.push_back(fmt::format("status {} is protected (keep-status)", image.status));
  }
  return reasons;
}

// The deprecate-first stage for an image that policy would delete.
void ApplyDeprecateFirst(Decision& decision, seconds wait, SystemTime now) {
  const std::string& at = decision.image.deprecation_time;
  auto deprecated_at = at.empty() ? Result<SystemTime>(std::unexpected(Error{})) : ParseIso8601(at);
  if (!deprecated_at) {
    decision.action = Action::kDeprecate;
    decision.reasons.push_back(
        fmt::format("deprecate first; delete once deprecated for {}", FormatDuration(wait)));
    return;
  }
  if (*deprecated_at > now) {
    decision.action = Action::kKeep;
    decision.reasons = {fmt::format("deprecation scheduled for {}; deleted {} after it "
                                    "(deprecate-first)", at, FormatDuration(wait))};
    return;
  }
  seconds since = std::chrono::duration_cast<seconds>(now - *deprecated_at);
  if (since >= wait) {
    decision.reasons.push_back(fmt::format("deprecated {} ago (deprecate-first {})",
                                           FormatDuration(since), FormatDuration(wait)));
    return;
  }
  decision.action = Action::kKeep;
  decision.reasons = {fmt::format("deprecated {} ago; deleted after {} (deprecate-first)",
                                  FormatDuration(since), FormatDuration(wait))};
}

Decision DecideOne(const catalog::ImageRecord& image, const FamilyInput& input, SystemTime now,
                   long& rank) {
  Decision decision{image, Action::kKeep, {}};
  bool in_use = false;
  decision.reasons = Protections(image, input, in_use);
  if (!in_use) ++rank;  // in-use images do not count toward keep
  if (!decision.reasons.empty()) return decision;
  const config::RetentionPolicy& policy = input.policy;
  if (rank <= policy.keep) {
    decision.reasons.push_back(fmt::format("newest {} of {} (keep)", rank, policy.keep));
    return decision;
  }
  seconds age = AgeOf(image, now);
  if (age < policy.min_age) {
    decision.reasons.push_back(fmt::format("age {} is under min-age {}", FormatDuration(age),
                                           FormatDuration(policy.min_age)));
    return decision;
  }
  decision.action = Action::kDelete;
  decision.reasons.push_back(fmt::format("beyond the newest {}, age {} over min-age {}",
                                         policy.keep, FormatDuration(age),
                                         FormatDuration(policy.min_age)));
  if (policy.deprecate_first) ApplyDeprecateFirst(decision, *policy.deprecate_first, now);
  return decision;
}

// Keeps the newest deletions beyond the cap: the oldest images go first.
void ApplyCap(std::vector<Decision>& decisions, long cap) {
  std::vector<Decision*> deletions;
  for (Decision& decision : decisions) {
    if (decision.action == Action::kDelete) deletions.push_back(&decision);
  }
  std::ranges::sort(deletions, [](const Decision* a, const Decision* b) {
    if (a->image.created != b->image.created) return a->image.created < b->image.created;
    return a->image.id < b->image.id;
  });
  for (size_t i = static_cast<size_t>(std::max(cap, 0L)); i < deletions.size(); ++i) {
    deletions[i]->action = Action::kKeep;
    deletions[i]->reasons = {fmt::format("over max-deletions {} for this run", cap)};
  }
}

}  // namespace

std::vector<Decision> Decide(const FamilyInput& input, SystemTime now) {
  std::map<std::string, std::vector<catalog::ImageRecord>> by_region;
  for (const catalog::ImageRecord& image : input.images) by_region[image.region].push_back(image);
  std::vector<Decision> decisions;
  for (auto& [region, images] : by_region) {
    catalog::SortNewestFirst(images);
    long rank = 0;
    for (const catalog::ImageRecord& image : images) {
      decisions.push_back(DecideOne(image, input, now, rank));
    }
  }
  ApplyCap(decisions, input.policy.max_deletions);
  return decisions;
}

std::vector<OrphanDecision> DecideOrphans(const OrphanInput& input, SystemTime now) {
  std::vector<OrphanDecision> decisions;
  for (const aws::Snapshot& snapshot : input.snapshots) {
    if (input.referenced.contains(snapshot.id)) continue;
    OrphanDecision decision{snapshot, "", false, ""};
    auto family = snapshot.tags.find(input.family_tag);
    if (family == snapshot.tags.end()) continue;
    decision.family = family->second;
    auto policy = input.policies.find(decision.family);
    if (policy == input.policies.end()) continue;
    auto started = ParseIso8601(snapshot.start_time);
    if (!started) {
      decision.reason = fmt::format("start time \"{}\" unreadable", snapshot.start_time);
    } else if (seconds age = std::chrono::duration_cast<seconds>(now - *started);
               age < policy->second.min_age) {
      decision.reason = fmt::format("orphan, but age {} is under min-age {}", FormatDuration(age),
                                    FormatDuration(policy->second.min_age));
    } else {
      decision.remove = true;
      decision.reason = "no image uses it (orphan)";
    }
    decisions.push_back(std::move(decision));
  }
  return decisions;
}

}  // namespace bakery::retention
