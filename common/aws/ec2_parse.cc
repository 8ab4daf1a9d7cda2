// EC2 XML → values, and the Query parameter encodings EC2 uses.
#include <charconv>

#include "common/aws/ec2.h"

namespace bakery::aws {
namespace {

int ToInt(const std::string& text) {
  int value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool ToBool(const std::string& text) { return text == "true"; }

}  // namespace

std::vector<std::string> Image::SnapshotIds() const {
  std::vector<std::string> ids;
  for (const BlockDevice& device : block_devices) {
    if (!device.snapshot_id.empty()) ids.push_back(device.snapshot_id);
  }
  return ids;
}

void AddList(QueryParams& params, const std::string& prefix,
             const std::vector<std::string>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    params.emplace_back(fmt::format("{}.{}", prefix, i + 1), values[i]);
  }
}

void AddFilters(QueryParams& params, const std::vector<Filter>& filters) {
  for (size_t i = 0; i < filters.size(); ++i) {
    params.emplace_back(fmt::format("Filter.{}.Name", i + 1), filters[i].name);
    AddList(params, fmt::format("Filter.{}.Value", i + 1), filters[i].values);
  }
}

void AddTags(QueryParams& params, const std::string& prefix, const Tags& tags) {
  int index = 1;
  for (const auto& [key, value] : tags) {
    params.emplace_back(fmt::format("{}.{}.Key", prefix, index), key);
    params.emplace_back(fmt::format("{}.{}.Value", prefix, index), value);
    ++index;
  }
}

void AddTagSpecification(QueryParams& params, int index, const std::string& resource_type,
                         const Tags& tags) {
  if (tags.empty()) return;
  std::string prefix = fmt::format("TagSpecification.{}", index);
  params.emplace_back(prefix + ".ResourceType", resource_type);
  AddTags(params, prefix + ".Tag", tags);
}

Tags ParseTags(const XmlElement& item) {
  Tags tags;
  for (const XmlElement* tag : item.Items("tagSet")) {
    tags[tag->ChildText("key")] = tag->ChildText("value");
  }
  return tags;
}

Image ParseImage(const XmlElement& item) {
  Image image;
  image.id = item.ChildText("imageId");
  image.name = item.ChildText("name");
  image.description = item.ChildText("description");
  image.state = item.ChildText("imageState");
  image.owner_id = item.ChildText("imageOwnerId");
  image.creation_date = item.ChildText("creationDate");
  image.architecture = item.ChildText("architecture");
  image.root_device_name = item.ChildText("rootDeviceName");
  image.root_device_type = item.ChildText("rootDeviceType");
  image.virtualization_type = item.ChildText("virtualizationType");
  image.deprecation_time = item.ChildText("deprecationTime");
  image.is_public = ToBool(item.ChildText("isPublic"));
  for (const XmlElement* mapping : item.Items("blockDeviceMapping")) {
    BlockDevice device;
    device.device_name = mapping->ChildText("deviceName");
    if (const XmlElement* ebs = mapping->Child("ebs")) {
      device.snapshot_id = ebs->ChildText("snapshotId");
      device.volume_size_gib = ToInt(ebs->ChildText("volumeSize"));
      device.volume_type = ebs->ChildText("volumeType");
      device.encrypted = ToBool(ebs->ChildText("encrypted"));
      device.delete_on_termination = ToBool(ebs->ChildText("deleteOnTermination"));
    }
    image.block_devices.push_back(std::move(device));
  }
  image.tags = ParseTags(item);
  return image;
}

std::vector<Image> ParseImages(const XmlElement& response) {
  std::vector<Image> images;
  for (const XmlElement* item : response.Items("imagesSet")) images.push_back(ParseImage(*item));
  return images;
}

Snapshot ParseSnapshot(const XmlElement& item) {
  Snapshot snapshot;
  snapshot.id = item.ChildText("snapshotId");
  snapshot.volume_id = item.ChildText("volumeId");
  snapshot.state = item.ChildText("status");
  snapshot.start_time = item.ChildText("startTime");
  snapshot.owner_id = item.ChildText("ownerId");
  snapshot.description = item.ChildText("description");
  snapshot.volume_size_gib = ToInt(item.ChildText("volumeSize"));
  snapshot.encrypted = ToBool(item.ChildText("encrypted"));
  snapshot.tags = ParseTags(item);
  return snapshot;
}

Instance ParseInstance(const XmlElement& item) {
  Instance instance;
  instance.id = item.ChildText("instanceId");
  instance.image_id = item.ChildText("imageId");
  if (const XmlElement* state = item.Child("instanceState")) {
    instance.state = state->ChildText("name");
  }
  instance.instance_type = item.ChildText("instanceType");
  instance.launch_time = item.ChildText("launchTime");
  instance.public_ip = item.ChildText("ipAddress");
  instance.private_ip = item.ChildText("privateIpAddress");
  instance.key_name = item.ChildText("keyName");
  instance.subnet_id = item.ChildText("subnetId");
  instance.vpc_id = item.ChildText("vpcId");
  for (const XmlElement* group : item.Items("groupSet")) {
    instance.security_group_ids.push_back(group->ChildText("groupId"));
  }
  instance.tags = ParseTags(item);
  return instance;
}

}  // namespace bakery::aws
