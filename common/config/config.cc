#include "common/config/config.h"

#include <algorithm>

namespace bakery::config {

const std::vector<std::string>& KnownStatuses() {
  static const std::vector<std::string> statuses = {"testing",    "tested",     "staging",
                                                    "production", "superseded", "revoked"};
  return statuses;
}

RetentionPolicy RetentionPolicy::With(const RetentionSettings& settings) const {
  RetentionPolicy policy = *this;
  if (settings.keep) policy.keep = *settings.keep;
  if (settings.min_age) policy.min_age = *settings.min_age;
  if (settings.keep_status) policy.keep_status = *settings.keep_status;
  if (settings.max_deletions) policy.max_deletions = *settings.max_deletions;
  if (settings.deprecate_first) policy.deprecate_first = *settings.deprecate_first;
  return policy;
}

const ImageConfig* Config::FindImage(const std::string& name) const {
  auto it = std::ranges::find(images, name, &ImageConfig::name);
  return it == images.end() ? nullptr : &*it;
}

std::vector<std::string> Config::ManagedFamilies() const {
  std::vector<std::string> families;
  for (const ImageConfig& image : images) families.push_back(image.name);
  for (const auto& [family, settings] : family_retention) families.push_back(family);
  std::ranges::sort(families);
  families.erase(std::unique(families.begin(), families.end()), families.end());
  return families;
}

RetentionPolicy Config::PolicyFor(const std::string& family) const {
  RetentionPolicy policy = RetentionPolicy{}.With(retention_defaults);
  if (const ImageConfig* image = FindImage(family)) policy = policy.With(image->retention);
  if (auto it = family_retention.find(family); it != family_retention.end()) {
    policy = policy.With(it->second);
  }
  return policy;
}

std::vector<std::string> Config::RegionsFor(const ImageConfig& image) const {
  return image.regions.empty() ? regions : image.regions;
}

}  // namespace bakery::config
