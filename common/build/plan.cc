#include "common/build/plan.h"

#include <set>

#include <fmt/format.h>

#include "common/aws/crypto.h"
#include "common/base/time_format.h"
#include "common/build/image_graph.h"

namespace bakery::build {
namespace {

constexpr std::string_view kFingerprintScheme = "bakery-fingerprint-v1";

bool IsTemplateFile(const std::string& path) {
  return path.ends_with(".pkr.hcl") || path.ends_with(".pkr.json") ||
         path.ends_with(".pkrvars.hcl") || path.ends_with(".pkrvars.json") ||
         path.ends_with(".json") || path.ends_with(".hcl");
}

// Every file the fingerprint covers, deduplicated and sorted.
Result<std::pair<std::set<std::string>, std::vector<std::string>>> CollectFiles(
    const ImageSpec& image, const PlanInputs& inputs) {
  std::set<std::string> files;
  for (const std::string& path : inputs.digests->Expand(image.template_path)) {
    if (path == image.template_path || IsTemplateFile(path)) files.insert(path);
  }
  if (files.empty()) {
    return Fail(ErrorKind::kBadInput, "image \"{}\": template \"{}\" matches no file",
                image.name, image.template_path);
  }
  for (const std::string& input : image.inputs) {
    std::vector<std::string> expanded = inputs.digests->Expand(input);
    if (expanded.empty()) {
      return Fail(ErrorKind::kBadInput, "image \"{}\": input \"{}\" matches no file", image.name,
                  input);
    }
    files.insert(expanded.begin(), expanded.end());
  }
  for (const std::string& var_file : image.var_files) files.insert(var_file);
  std::vector<std::string> unresolved;
  if (inputs.discover) {
    Result<DiscoveredInputs> discovered = inputs.discover(image);
    if (!discovered) return std::unexpected(std::move(discovered.error()));
    for (const std::string& file : discovered->files) {
      for (const std::string& expanded : inputs.digests->Expand(file)) files.insert(expanded);
      if (inputs.digests->Expand(file).empty()) files.insert(file);  // fingerprinted as missing
    }
    unresolved = discovered->unresolved;
  }
  return std::pair{std::move(files), std::move(unresolved)};
}

std::optional<std::chrono::seconds> AgeOf(const CatalogImage& image, SystemTime now) {
  Result<SystemTime> created = ParseIso8601(image.created);
  if (!created) return std::nullopt;
  return std::chrono::duration_cast<std::chrono::seconds>(now - *created);
}

Result<void> Decide(PlanEntry& entry, const ImageSpec& image, const PlanInputs& inputs,
                    const PlanOptions& options, const std::set<std::string>& rebuilt) {
  const std::string& region = image.regions.front();
  if (options.force && entry.selected) {
    entry.action = PlanAction::kBuild;
    entry.reason = "--force";
    return {};
  }
  if (!entry.parent.empty() && rebuilt.contains(entry.parent)) {
    entry.action = PlanAction::kBuild;
    entry.reason = fmt::format("its parent {} is rebuilt", entry.parent);
    return {};
  }
  Result<std::optional<CatalogImage>> built =
      inputs.catalog->FindBuilt(region, image.name, entry.fingerprint);
  if (!built) return std::unexpected(std::move(built.error()));
  if (!*built) {
    entry.action = PlanAction::kBuild;
    entry.reason = fmt::format("no image with fingerprint {} in {}", entry.fingerprint, region);
    return {};
  }
  entry.existing = **built;
  std::optional<std::chrono::seconds> max_age = options.max_age ? options.max_age : image.max_age;
  std::optional<std::chrono::seconds> age = AgeOf(**built, inputs.now);
  if (max_age && entry.selected && age && *age > *max_age) {
    entry.action = PlanAction::kBuild;
    entry.reason = fmt::format("newest image {} is {} old (max age {})", (*built)->id,
                               FormatDuration(*age), FormatDuration(*max_age));
    return {};
  }
  entry.action = PlanAction::kSkip;
  entry.reason = fmt::format("up to date: {} in {}{}", (*built)->id, region,
                             (*built)->commit.empty()
                                 ? ""
                                 : " from commit " + (*built)->commit.substr(0, 12));
  return {};
}

}  // namespace

std::string ComputeFingerprint(const std::map<std::string, std::string>& file_digests,
                               const std::string& config_text,
                               const std::string& parent_fingerprint) {
  std::string material = fmt::format("{}\nparent {}\nconfig {}\n", kFingerprintScheme,
                                     parent_fingerprint, config_text);
  for (const auto& [path, digest] : file_digests) material += fmt::format("file {} {}\n", path, digest);
  return aws::Sha256Hex(material).substr(0, 32);
}

Result<std::vector<PlanEntry>> PlanBuild(const PlanInputs& inputs, const PlanOptions& options) {
  std::vector<ImageNode> nodes;
  std::map<std::string, const ImageSpec*> by_name;
  for (const ImageSpec& image : *inputs.images) {
    nodes.push_back({image.name, image.parent});
    by_name[image.name] = &image;
  }
  Result<std::vector<std::string>> order = TopologicalOrder(nodes);
  if (!order) return std::unexpected(std::move(order.error()));
  std::set<std::string> selected(order->begin(), order->end());
  if (!options.only.empty()) {
    Result<std::vector<std::string>> chosen =
        SelectImages(nodes, *order, options.only, options.with_children);
    if (!chosen) return std::unexpected(std::move(chosen.error()));
    selected = std::set<std::string>(chosen->begin(), chosen->end());
  }
  std::vector<PlanEntry> plan;
  std::map<std::string, std::string> fingerprints;
  std::set<std::string> rebuilt;
  for (const std::string& name : *order) {
    const ImageSpec& image = *by_name.at(name);
    PlanEntry entry{.name = name, .parent = image.parent, .selected = selected.contains(name)};
    auto collected = CollectFiles(image, inputs);
    if (!collected) return std::unexpected(std::move(collected.error()));
    std::map<std::string, std::string> digests;
    for (const std::string& path : collected->first) {
      Result<std::string> digest = inputs.digests->Of(path);
      if (!digest) return std::unexpected(std::move(digest.error()));
      digests[path] = *digest;
    }
    entry.input_files.assign(collected->first.begin(), collected->first.end());
    entry.unresolved = collected->second;
    std::string parent_fp = image.parent.empty() ? "" : fingerprints.at(image.parent);
    entry.fingerprint = ComputeFingerprint(digests, image.config_text, parent_fp);
    fingerprints[name] = entry.fingerprint;
    if (Result<void> decided = Decide(entry, image, inputs, options, rebuilt); !decided) {
      return std::unexpected(std::move(decided.error()));
    }
    if (!entry.selected && entry.action == PlanAction::kBuild) {
      // Outside the selection: not built here; its children cannot be either.
      entry.reason = "not selected (--only); " + entry.reason;
    }
    if (entry.action == PlanAction::kBuild && entry.selected) rebuilt.insert(name);
    plan.push_back(std::move(entry));
  }
  return plan;
}

}  // namespace bakery::build
