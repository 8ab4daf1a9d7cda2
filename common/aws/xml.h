#pragma once
// A small owned XML tree for AWS Query/EC2 responses, so pugixml stays in
// xml.cc and callers walk plain structs. Namespaces are dropped from names:
// EC2 and STS responses use a default namespace only.

#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery::aws {

struct XmlElement {
  std::string name;  // local name, prefix dropped
  std::string text;  // concatenated character data of this element
  std::vector<XmlElement> children;

  /// The first child named `name`, or nullptr.
  const XmlElement* Child(std::string_view name) const;
  /// The text of the first child named `name` ("" when absent).
  std::string ChildText(std::string_view name) const;
  /// Follows a path of child names ("imagesSet/item" style, '/'-separated).
  const XmlElement* Find(std::string_view path) const;
  /// The children named `name` of the element at `path` (EC2 lists are
  /// <xSet><item>…</item></xSet>; Query lists <member>).
  std::vector<const XmlElement*> Items(std::string_view path,
                                       std::string_view item_name = "item") const;
};

/// Parses a whole document; the error says where the XML is broken
/// (line:col in the body) so truncated responses are recognisable.
Result<XmlElement> ParseXml(std::string_view text);

/// Escapes &, <, >, " and ' for XML text and attributes.
std::string XmlEscape(std::string_view text);

}  // namespace bakery::aws
