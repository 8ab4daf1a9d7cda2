#include "common/config/config_checks.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/base/strings.h"

namespace bakery::config {

bool LooksLikeRegion(std::string_view name) {
  // <letters>(-<letters>)+-<digits>: a shape check only, so new regions work.
  std::vector<std::string> parts = Split(name, '-');
  if (parts.size() < 3) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    if (part.empty()) return false;
    bool last = i + 1 == parts.size();
    for (char c : part) {
      if (last ? !std::isdigit(static_cast<unsigned char>(c))
               : !std::islower(static_cast<unsigned char>(c))) {
        return false;
      }
    }
  }
  return true;
}

namespace {

Result<void> CheckCycle(const Config& config, const ImageConfig& start) {
  std::vector<std::string> chain = {start.name};
  const ImageConfig* current = &start;
  while (!current->parent.empty()) {
    if (current->parent == start.name) {
      chain.push_back(start.name);
      return FailAt(start.parent_location, ErrorKind::kBadInput,
                    "images.{}.parent: parent cycle {}", start.name, Join(chain, " -> "));
    }
    if (std::ranges::find(chain, current->parent) != chain.end()) return {};  // reported there
    chain.push_back(current->parent);
    current = config.FindImage(current->parent);
    if (current == nullptr) return {};
  }
  return {};
}

}  // namespace

Result<void> CheckImageGraph(const Config& config, bool cycles) {
  std::vector<std::string> names;
  for (const ImageConfig& image : config.images) names.push_back(image.name);
  for (const ImageConfig& image : config.images) {
    if (!image.parent_variable.empty() && image.parent.empty()) {
      return FailAt(image.location, ErrorKind::kBadInput,
                    "images.{}: 'parent-variable' is set but 'parent' is not; name the image "
                    "this one is built from",
                    image.name);
    }
    if (image.parent.empty()) continue;
    if (config.FindImage(image.parent) == nullptr) {
      return FailAt(image.parent_location, ErrorKind::kBadInput,
                    "images.{}.parent: no image named '{}' in images{}", image.name, image.parent,
                    DidYouMean(image.parent, names));
    }
    if (cycles) {
      if (auto ok = CheckCycle(config, image); !ok) return ok;
    }
  }
  return {};
}

}  // namespace bakery::config
