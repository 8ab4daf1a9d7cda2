#pragma once
// EC2 resources as plain values: what bakery's steps read and write.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace bakery::aws {

using Tags = std::map<std::string, std::string>;

struct Filter {
  std::string name;                 // "tag:bakery:family", "state", "name", …
  std::vector<std::string> values;  // any of (wildcards * and ? allowed where EC2 allows)
};

struct BlockDevice {
  std::string device_name;
  std::string snapshot_id;   // empty for ephemeral devices
  int volume_size_gib = 0;
  std::string volume_type;
  bool encrypted = false;
  bool delete_on_termination = false;
};

struct Image {
  std::string id;
  std::string name;
  std::string description;
  std::string state;          // pending | available | failed | …
  std::string owner_id;
  std::string creation_date;  // ISO 8601 as EC2 returns it
  std::string architecture;
  std::string root_device_name;
  std::string root_device_type;
  std::string virtualization_type;
  std::string deprecation_time;  // empty when not scheduled
  bool is_public = false;
  std::vector<BlockDevice> block_devices;
  Tags tags;

  std::vector<std::string> SnapshotIds() const;
};

struct Snapshot {
  std::string id;
  std::string volume_id;
  std::string state;
  std::string start_time;
  std::string owner_id;
  std::string description;
  int volume_size_gib = 0;
  bool encrypted = false;
  Tags tags;
};

struct Instance {
  std::string id;
  std::string image_id;
  std::string state;   // pending | running | stopping | stopped | shutting-down | terminated
  std::string instance_type;
  std::string launch_time;
  std::string public_ip;
  std::string private_ip;
  std::string key_name;
  std::string subnet_id;
  std::string vpc_id;
  std::vector<std::string> security_group_ids;
  Tags tags;
};

struct InstanceStatus {
  std::string instance_id;
  std::string state;
  std::string system_status;    // ok | impaired | initializing | not-applicable
  std::string instance_status;
};

struct LaunchTemplate {
  std::string id;
  std::string name;
  long default_version = 0;
  long latest_version = 0;
};

struct LaunchTemplateVersion {
  std::string template_id;
  std::string template_name;
  long version_number = 0;
  bool default_version = false;
  std::string image_id;  // may be "resolve:ssm:…" or empty
};

struct KeyPair {
  std::string name;
  std::string id;
  std::string fingerprint;
  std::string material;  // private key; only from CreateKeyPair. Never log it.
  Tags tags;
};

struct SecurityGroup {
  std::string id;
  std::string name;
  std::string description;
  std::string vpc_id;
  Tags tags;
};

struct Vpc {
  std::string id;
  std::string cidr_block;
  bool is_default = false;
};

struct Subnet {
  std::string id;
  std::string vpc_id;
  std::string availability_zone;
  bool default_for_az = false;
};

struct SnapshotDeletion {
  std::string snapshot_id;
  std::string return_code;  // success | skipped | missing-permissions | internal-error | client-error
};

struct LaunchPermissions {
  bool is_public = false;
  std::vector<std::string> user_ids;
  std::vector<std::string> organization_arns;
  std::vector<std::string> organizational_unit_arns;
};

}  // namespace bakery::aws
