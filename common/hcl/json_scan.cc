#include "common/hcl/json_scan.h"

#include <nlohmann/json.hpp>

namespace bakery::hcl::internal {

namespace {

class Scanner {
 public:
  Scanner(std::string_view text, int max_depth) : text_(text), max_depth_(max_depth) {}

  bool Scan(JsonNode& node) {
    if (text_.starts_with("\xEF\xBB\xBF")) {  // nlohmann skips a BOM too
      offset_ = 3;
      pos_.byte = 3;
    }
    SkipSpace();
    if (!Value(node, 0)) return false;
    return true;
  }

 private:
  bool Value(JsonNode& node, int depth) {
    if (depth > max_depth_) return false;
    node.start = pos_;
    char c = Peek();
    if (c == '{') return Object(node, depth);
    if (c == '[') return Array(node, depth);
    if (c == '"') {
      String(node);
    } else {
      size_t begin = offset_;
      while (offset_ < text_.size() && !IsDelimiter(Peek())) Advance();
      node.text = std::string(text_.substr(begin, offset_ - begin));
      node.kind = c == 't' || c == 'f' ? JsonNode::kBool
                  : c == 'n'           ? JsonNode::kNull
                                       : JsonNode::kNumber;
    }
    node.end = pos_;
    return true;
  }

  bool Object(JsonNode& node, int depth) {
    node.kind = JsonNode::kObject;
    Advance();  // '{'
    SkipSpace();
    while (Peek() != '}') {
      JsonNode key;
      key.start = pos_;
      String(key);
      key.end = pos_;
      SkipSpace();
      Advance();  // ':'
      SkipSpace();
      JsonNode value;
      if (!Value(value, depth + 1)) return false;
      node.members.emplace_back(std::move(key), std::move(value));
      SkipSpace();
      if (Peek() == ',') Advance();
      SkipSpace();
    }
    Advance();
    node.end = pos_;
    return true;
  }

  bool Array(JsonNode& node, int depth) {
    node.kind = JsonNode::kArray;
    Advance();  // '['
    SkipSpace();
    while (Peek() != ']') {
      JsonNode item;
      if (!Value(item, depth + 1)) return false;
      node.items.push_back(std::move(item));
      SkipSpace();
      if (Peek() == ',') Advance();
      SkipSpace();
    }
    Advance();
    node.end = pos_;
    return true;
  }

  void String(JsonNode& node) {
    node.kind = JsonNode::kString;
    size_t begin = offset_;
    Advance();  // opening quote
    while (Peek() != '"') {
      if (Peek() == '\\') Advance();
      Advance();
    }
    Advance();
    // nlohmann decodes the escapes; the text is known to be a valid string.
    node.text = nlohmann::json::parse(text_.substr(begin, offset_ - begin)).get<std::string>();
  }

  static bool IsDelimiter(char c) {
    return c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }

  char Peek() const { return offset_ < text_.size() ? text_[offset_] : '\0'; }

  void Advance() {
    if (offset_ >= text_.size()) return;
    unsigned char c = static_cast<unsigned char>(text_[offset_++]);
    ++pos_.byte;
    if (c == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++pos_.column;
    }
  }

  void SkipSpace() {
    while (Peek() == ' ' || Peek() == '\t' || Peek() == '\n' || Peek() == '\r') Advance();
  }

  std::string_view text_;
  int max_depth_;
  size_t offset_ = 0;
  SourcePos pos_;
};

}  // namespace

std::string_view JsonKindName(JsonNode::Kind kind) {
  switch (kind) {
    case JsonNode::kObject: return "an object";
    case JsonNode::kArray: return "an array";
    case JsonNode::kString: return "a string";
    case JsonNode::kNumber: return "a number";
    case JsonNode::kBool: return "a bool";
    case JsonNode::kNull: return "null";
  }
  return "a value";
}

std::optional<JsonNode> ScanJson(std::string_view text, int max_depth) {
  JsonNode root;
  if (!Scanner(text, max_depth).Scan(root)) return std::nullopt;
  return root;
}

}  // namespace bakery::hcl::internal
