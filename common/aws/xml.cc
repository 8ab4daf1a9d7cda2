#include "common/aws/xml.h"

#include <pugixml.hpp>

namespace bakery::aws {
namespace {

std::string_view LocalName(const char* name) {
  std::string_view view(name);
  size_t colon = view.find(':');
  return colon == std::string_view::npos ? view : view.substr(colon + 1);
}

// Iterative-enough recursion: AWS documents are a few levels deep.
void Convert(const pugi::xml_node& node, XmlElement& out) {
  out.name = std::string(LocalName(node.name()));
  for (pugi::xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() == pugi::node_element) {
      Convert(child, out.children.emplace_back());
    } else if (child.type() == pugi::node_pcdata || child.type() == pugi::node_cdata) {
      out.text += child.value();
    }
  }
}

std::pair<int, int> LineAndColumn(std::string_view text, ptrdiff_t offset) {
  int line = 1;
  int column = 1;
  for (ptrdiff_t i = 0; i < offset && i < static_cast<ptrdiff_t>(text.size()); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

}  // namespace

const XmlElement* XmlElement::Child(std::string_view child_name) const {
  for (const XmlElement& child : children) {
    if (child.name == child_name) return &child;
  }
  return nullptr;
}

std::string XmlElement::ChildText(std::string_view child_name) const {
  const XmlElement* child = Child(child_name);
  return child ? child->text : std::string();
}

const XmlElement* XmlElement::Find(std::string_view path) const {
  const XmlElement* current = this;
  while (current && !path.empty()) {
    size_t slash = path.find('/');
    current = current->Child(path.substr(0, slash));
    path = slash == std::string_view::npos ? std::string_view() : path.substr(slash + 1);
  }
  return current;
}

std::vector<const XmlElement*> XmlElement::Items(std::string_view path,
                                                 std::string_view item_name) const {
  std::vector<const XmlElement*> items;
  const XmlElement* list = Find(path);
  if (!list) return items;
  for (const XmlElement& child : list->children) {
    if (child.name == item_name) items.push_back(&child);
  }
  return items;
}

Result<XmlElement> ParseXml(std::string_view text) {
  pugi::xml_document document;
  pugi::xml_parse_result parsed =
      document.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto [line, column] = LineAndColumn(text, parsed.offset);
    return Fail(ErrorKind::kFailed, "malformed XML at line {} column {}: {}", line, column,
                parsed.description());
  }
  pugi::xml_node root = document.document_element();
  if (!root) return Fail(ErrorKind::kFailed, "XML document has no root element");
  XmlElement element;
  Convert(root, element);
  return element;
}

std::string XmlEscape(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': escaped += "&amp;"; break;
      case '<': escaped += "&lt;"; break;
      case '>': escaped += "&gt;"; break;
      case '"': escaped += "&quot;"; break;
      case '\'': escaped += "&apos;"; break;
      default: escaped.push_back(c);
    }
  }
  return escaped;
}

}  // namespace bakery::aws
