#include "common/build/plan.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <set>

#include <fmt/format.h>

#include "common/aws/crypto.h"
#include "common/base/parallel.h"
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

bool ByPath(const PathDigest& a, const PathDigest& b) { return a.path < b.path; }

// Adds `run` (sorted) to `files` (sorted) by merging: sorting thousands of
// long paths with common prefixes is a visible part of a plan.
void MergeSorted(std::vector<PathDigest>& files, std::vector<PathDigest> run) {
  auto middle = static_cast<std::ptrdiff_t>(files.size());
  bool in_order = files.empty() || run.empty() || !ByPath(run.front(), files.back());
  files.insert(files.end(), std::make_move_iterator(run.begin()),
               std::make_move_iterator(run.end()));
  if (!in_order) std::inplace_merge(files.begin(), files.begin() + middle, files.end(), ByPath);
}

// Adds the files `input` names, with their digests, to `files`; how many it named.
Result<size_t> AddExpanded(const PlanInputs& inputs, const std::string& input,
                           std::vector<PathDigest>& files) {
  Result<std::vector<PathDigest>> expanded = inputs.digests->Expand(input);
  if (!expanded) return std::unexpected(std::move(expanded.error()));
  size_t count = expanded->size();
  MergeSorted(files, std::move(*expanded));
  return count;
}

// Files named one by one (var files): each digested alone.
Result<void> AddEach(const PlanInputs& inputs, const std::vector<std::string>& paths,
                     std::vector<PathDigest>& files) {
  std::vector<PathDigest> named;
  for (const std::string& path : paths) {
    Result<std::string> digest = inputs.digests->Of(path);
    if (!digest) return std::unexpected(std::move(digest.error()));
    named.push_back({path, std::move(*digest)});
  }
  std::sort(named.begin(), named.end(), ByPath);
  MergeSorted(files, std::move(named));
  return {};
}

struct CollectedFiles {
  std::vector<PathDigest> files;  // sorted by path, unique
  std::vector<std::string> unresolved;
};

// The inputs templates reference, and the files they name that do not exist
// (fingerprinted as missing).
Result<void> AddDiscovered(const ImageSpec& image, const PlanInputs& inputs,
                           CollectedFiles& collected) {
  Result<DiscoveredInputs> discovered = inputs.discover(image);
  if (!discovered) return std::unexpected(std::move(discovered.error()));
  std::vector<PathDigest> missing;
  for (const std::string& file : discovered->files) {
    Result<size_t> matched = AddExpanded(inputs, file, collected.files);
    if (!matched) return std::unexpected(std::move(matched.error()));
    if (*matched == 0) missing.push_back({file, "missing"});
  }
  std::sort(missing.begin(), missing.end(), ByPath);
  MergeSorted(collected.files, std::move(missing));
  collected.unresolved = discovered->unresolved;
  return {};
}

// Every file the fingerprint covers with its digest, deduplicated and sorted.
Result<CollectedFiles> CollectFiles(const ImageSpec& image, const PlanInputs& inputs) {
  CollectedFiles collected;
  Result<std::vector<PathDigest>> template_files =
      inputs.digests->Expand(image.template_path);
  if (!template_files) return std::unexpected(std::move(template_files.error()));
  for (PathDigest& file : *template_files) {
    if (file.path == image.template_path || IsTemplateFile(file.path)) {
      collected.files.push_back(std::move(file));
    }
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
  if (Result<void> added = AddEach(inputs, image.var_files, collected.files); !added) {
    return std::unexpected(std::move(added.error()));
  }
  if (inputs.discover) {
    if (Result<void> added = AddDiscovered(image, inputs, collected); !added) {
      return std::unexpected(std::move(added.error()));
    }
  }
  auto same_path = [](const PathDigest& a, const PathDigest& b) { return a.path == b.path; };
  collected.files.erase(std::unique(collected.files.begin(), collected.files.end(), same_path),
                        collected.files.end());
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

// Every image's files with their digests, the images spread over the cores:
// listing input directories and stat'ing what they hold is most of a plan,
// and no image's files depend on another's. (A file two images share is
// stat'ed twice, which costs less than coordinating.) Errors are reported
// for the first image in `order` that has one.
Result<std::map<std::string, CollectedFiles>> DigestImages(
    const std::vector<std::string>& order, const std::map<std::string, const ImageSpec*>& by_name,
    const PlanInputs& inputs) {
  std::vector<Result<CollectedFiles>> results(order.size());
  ParallelFor(order.size(), CoreCount(), [&](size_t i) {
    results[i] = CollectFiles(*by_name.at(order[i]), inputs);
  });
  std::map<std::string, CollectedFiles> images;
  for (size_t i = 0; i < order.size(); ++i) {
    if (!results[i]) return std::unexpected(std::move(results[i].error()));
    images[order[i]] = std::move(*results[i]);
  }
  return images;
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

std::string ComputeFingerprint(const std::vector<PathDigest>& file_digests,
                               const std::string& config_text,
                               const std::string& parent_fingerprint) {
  std::string material = fmt::format("{}\nparent {}\nconfig {}\n", kFingerprintScheme,
                                     parent_fingerprint, config_text);
  size_t size = material.size();
  for (const auto& [path, digest] : file_digests) size += path.size() + digest.size() + 7;
  material.reserve(size);
  for (const auto& [path, digest] : file_digests) {  // "file PATH DIGEST\n"
    material.append("file ").append(path).append(" ").append(digest).append("\n");
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
  Result<std::map<std::string, CollectedFiles>> files = DigestImages(*order, by_name, inputs);
  prefetched.wait();
  if (!files) return std::unexpected(std::move(files.error()));
  std::vector<PlanEntry> plan;
  std::map<std::string, std::string> fingerprints;
  std::set<std::string> rebuilt;
  for (const std::string& name : *order) {
    const ImageSpec& image = *by_name.at(name);
    PlanEntry entry{.name = name, .parent = image.parent, .selected = selected.contains(name)};
    CollectedFiles& collected = files->at(name);
    std::string parent_fp = image.parent.empty() ? "" : fingerprints.at(image.parent);
    entry.fingerprint = ComputeFingerprint(collected.files, image.config_text, parent_fp);
    for (PathDigest& file : collected.files) entry.input_files.push_back(std::move(file.path));
    entry.unresolved = std::move(collected.unresolved);
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
