#pragma once
// ImageCatalog over EC2: the account's own available images, found by the
// family and fingerprint tags. One DescribeImages per region covers every
// family (filtered by the family tag), so planning 50 images costs one call
// per region, not one per image.

#include <map>
#include <string>
#include <vector>

#include "common/aws/session.h"
#include "common/build/plan.h"

namespace bakery::build {

class Ec2Catalog final : public ImageCatalog {
 public:
  Ec2Catalog(aws::AwsSession& session, std::string tag_prefix, std::vector<std::string> families);
  Result<std::optional<CatalogImage>> FindBuilt(const std::string& region,
                                                const std::string& family,
                                                const std::string& fingerprint) override;
  Result<std::optional<CatalogImage>> Newest(const std::string& region,
                                             const std::string& family) override;
  /// One DescribeImages per region; the network wait overlaps the plan's stats.
  void Prefetch(const std::vector<std::string>& regions) override;

 private:
  /// The region's images of the managed families, newest first (cached).
  Result<const std::vector<aws::Image>*> ImagesIn(const std::string& region);
  std::string Tag(const aws::Image& image, const std::string& key) const;
  CatalogImage ToCatalog(const aws::Image& image, const std::string& region) const;

  aws::AwsSession& session_;
  std::string prefix_;
  std::vector<std::string> families_;
  std::map<std::string, std::vector<aws::Image>> by_region_;
};

}  // namespace bakery::build
