#include "steps/promote/promotion.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "common/base/strings.h"
#include "common/base/time_format.h"

namespace bakery::promote {
namespace {

bool Matches(const catalog::ImageRecord& image, const Selection& selection,
             const std::string& version) {
  if (!selection.amis.empty()) {
    auto it = selection.amis.find(image.region);
    return it != selection.amis.end() && it->second == image.id;
  }
  if (!version.empty()) return image.version == version;
  return image.id == selection.ami;
}

// --ami ID selects its version everywhere when the image carries one.
std::string VersionOf(const std::vector<RegionImages>& regions, const Selection& selection) {
  if (!selection.version.empty() || selection.ami.empty()) return selection.version;
  for (const RegionImages& region : regions) {
    for (const auto& image : region.images) {
      if (image.id == selection.ami) return image.version;
    }
  }
  return "";
}

std::string Describe(const Selection& selection, const std::string& version) {
  if (!selection.amis.empty()) return "the build record's AMIs";
  if (!version.empty()) return "version " + version;
  return selection.ami;
}

std::optional<std::string> Refusal(const catalog::ImageRecord& image, const std::string& to,
                                   const std::string& from, SystemTime now) {
  if (image.status == to) return std::nullopt;  // already there: idempotent
  if (image.status == "revoked") return "is revoked";
  if (!image.deprecation_time.empty()) {
    auto at = ParseIso8601(image.deprecation_time);
    if (!at || *at <= now) return "is deprecated since " + image.deprecation_time;
  }
  if (image.state != "available") return "is " + image.state + ", not available";
  if (!from.empty() && image.status != from) {
    return fmt::format("is not in {} (status {})", from,
                       image.status.empty() ? "none" : image.status);
  }
  return std::nullopt;
}

}  // namespace

bool IsExclusiveChannel(const std::string& channel) {
  return channel != "revoked" && channel != "testing" && channel != "tested";
}

Result<std::vector<Move>> PlanPromotion(const std::vector<RegionImages>& regions,
                                        const Selection& selection, const std::string& family,
                                        const std::string& to, const std::string& from,
                                        SystemTime now) {
  const std::string version = VersionOf(regions, selection);
  std::vector<Move> moves;
  std::vector<std::string> refusals;
  for (const RegionImages& region : regions) {
    auto it = std::ranges::find_if(region.images, [&](const catalog::ImageRecord& image) {
      return Matches(image, selection, version);
    });
    if (it == region.images.end()) continue;
    if (auto refusal = Refusal(*it, to, from, now)) {
      refusals.push_back(fmt::format("{} in {} {}", it->id, region.region, *refusal));
      continue;
    }
    Move move{region.region, *it, it->status, {}};
    if (IsExclusiveChannel(to)) {
      for (const auto& other : region.images) {
        if (other.id != it->id && other.status == to) move.superseded.push_back(other);
      }
    }
    moves.push_back(std::move(move));
  }
  if (!refusals.empty()) {
    return Fail(ErrorKind::kFailed, "refusing to promote to {}: {}", to, Join(refusals, "; "));
  }
  if (moves.empty()) {
    std::vector<std::string> names;
    for (const RegionImages& region : regions) names.push_back(region.region);
    return Fail(ErrorKind::kBadInput, "no image of family {} matches {} in {}", family,
                Describe(selection, version), Join(names, ", "));
  }
  return moves;
}

std::string ExpandParameterName(std::string name, const std::string& family,
                                const std::string& channel, const std::string& region) {
  for (const auto& [key, value] : {std::pair<std::string, std::string>{"{family}", family},
                                   {"{channel}", channel},
                                   {"{region}", region}}) {
    for (size_t at = name.find(key); at != std::string::npos; at = name.find(key, at)) {
      name.replace(at, key.size(), value);
      at += value.size();
    }
  }
  return name;
}

Result<std::map<std::string, std::string>> ReadBuildRecord(std::string_view text,
                                                           const std::string& path,
                                                           const std::string& family,
                                                           std::string& version) {
  nlohmann::json document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object() || !document.contains("images") ||
      !document["images"].is_array()) {
    return Fail(ErrorKind::kBadInput,
                "reading {}: expected a build record {{\"images\": [{{\"family\", \"version\", "
                "\"amis\": {{region: ami}}}}]}}",
                path);
  }
  std::vector<std::string> families;
  for (const auto& image : document["images"]) {
    if (!image.is_object()) continue;
    std::string name = image.value("family", image.value("name", std::string()));
    families.push_back(name);
    if (name != family) continue;
    std::map<std::string, std::string> amis;
    if (image.contains("amis") && image["amis"].is_object()) {
      for (const auto& [region, ami] : image["amis"].items()) {
        if (ami.is_string()) amis[region] = ami.get<std::string>();
      }
    }
    if (amis.empty()) {
      return Fail(ErrorKind::kBadInput, "reading {}: image {} has no AMIs (was it built?)", path,
                  family);
    }
    version = image.value("version", std::string());
    return amis;
  }
  return Fail(ErrorKind::kBadInput, "reading {}: no image of family {}{}", path, family,
              DidYouMean(family, families));
}

}  // namespace bakery::promote
