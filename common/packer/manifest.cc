#include "common/packer/manifest.h"

#include <regex>
#include <set>

#include <nlohmann/json.hpp>

#include "common/base/json_position.h"
#include "common/base/strings.h"

namespace bakery::packer {
namespace {

using nlohmann::json;

// AWS region names: partition-ish prefix, area, number ("us-gov-west-1").
bool LooksLikeRegion(std::string_view text) {
  static const std::regex kRegion("[a-z]{2}(-[a-z]+)+-[0-9]+");
  return std::regex_match(text.begin(), text.end(), kRegion);
}

bool LooksLikeAmi(std::string_view text) {
  static const std::regex kAmi("ami-[0-9a-f]{8,17}");
  return std::regex_match(text.begin(), text.end(), kAmi);
}

std::string StringField(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<ManifestBuild> ParseBuild(const json& entry, size_t index, const std::string& path) {
  if (!entry.is_object()) {
    return Fail(ErrorKind::kBadInput, "{}: builds[{}] is not an object", path, index);
  }
  ManifestBuild build;
  build.name = StringField(entry, "name");
  build.builder_type = StringField(entry, "builder_type");
  build.artifact_id = StringField(entry, "artifact_id");
  build.run_uuid = StringField(entry, "packer_run_uuid");
  if (auto time = entry.find("build_time"); time != entry.end() && time->is_number_integer()) {
    build.build_time = time->get<int64_t>();
  }
  return build;
}

Result<void> ParseAmis(ManifestBuild& build, const std::string& path) {
  auto amis = ParseArtifactId(build.artifact_id);
  if (!amis) {
    return Fail(ErrorKind::kBadInput,
                "{}: build '{}': malformed artifact_id '{}': expected "
                "REGION:AMI_ID[,REGION:AMI_ID...] (is it an amazon builder?)",
                path, build.name, build.artifact_id);
  }
  build.amis = std::move(*amis);
  return {};
}

}  // namespace

std::optional<std::vector<RegionalAmi>> ParseArtifactId(std::string_view artifact_id) {
  std::vector<RegionalAmi> amis;
  if (artifact_id.empty()) return std::nullopt;
  for (const std::string& part : Split(artifact_id, ',')) {
    size_t colon = part.find(':');
    if (colon == std::string::npos) return std::nullopt;
    std::string region = part.substr(0, colon);
    std::string ami = part.substr(colon + 1);
    if (!LooksLikeRegion(region) || !LooksLikeAmi(ami)) return std::nullopt;
    amis.push_back({std::move(region), std::move(ami)});
  }
  return amis;
}

Result<Manifest> ParseManifest(std::string_view text, const std::string& path) {
  json document = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return std::unexpected(JsonSyntaxError(text, path));
  }
  if (!document.is_object() || !document.contains("builds") || !document["builds"].is_array()) {
    return Fail(ErrorKind::kBadInput,
                "{}: not a Packer manifest: expected an object with a \"builds\" list", path);
  }
  Manifest manifest;
  manifest.last_run_uuid = StringField(document, "last_run_uuid");
  std::set<std::string> runs;
  const json& builds = document["builds"];
  for (size_t i = 0; i < builds.size(); ++i) {
    auto build = ParseBuild(builds[i], i, path);
    if (!build) return std::unexpected(build.error());
    ++manifest.total_builds;
    runs.insert(build->run_uuid);
    if (build->run_uuid != manifest.last_run_uuid) continue;
    if (auto parsed = ParseAmis(*build, path); !parsed) return std::unexpected(parsed.error());
    manifest.last_run.push_back(std::move(*build));
  }
  manifest.runs = static_cast<int>(runs.size());
  if (manifest.last_run.empty()) {
    return Fail(ErrorKind::kBadInput,
                "{}: no build in the last run (last_run_uuid '{}' matches none of its {} builds)",
                path, manifest.last_run_uuid, manifest.total_builds);
  }
  return manifest;
}

Result<const ManifestBuild*> FindBuild(const Manifest& manifest, std::string_view name,
                                       const std::string& path) {
  std::vector<std::string> names;
  for (const ManifestBuild& build : manifest.last_run) {
    if (build.name == name || build.QualifiedName() == name) return &build;
    names.push_back(build.name);
  }
  return Fail(ErrorKind::kBadInput, "{}: unknown build '{}'{}; the last run has: {}", path, name,
              DidYouMean(name, names), Join(names, ", "));
}

}  // namespace bakery::packer
