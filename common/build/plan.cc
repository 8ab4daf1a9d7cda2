#include "common/build/plan.h"

#include <algorithm>
#include <future>
#include <iterator>
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

// Adds the files `input` names to `files`; how many it named.
Result<size_t> AddExpanded(const PlanInputs& inputs, const std::string& input,
                           std::set<std::string>& files) {
  Result<std::vector<std::string>> expanded = inputs.digests->Expand(input);
  if (!expanded) return std::unexpected(std::move(expanded.error()));
  files.insert(expanded->begin(), expanded->end());
  return expanded->size();
}

struct CollectedFiles {
  std::set<std::string> files;
  std::vector<std::string> unresolved;
};

// Every file the fingerprint covers, deduplicated and sorted.
Result<CollectedFiles> CollectFiles(const ImageSpec& image, const PlanInputs& inputs) {
  CollectedFiles collected;
  Result<std::vector<std::string>> template_files = inputs.digests->Expand(image.template_path);
  if (!template_files) return std::unexpected(std::move(template_files.error()));
  for (const std::string& path : *template_files) {
    if (path == image.template_path || IsTemplateFile(path)) collected.files.insert(path);
  }
  if (collected.files.empty()) {
    return Fail(ErrorKind::kBadInput, "image \"{}\": template \"{}\" matches no file",
                image.name, image.template_path);
  }
  for (const std::string& input : image.inputs) {
    Result<size_t> matched = AddExpanded(inputs, input, collected.files);
    if (!matched) return std::unexpected(std::move(matched.error()));
    if (*matched == 0) {
      return Fail(ErrorKind::kBadInput, "image \"{}\": input \"{}\" matches no file", image.name,
                  input);
    }
  }
  for (const std::string& var_file : image.var_files) collected.files.insert(var_file);
  if (!inputs.discover) return collected;
  Result<DiscoveredInputs> discovered = inputs.discover(image);
  if (!discovered) return std::unexpected(std::move(discovered.error()));
  for (const std::string& file : discovered->files) {
    Result<size_t> matched = AddExpanded(inputs, file, collected.files);
    if (!matched) return std::unexpected(std::move(matched.error()));
    if (*matched == 0) collected.files.insert(file);  // fingerprinted as missing
  }
  collected.unresolved = discovered->unresolved;
  return collected;
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

// Every file of every image with its digest, sorted by path.
struct Digests {
  std::vector<std::string_view> paths;  // into the images' CollectedFiles
  std::vector<std::string> digests;

  std::string_view Of(std::string_view path) const {
    return digests[std::lower_bound(paths.begin(), paths.end(), path) - paths.begin()];
  }
};

// Every image's files first, so their digests are taken in one parallel pass.
Result<Digests> DigestAll(const std::vector<std::string>& order,
                          const std::map<std::string, const ImageSpec*>& by_name,
                          const PlanInputs& inputs,
                          std::map<std::string, CollectedFiles>& collected) {
  Digests all;
  for (const std::string& name : order) {
    Result<CollectedFiles> files = CollectFiles(*by_name.at(name), inputs);
    if (!files) return std::unexpected(std::move(files.error()));
    CollectedFiles& stored = collected[name] = std::move(*files);
    all.paths.insert(all.paths.end(), stored.files.begin(), stored.files.end());
  }
  std::sort(all.paths.begin(), all.paths.end());
  all.paths.erase(std::unique(all.paths.begin(), all.paths.end()), all.paths.end());
  Result<std::vector<std::string>> digests = inputs.digests->OfAll(all.paths);
  if (!digests) return std::unexpected(std::move(digests.error()));
  all.digests = std::move(*digests);
  return all;
}

// The catalog's network wait overlaps the file digests.
std::future<void> StartPrefetch(const PlanInputs& inputs) {
  std::set<std::string> regions;
  for (const ImageSpec& image : *inputs.images) regions.insert(image.regions.front());
  return std::async(std::launch::async, [&inputs, build_regions = std::vector<std::string>(
                                                      regions.begin(), regions.end())] {
    inputs.catalog->Prefetch(build_regions);
  });
}

}  // namespace

std::string ComputeFingerprint(const std::vector<FileDigest>& file_digests,
                               const std::string& config_text,
                               const std::string& parent_fingerprint) {
  std::string material = fmt::format("{}\nparent {}\nconfig {}\n", kFingerprintScheme,
                                     parent_fingerprint, config_text);
  for (const auto& [path, digest] : file_digests) {
    fmt::format_to(std::back_inserter(material), "file {} {}\n", path, digest);
  }
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
  std::future<void> prefetched = StartPrefetch(inputs);
  std::map<std::string, CollectedFiles> collected;
  Result<Digests> all_digests = DigestAll(*order, by_name, inputs, collected);
  prefetched.wait();
  if (!all_digests) return std::unexpected(std::move(all_digests.error()));
  std::vector<PlanEntry> plan;
  std::map<std::string, std::string> fingerprints;
  std::set<std::string> rebuilt;
  for (const std::string& name : *order) {
    const ImageSpec& image = *by_name.at(name);
    PlanEntry entry{.name = name, .parent = image.parent, .selected = selected.contains(name)};
    CollectedFiles& files = collected.at(name);
    std::vector<FileDigest> digests;
    digests.reserve(files.files.size());
    for (const std::string& path : files.files) digests.emplace_back(path, all_digests->Of(path));
    std::string parent_fp = image.parent.empty() ? "" : fingerprints.at(image.parent);
    entry.fingerprint = ComputeFingerprint(digests, image.config_text, parent_fp);
    entry.input_files.assign(files.files.begin(), files.files.end());
    entry.unresolved = std::move(files.unresolved);
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
