#pragma once
// The build plan: for every image in dependency order, its fingerprint and
// whether it must be built, with the reason. An image is up to date when an
// available AMI with its family and fingerprint exists in its build region
// (the first of its regions). The fingerprint covers the template files, the
// files the template references, declared inputs, var files, the image's
// bakery.yml section and the parent's fingerprint, so children of a changed
// parent change too.

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/clock.h"
#include "common/base/error.h"
#include "common/build/file_digests.h"
#include "common/build/image_tags.h"

namespace bakery::build {

struct ImageSpec {
  std::string name;                 // the family
  std::string template_path;        // repo-relative file or directory
  std::string parent;
  std::string parent_variable;      // Packer variable receiving the parent's AMI
  std::vector<std::string> inputs;  // declared extra inputs: files, directories, globs
  std::vector<std::string> var_files;
  std::map<std::string, std::string> variables;
  std::vector<std::string> regions;  // first = build region
  Tags tags;
  std::optional<std::chrono::seconds> max_age;  // rebuild when the newest is older
  std::vector<std::string> packer_args;
  std::string config_text;  // canonical text of its bakery.yml section (fingerprinted)
};

/// What a template references, found by the HCL model.
struct DiscoveredInputs {
  std::vector<std::string> files;       // repo-relative
  std::vector<std::string> unresolved;  // references whose value is not static (warned)
};

using InputDiscovery = std::function<Result<DiscoveredInputs>(const ImageSpec&)>;

struct CatalogImage {
  std::string id;
  std::string region;
  std::string created;  // ISO 8601
  std::string version;
  std::string commit;
};

/// Where the plan looks for existing images (EC2 in production).
class ImageCatalog {
 public:
  virtual ~ImageCatalog() = default;
  /// The newest available image of `family` with `fingerprint` in `region`.
  virtual Result<std::optional<CatalogImage>> FindBuilt(const std::string& region,
                                                        const std::string& family,
                                                        const std::string& fingerprint) = 0;
  /// The newest available image of `family` in `region`, any fingerprint.
  virtual Result<std::optional<CatalogImage>> Newest(const std::string& region,
                                                     const std::string& family) = 0;
  /// Fetches what FindBuilt and Newest will ask about `regions`. The plan
  /// calls it on another thread while it stats files, and calls nothing else
  /// on the catalog until it returns. Errors surface later, from FindBuilt.
  virtual void Prefetch(const std::vector<std::string>& regions) { (void)regions; }
};

enum class PlanAction { kBuild, kSkip };

struct PlanEntry {
  std::string name;
  std::string parent;
  std::string fingerprint;
  PlanAction action = PlanAction::kSkip;
  std::string reason;
  std::optional<CatalogImage> existing;       // the up-to-date image, when skipped
  std::vector<std::string> input_files;       // every fingerprinted file
  std::vector<std::string> unresolved;        // from input discovery
  bool selected = true;                       // false: outside --only, planned for its children
};

struct PlanOptions {
  std::vector<std::string> only;
  bool with_children = false;
  bool force = false;
  std::optional<std::chrono::seconds> max_age;  // --max-age, overrides rebuild.max-age
};

struct PlanInputs {
  const std::vector<ImageSpec>* images = nullptr;
  const FileDigests* digests = nullptr;
  InputDiscovery discover;
  ImageCatalog* catalog = nullptr;
  SystemTime now;
};

/// Plans every image (or the --only selection and the parents they need).
Result<std::vector<PlanEntry>> PlanBuild(const PlanInputs& inputs, const PlanOptions& options);

/// The fingerprint of an image from its file digests (sorted by path), its
/// config text and its parent's fingerprint: 32 hex characters.
std::string ComputeFingerprint(const std::vector<PathDigest>& file_digests,
                               const std::string& config_text,
                               const std::string& parent_fingerprint);

}  // namespace bakery::build
