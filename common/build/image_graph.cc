#include "common/build/image_graph.h"

#include <algorithm>
#include <set>

#include "common/base/strings.h"

namespace bakery::build {
namespace {

std::map<std::string, const ImageNode*> ByName(const std::vector<ImageNode>& images) {
  std::map<std::string, const ImageNode*> by_name;
  for (const ImageNode& image : images) by_name[image.name] = &image;
  return by_name;
}

std::vector<std::string> Names(const std::vector<ImageNode>& images) {
  std::vector<std::string> names;
  for (const ImageNode& image : images) names.push_back(image.name);
  return names;
}

// Follows parents from `start` until a repeat; returns the cycle's path.
std::vector<std::string> CycleFrom(const std::map<std::string, const ImageNode*>& by_name,
                                   const std::string& start) {
  std::vector<std::string> path;
  std::string current = start;
  while (std::find(path.begin(), path.end(), current) == path.end()) {
    path.push_back(current);
    current = by_name.at(current)->parent;
  }
  path.erase(path.begin(), std::find(path.begin(), path.end(), current));
  // Parent → child, as a build order reads, starting at the smallest name so
  // the message is the same whichever image the search started from.
  std::reverse(path.begin(), path.end());
  std::rotate(path.begin(), std::min_element(path.begin(), path.end()), path.end());
  path.push_back(path.front());
  return path;
}

}  // namespace

Result<std::vector<std::string>> TopologicalOrder(const std::vector<ImageNode>& images) {
  auto by_name = ByName(images);
  for (const ImageNode& image : images) {
    if (!image.parent.empty() && !by_name.contains(image.parent)) {
      return Fail(ErrorKind::kBadInput, "image \"{}\" has parent \"{}\", which is not defined{}",
                  image.name, image.parent, DidYouMean(image.parent, Names(images)));
    }
  }
  std::vector<std::string> order;
  std::set<std::string> placed;
  while (order.size() < images.size()) {
    size_t before = order.size();
    for (const ImageNode& image : images) {
      if (placed.contains(image.name)) continue;
      if (image.parent.empty() || placed.contains(image.parent)) {
        order.push_back(image.name);
        placed.insert(image.name);
      }
    }
    if (order.size() == before) {
      for (const ImageNode& image : images) {
        if (placed.contains(image.name)) continue;
        return Fail(ErrorKind::kBadInput, "images form a cycle: {}",
                    Join(CycleFrom(by_name, image.name), " → "));
      }
    }
  }
  return order;
}

Result<std::vector<std::string>> SelectImages(const std::vector<ImageNode>& images,
                                              const std::vector<std::string>& order,
                                              const std::vector<std::string>& selected,
                                              bool with_children) {
  auto by_name = ByName(images);
  std::set<std::string> chosen;
  for (const std::string& name : selected) {
    if (!by_name.contains(name)) {
      return Fail(ErrorKind::kBadInput, "--only names image \"{}\", which is not in bakery.yml{}",
                  name, DidYouMean(name, Names(images)));
    }
    chosen.insert(name);
  }
  std::vector<std::string> result;
  for (const std::string& name : order) {  // parents come first, so one pass suffices
    const std::string& parent = by_name.at(name)->parent;
    if (with_children && !parent.empty() && chosen.contains(parent)) chosen.insert(name);
    if (chosen.contains(name)) result.push_back(name);
  }
  return result;
}

std::vector<std::string> Ancestry(const std::vector<ImageNode>& images, const std::string& name) {
  auto by_name = ByName(images);
  std::vector<std::string> chain;
  std::string current = name;
  while (!current.empty() && by_name.contains(current) &&
         std::find(chain.begin(), chain.end(), current) == chain.end()) {
    chain.push_back(current);
    current = by_name.at(current)->parent;
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

}  // namespace bakery::build
