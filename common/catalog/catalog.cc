#include "common/catalog/catalog.h"

#include <algorithm>

#include "common/base/time_format.h"

namespace bakery::catalog {

std::vector<std::string> ImageRecord::SnapshotIds() const {
  std::vector<std::string> ids;
  for (const aws::BlockDevice& device : block_devices) {
    if (!device.snapshot_id.empty()) ids.push_back(device.snapshot_id);
  }
  return ids;
}

namespace {

std::string TagOf(const aws::Tags& tags, const std::string& key) {
  auto it = tags.find(key);
  return it == tags.end() ? std::string() : it->second;
}

}  // namespace

ImageRecord FromImage(const aws::Image& image, const std::string& region, const TagNames& names) {
  ImageRecord record;
  record.region = region;
  record.id = image.id;
  record.name = image.name;
  record.state = image.state;
  record.owner_id = image.owner_id;
  record.creation_date = image.creation_date;
  if (auto created = ParseIso8601(image.creation_date)) record.created = *created;
  record.deprecation_time = image.deprecation_time;
  record.is_public = image.is_public;
  record.architecture = image.architecture;
  record.root_device_name = image.root_device_name;
  record.block_devices = image.block_devices;
  record.tags = image.tags;
  const aws::Tags& tags = image.tags;
  auto tag = [&](const char* name) { return TagOf(tags, names.Key(name)); };
  record.family = tag(kFamily);
  record.version = tag(kVersion);
  record.commit = tag(kCommit);
  record.branch = tag(kBranch);
  record.repository = tag(kRepository);
  record.run_url = tag(kRunUrl);
  record.ci = tag(kCi);
  record.built_at = tag(kBuiltAt);
  record.fingerprint = tag(kFingerprint);
  record.parent = tag(kParent);
  record.source_ami = tag(kSourceAmi);
  record.status = tag(kStatus);
  // keep=true protects an image whichever way it was written: people add
  // it by hand in the console, without the prefix.
  record.keep = tag(kKeep) == "true" || TagOf(tags, kKeep) == "true";
  return record;
}

void SortNewestFirst(std::vector<ImageRecord>& records) {
  std::ranges::sort(records, [](const ImageRecord& a, const ImageRecord& b) {
    SystemTime a_time = a.created.value_or(SystemTime{});
    SystemTime b_time = b.created.value_or(SystemTime{});
    if (a_time != b_time) return a_time > b_time;
    return a.id > b.id;
  });
}

aws::DescribeImagesInput ListInput(const TagNames& names, const ListQuery& query) {
  aws::DescribeImagesInput input;
  if (query.self_owned) input.owners = {"self"};
  input.include_deprecated = true;
  if (query.families.empty()) {
    input.filters.push_back({"tag-key", {names.Key(kFamily)}});
  } else {
    input.filters.push_back({"tag:" + names.Key(kFamily), query.families});
  }
  if (!query.status.empty()) input.filters.push_back({"tag:" + names.Key(kStatus), {query.status}});
  return input;
}

std::vector<ImageRecord> ToRecords(const std::vector<aws::Image>& images,
                                   const std::string& region, const TagNames& names) {
  std::vector<ImageRecord> records;
  records.reserve(images.size());
  for (const aws::Image& image : images) records.push_back(FromImage(image, region, names));
  SortNewestFirst(records);
  return records;
}

Result<std::vector<ImageRecord>> ListImages(aws::Ec2& ec2, const TagNames& names,
                                            const ListQuery& query) {
  auto images = ec2.DescribeImages(ListInput(names, query));
  if (!images) {
    return std::unexpected(std::move(images.error()).Wrap("listing images in " + ec2.region()));
  }
  return ToRecords(*images, ec2.region(), names);
}

Result<std::optional<ImageRecord>> FindImage(aws::Ec2& ec2, const TagNames& names,
                                             const std::string& id) {
  aws::DescribeImagesInput input;
  input.image_ids = {id};
  input.include_deprecated = true;
  auto images = ec2.DescribeImages(input);
  if (!images) {
    if (images.error().code == "InvalidAMIID.NotFound") return std::optional<ImageRecord>();
    return std::unexpected(std::move(images.error()).Wrap("describing " + id + " in " + ec2.region()));
  }
  if (images->empty()) return std::optional<ImageRecord>();
  return std::optional<ImageRecord>(FromImage(images->front(), ec2.region(), names));
}

long AgeDays(const ImageRecord& record, SystemTime now) {
  if (!record.created || *record.created > now) return 0;
  return std::chrono::duration_cast<std::chrono::hours>(now - *record.created).count() / 24;
}

}  // namespace bakery::catalog
