#pragma once
// ImageCatalog over EC2: the account's own available images, found by the
// family and fingerprint tags.

#include <map>
#include <string>

#include "common/aws/session.h"
#include "common/build/plan.h"

namespace bakery::build {

class Ec2Catalog final : public ImageCatalog {
 public:
  Ec2Catalog(aws::AwsSession& session, std::string tag_prefix);
  Result<std::optional<CatalogImage>> FindBuilt(const std::string& region,
                                                const std::string& family,
                                                const std::string& fingerprint) override;
  Result<std::optional<CatalogImage>> Newest(const std::string& region,
                                             const std::string& family) override;

 private:
  Result<std::optional<CatalogImage>> NewestMatching(const std::string& region,
                                                     std::vector<aws::Filter> filters);
  aws::AwsSession& session_;
  std::string prefix_;
};

}  // namespace bakery::build
