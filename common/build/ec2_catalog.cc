#include "common/build/ec2_catalog.h"

namespace bakery::build {

Ec2Catalog::Ec2Catalog(aws::AwsSession& session, std::string tag_prefix)
    : session_(session), prefix_(std::move(tag_prefix)) {}

Result<std::optional<CatalogImage>> Ec2Catalog::NewestMatching(const std::string& region,
                                                               std::vector<aws::Filter> filters) {
  aws::DescribeImagesInput input;
  input.owners = {"self"};
  filters.push_back({"state", {"available"}});
  input.filters = std::move(filters);
  Result<std::vector<aws::Image>> images = session_.Ec2In(region).DescribeImages(input);
  if (!images) return std::unexpected(std::move(images.error()));
  const aws::Image* newest = nullptr;
  for (const aws::Image& image : *images) {
    // ISO 8601 UTC strings order chronologically.
    if (!newest || image.creation_date > newest->creation_date) newest = &image;
  }
  if (!newest) return std::optional<CatalogImage>();
  auto tag = [&](const std::string& key) {
    auto it = newest->tags.find(prefix_ + key);
    return it == newest->tags.end() ? std::string() : it->second;
  };
  return std::optional<CatalogImage>(
      CatalogImage{newest->id, region, newest->creation_date, tag("version"), tag("commit")});
}

Result<std::optional<CatalogImage>> Ec2Catalog::FindBuilt(const std::string& region,
                                                          const std::string& family,
                                                          const std::string& fingerprint) {
  return NewestMatching(region, {{"tag:" + prefix_ + "family", {family}},
                                 {"tag:" + prefix_ + "fingerprint", {fingerprint}}});
}

Result<std::optional<CatalogImage>> Ec2Catalog::Newest(const std::string& region,
                                                       const std::string& family) {
  return NewestMatching(region, {{"tag:" + prefix_ + "family", {family}}});
}

}  // namespace bakery::build
