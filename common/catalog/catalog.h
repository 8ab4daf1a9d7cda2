#pragma once
// Tags are the catalog (design): an image's family, version, origin and
// status live in EC2 tags under the configured prefix. This module turns
// tags into ImageRecords and back, and lists a family's images.

#include <optional>
#include <string>
#include <vector>

#include "common/aws/ec2.h"
#include "common/base/clock.h"
#include "common/base/error.h"

namespace bakery::catalog {

/// The tag keys of the design, without the prefix.
inline constexpr const char* kFamily = "family";
inline constexpr const char* kVersion = "version";
inline constexpr const char* kCommit = "commit";
inline constexpr const char* kBranch = "branch";
inline constexpr const char* kRepository = "repository";
inline constexpr const char* kRunUrl = "run-url";
inline constexpr const char* kCi = "ci";
inline constexpr const char* kBuiltAt = "built-at";
inline constexpr const char* kFingerprint = "fingerprint";
inline constexpr const char* kParent = "parent";
inline constexpr const char* kSourceAmi = "source-ami";
inline constexpr const char* kStatus = "status";
inline constexpr const char* kKeep = "keep";

/// Prefixed tag keys ("bakery:" + "family").
class TagNames {
 public:
  explicit TagNames(std::string prefix = "bakery:") : prefix_(std::move(prefix)) {}
  std::string Key(std::string_view name) const { return prefix_ + std::string(name); }
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

/// One image as the catalog sees it.
struct ImageRecord {
  std::string region;
  std::string id;
  std::string name;
  std::string state;
  std::string owner_id;
  std::string creation_date;         // as EC2 wrote it
  std::optional<SystemTime> created;  // nullopt when EC2's date does not parse
  std::string deprecation_time;       // "" when none
  bool is_public = false;
  std::string architecture;
  std::string root_device_name;
  std::vector<aws::BlockDevice> block_devices;

  std::string family, version, commit, branch, repository, run_url, ci, built_at, fingerprint,
      parent, source_ami, status;
  bool keep = false;  // tagged keep=true (with or without the prefix)
  aws::Tags tags;     // every tag, as is

  std::vector<std::string> SnapshotIds() const;
};

/// The record for `image` in `region`, reading the catalog tags under `names`.
ImageRecord FromImage(const aws::Image& image, const std::string& region, const TagNames& names);

/// Newest first by creation date, then by id (stable across runs).
void SortNewestFirst(std::vector<ImageRecord>& records);

struct ListQuery {
  std::vector<std::string> families;  // empty: every image carrying the family tag
  std::string status;                 // empty: any
  bool self_owned = true;             // Owners=self (retention's opt-in scoping)
};

/// The DescribeImages input for `query` (Owners=self, tag filters,
/// deprecated images included).
aws::DescribeImagesInput ListInput(const TagNames& names, const ListQuery& query);

/// Records for `images` of `region`, newest first.
std::vector<ImageRecord> ToRecords(const std::vector<aws::Image>& images,
                                   const std::string& region, const TagNames& names);

/// Lists the images of `query` in `ec2`'s region (paginated, deprecated
/// included), newest first. Errors carry the AWS code.
Result<std::vector<ImageRecord>> ListImages(aws::Ec2& ec2, const TagNames& names,
                                            const ListQuery& query);

/// The image `id` in `ec2`'s region; nullopt when it does not exist there.
Result<std::optional<ImageRecord>> FindImage(aws::Ec2& ec2, const TagNames& names,
                                             const std::string& id);

/// The whole days between `created` and `now` (0 when unknown or in the future).
long AgeDays(const ImageRecord& record, SystemTime now);

}  // namespace bakery::catalog
