// The run: per region list + usage (+ orphans), decide per family across
// regions, check launch permissions of what would go, decide again, apply.
#include <thread>

#include "steps/retention/retention.h"

namespace bakery::retention {
namespace {

struct RegionData {
  std::vector<catalog::ImageRecord> images;
  Usage usage;
  std::vector<aws::Snapshot> family_snapshots;
  std::set<std::string> referenced;
};

template <typename F>
void ForEachRegion(size_t count, F&& work) {
  std::vector<std::jthread> threads;
  for (size_t i = 0; i < count; ++i) threads.emplace_back([&work, i] { work(i); });
}

Result<RegionData> Gather(RegionApi& api, const RunSettings& settings) {
  RegionData data;
  auto images =
      api.DescribeImages(catalog::ListInput(settings.names, {settings.families, "", true}));
  if (!images) return std::unexpected(std::move(images.error()).Wrap("listing images"));
  data.images = catalog::ToRecords(*images, api.region(), settings.names);
  auto usage = CollectUsage(api, settings.usage);
  if (!usage) return std::unexpected(usage.error());
  data.usage = std::move(*usage);
  if (!settings.orphans) return data;
  aws::DescribeSnapshotsInput snapshots_input;
  snapshots_input.owners = {"self"};
  snapshots_input.filters = {{"tag:" + settings.names.Key(catalog::kFamily), settings.families}};
  auto snapshots = api.DescribeSnapshots(snapshots_input);
  if (!snapshots) return std::unexpected(std::move(snapshots.error()).Wrap("listing snapshots"));
  data.family_snapshots = std::move(*snapshots);
  aws::DescribeImagesInput all;
  all.owners = {"self"};
  all.include_deprecated = true;
  auto owned = api.DescribeImages(all);
  if (!owned) return std::unexpected(std::move(owned.error()).Wrap("listing owned images"));
  for (const aws::Image& image : *owned) {
    for (const std::string& id : image.SnapshotIds()) data.referenced.insert(id);
  }
  return data;
}

// Decides every family over the regions that could be gathered.
void DecideAll(const RunSettings& settings, std::vector<std::optional<RegionData>>& data,
               Report& report, SystemTime now) {
  for (RegionReport& region : report.regions) region.decisions.clear();
  for (const std::string& family : settings.families) {
    FamilyInput input;
    input.family = family;
    input.policy = settings.policies.at(family);
    input.include_shared = settings.include_shared;
    for (size_t i = 0; i < data.size(); ++i) {
      if (!data[i]) continue;
      for (const auto& image : data[i]->images) {
        if (image.family == family) input.images.push_back(image);
      }
      input.usage[report.regions[i].region] = data[i]->usage;
    }
    for (Decision& decision : Decide(input, now)) {
      for (RegionReport& region : report.regions) {
        if (region.region == decision.image.region) region.decisions.push_back(std::move(decision));
      }
    }
  }
}

// Images the apply pipeline found public or shared become KEEP decisions.
void MarkKept(RegionReport& region) {
  for (const ApplyResult& result : region.results) {
    if (result.action != "kept") continue;
    for (Decision& decision : region.decisions) {
      if (decision.image.id != result.id) continue;
      decision.action = Action::kKeep;
      decision.reasons = {result.reason + " (use --include-shared to allow)"};
    }
  }
}

}  // namespace

Report Run(const RunSettings& settings, const std::vector<RegionApi*>& regions, Clock& clock,
           const std::function<bool()>& interrupted) {
  Report report;
  report.apply = settings.apply;
  report.now = clock.Now();
  report.families = settings.families;
  for (RegionApi* api : regions) report.regions.push_back({api->region(), "", {}, {}, {}});
  std::vector<std::optional<RegionData>> data(regions.size());
  ForEachRegion(regions.size(), [&](size_t i) {
    auto gathered = Gather(*regions[i], settings);
    if (gathered) {
      data[i] = std::move(*gathered);
    } else {
      report.regions[i].error = gathered.error().ToString();
    }
  });
  const SystemTime now = report.now;
  DecideAll(settings, data, report, now);
  // A plan checks launch permissions of what would go up front; --apply
  // checks them in the delete pipeline, just before each change.
  if (!settings.include_shared && !settings.apply) {
    ForEachRegion(regions.size(), [&](size_t i) {
      if (!data[i]) return;
      std::vector<std::string> candidates;
      for (const Decision& d : report.regions[i].decisions) {
        if (d.action != Action::kKeep) candidates.push_back(d.image.id);
      }
      if (auto ok = CollectShared(*regions[i], candidates, data[i]->usage); !ok) {
        report.regions[i].error = ok.error().ToString();
        data[i].reset();
      }
    });
    DecideAll(settings, data, report, now);
  }
  for (size_t i = 0; i < data.size(); ++i) {
    // The decisions hold their own copies; the listing is no longer needed.
    if (data[i]) std::vector<catalog::ImageRecord>().swap(data[i]->images);
    if (!data[i] || !settings.orphans) continue;
    report.regions[i].orphans =
        DecideOrphans({data[i]->family_snapshots, data[i]->referenced, settings.policies,
                       settings.names.Key(catalog::kFamily)},
                      now);
  }
  if (!settings.apply) return report;
  ApplyOptions options;
  options.check_shared = !settings.include_shared;
  options.interrupted = interrupted;
  ForEachRegion(regions.size(), [&](size_t i) {
    if (!data[i]) return;
    report.regions[i].results = ApplyRegion(*regions[i], report.regions[i].decisions,
                                            report.regions[i].orphans, clock, options);
    MarkKept(report.regions[i]);
  });
  return report;
}

long Report::Count(Action action) const {
  long count = 0;
  for (const RegionReport& region : regions) {
    for (const Decision& decision : region.decisions) count += decision.action == action;
  }
  return count;
}

long Report::Failures() const {
  long failures = 0;
  for (const RegionReport& region : regions) {
    failures += !region.error.empty();
    for (const ApplyResult& result : region.results) failures += !result.ok;
  }
  return failures;
}

}  // namespace bakery::retention
