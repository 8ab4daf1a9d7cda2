#include "common/build/ec2_catalog.h"

#include <algorithm>

namespace bakery::build {

Ec2Catalog::Ec2Catalog(aws::AwsSession& session, std::string tag_prefix,
                       std::vector<std::string> families)
    : session_(session), prefix_(std::move(tag_prefix)), families_(std::move(families)) {}

std::string Ec2Catalog::Tag(const aws::Image& image, const std::string& key) const {
  auto it = image.tags.find(prefix_ + key);
  return it == image.tags.end() ? std::string() : it->second;
}

CatalogImage Ec2Catalog::ToCatalog(const aws::Image& image, const std::string& region) const {
  return CatalogImage{image.id, region, image.creation_date, Tag(image, "version"),
                      Tag(image, "commit")};
}

Result<const std::vector<aws::Image>*> Ec2Catalog::ImagesIn(const std::string& region) {
  auto cached = by_region_.find(region);
  if (cached != by_region_.end()) return &cached->second;
  aws::DescribeImagesInput input;
  input.owners = {"self"};
  // EC2 takes at most 200 values per filter; chunk large estates.
  std::vector<aws::Image> images;
  for (size_t start = 0; start < std::max<size_t>(families_.size(), 1); start += 200) {
    std::vector<std::string> chunk(families_.begin() + std::min(start, families_.size()),
                                   families_.begin() + std::min(start + 200, families_.size()));
    input.filters = {{"tag:" + prefix_ + "family", chunk}, {"state", {"available"}}};
    Result<std::vector<aws::Image>> page = session_.Ec2In(region).DescribeImages(input);
    if (!page) return std::unexpected(std::move(page.error()));
    std::move(page->begin(), page->end(), std::back_inserter(images));
  }
  // ISO 8601 UTC strings order chronologically.
  std::sort(images.begin(), images.end(), [](const aws::Image& a, const aws::Image& b) {
    return a.creation_date > b.creation_date;
  });
  return &(by_region_[region] = std::move(images));
}

void Ec2Catalog::Prefetch(const std::vector<std::string>& regions) {
  for (const std::string& region : regions) (void)ImagesIn(region);  // failures are not cached
}

Result<std::optional<CatalogImage>> Ec2Catalog::FindBuilt(const std::string& region,
                                                          const std::string& family,
                                                          const std::string& fingerprint) {
  Result<const std::vector<aws::Image>*> images = ImagesIn(region);
  if (!images) return std::unexpected(std::move(images.error()));
  for (const aws::Image& image : **images) {
    if (Tag(image, "family") == family && Tag(image, "fingerprint") == fingerprint) {
      return std::optional<CatalogImage>(ToCatalog(image, region));
    }
  }
  return std::optional<CatalogImage>();
}

Result<std::optional<CatalogImage>> Ec2Catalog::Newest(const std::string& region,
                                                       const std::string& family) {
  Result<const std::vector<aws::Image>*> images = ImagesIn(region);
  if (!images) return std::unexpected(std::move(images.error()));
  for (const aws::Image& image : **images) {
    if (Tag(image, "family") == family) return std::optional<CatalogImage>(ToCatalog(image, region));
  }
  return std::optional<CatalogImage>();
}

}  // namespace bakery::build
