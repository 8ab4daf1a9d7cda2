#pragma once
// The images of a repository as a graph: each image may have one parent
// (built from the parent's newest AMI). Build order is topological; a cycle
// or an unknown parent is a configuration error that names the images.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/base/error.h"

namespace bakery::build {

struct ImageNode {
  std::string name;
  std::string parent;  // empty for a root image
};

/// Parents before children; siblings keep the order given. Errors:
/// "image \"web\" has parent \"bse\", which is not defined (did you mean \"base\"?)"
/// "images form a cycle: a → b → c → a".
Result<std::vector<std::string>> TopologicalOrder(const std::vector<ImageNode>& images);

/// `selected` plus, with `with_children`, every image below them; returned
/// in topological order. Errors name unknown images with a suggestion.
Result<std::vector<std::string>> SelectImages(const std::vector<ImageNode>& images,
                                              const std::vector<std::string>& order,
                                              const std::vector<std::string>& selected,
                                              bool with_children);

/// The chain from the root down to `name`: {"base", "web"} for web.
std::vector<std::string> Ancestry(const std::vector<ImageNode>& images, const std::string& name);

}  // namespace bakery::build
