#pragma once
// A positional view of JSON text that nlohmann-json has already accepted:
// nlohmann reports no positions for values, the HCL mapping needs one for
// every node. Object members keep document order and duplicates. Not part
// of the module's API.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/hcl/source.h"

namespace bakery::hcl::internal {

struct JsonNode {
  enum Kind { kObject, kArray, kString, kNumber, kBool, kNull };
  Kind kind = kNull;
  std::string text;  // kString: decoded value; kNumber/kBool/kNull: as written
  SourcePos start;
  SourcePos end;
  std::vector<std::pair<JsonNode, JsonNode>> members;  // kObject: key (a kString), value
  std::vector<JsonNode> items;                         // kArray
};

/// Name of a kind for messages: "an object", "a string", ...
std::string_view JsonKindName(JsonNode::Kind kind);

/// Scans `text`, which must be valid JSON (checked with nlohmann first).
/// Returns nullopt only when nesting exceeds `max_depth`.
std::optional<JsonNode> ScanJson(std::string_view text, int max_depth);

}  // namespace bakery::hcl::internal
