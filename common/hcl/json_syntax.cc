#include "common/hcl/json_syntax.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/base/json_position.h"
#include "common/hcl/json_scan.h"

namespace bakery::hcl {

namespace {

using internal::JsonNode;

constexpr int kMaxDepth = 256;

struct BodySchema;

struct BlockSchema {
  std::string_view type;
  int labels;
  const BodySchema* body;
};

struct BodySchema {
  std::vector<BlockSchema> blocks;
  bool plugin = false;  // a plugin's body: nested blocks found by name or shape
};

// Nested blocks of Packer's plugins (amazon, azure, googlecompute, docker,
// ansible...) whose JSON value is a plain object.
constexpr std::array<std::string_view, 23> kPluginBlocks = {
    "source_ami_filter",
    "launch_block_device_mappings",
    "ami_block_device_mappings",
    "vpc_filter",
    "subnet_filter",
    "security_group_filter",
    "assume_role",
    "metadata_options",
    "aws_polling",
    "run_volume_tag",
    "run_tag",
    "spot_tag",
    "fleet_tag",
    "ami_root_device",
    "placement",
    "temporary_iam_instance_profile_policy_document",
    "Statement",
    "shared_image_gallery",
    "shared_image_gallery_destination",
    "disk_additional_size",
    "storage",
    "network_adapters",
    "content"};

const BodySchema& PluginSchema() {
  static const BodySchema* schema = [] {
    auto* plugin = new BodySchema{{}, true};
    plugin->blocks.push_back(BlockSchema{"dynamic", 1, plugin});
    return plugin;
  }();
  return *schema;
}

const BodySchema& TopSchema() {
  static const BodySchema* schema = [] {
    const BodySchema* plugin = &PluginSchema();
    auto* attributes = new BodySchema{};
    auto* variable = new BodySchema{{{"validation", 0, attributes}}};
    auto* packer = new BodySchema{{{"required_plugins", 0, attributes}}};
    auto* post_processors = new BodySchema{{{"post-processor", 1, plugin}}};
    auto* build = new BodySchema{{{"source", 1, plugin},
                                  {"provisioner", 1, plugin},
                                  {"post-processor", 1, plugin},
                                  {"post-processors", 0, post_processors},
                                  {"error-cleanup-provisioner", 1, plugin},
                                  {"hcp_packer_registry", 0, plugin}}};
    return new BodySchema{{{"packer", 0, packer},
                           {"variable", 1, variable},
                           {"variables", 0, attributes},
                           {"locals", 0, attributes},
                           {"local", 1, attributes},
                           {"data", 2, plugin},
                           {"source", 2, plugin},
                           {"build", 0, build}}};
  }();
  return *schema;
}

class Mapper {
 public:
  Mapper(const std::string& path, std::vector<Diagnostic>& diagnostics)
      : path_(path), diagnostics_(diagnostics) {}

  void MapBody(const JsonNode& object, const BodySchema& schema, Body& body) {
    body.range = Range(object);
    for (const auto& [key, value] : object.members) {
      if (key.text == "//") continue;  // a comment, per the spec
      const BlockSchema* block = FindBlock(schema, key.text);
      if (block) {
        MapBlocks(key, value, *block, block->labels, {}, body);
      } else if (schema.plugin && IsPluginBlock(key.text, value)) {
        MapBlocks(key, value, BlockSchema{key.text, 0, &PluginSchema()}, 0, {}, body);
      } else {
        MapAttribute(key, value, body);
      }
    }
  }

  ExprPtr MapExpression(const JsonNode& node) {
    switch (node.kind) {
      case JsonNode::kString: return MapString(node);
      case JsonNode::kNumber: return MakeExpr(NumberLiteral(node.text), Range(node));
      case JsonNode::kBool: {
        LiteralExpr literal{LiteralExpr::kBool, node.text};
        literal.boolean = node.text == "true";
        return MakeExpr(std::move(literal), Range(node));
      }
      case JsonNode::kNull: return MakeExpr(LiteralExpr{LiteralExpr::kNull, "null"}, Range(node));
      case JsonNode::kArray: {
        TupleExpr tuple;
        for (const JsonNode& item : node.items) tuple.items.push_back(MapExpression(item));
        return MakeExpr(std::move(tuple), Range(node));
      }
      case JsonNode::kObject: return MapObject(node);
    }
    return nullptr;
  }

 private:
  static const BlockSchema* FindBlock(const BodySchema& schema, std::string_view type) {
    auto found = std::find_if(schema.blocks.begin(), schema.blocks.end(),
                              [&](const BlockSchema& block) { return block.type == type; });
    return found == schema.blocks.end() ? nullptr : &*found;
  }

  static bool IsPluginBlock(std::string_view name, const JsonNode& value) {
    if (value.kind == JsonNode::kObject) {
      return std::find(kPluginBlocks.begin(), kPluginBlocks.end(), name) != kPluginBlocks.end();
    }
    return value.kind == JsonNode::kArray && !value.items.empty() &&
           std::all_of(value.items.begin(), value.items.end(),
                       [](const JsonNode& item) { return item.kind == JsonNode::kObject; });
  }

  // One label level per nested object, then an object (one block) or an
  // array of objects (several blocks with the same labels).
  void MapBlocks(const JsonNode& key, const JsonNode& value, const BlockSchema& schema,
                 int labels_left, std::vector<BlockLabel> labels, Body& body) {
    if (labels_left > 0) {
      if (value.kind == JsonNode::kArray) {
        // As hcl's decoder allows: an array of label objects keeps the
        // order of blocks of different labels ("provisioner": [{...}, {...}]).
        for (const JsonNode& item : value.items) {
          MapBlocks(key, item, schema, labels_left, labels, body);
        }
        return;
      }
      if (value.kind != JsonNode::kObject) {
        Error(value,
              fmt::format("expected an object of \"{}\" block labels, found {}", schema.type,
                          JsonKindName(value.kind)),
              fmt::format("a {} block takes {} label(s), each an object key", schema.type,
                          schema.labels));
        return;
      }
      for (const auto& [label, inner] : value.members) {
        std::vector<BlockLabel> more = labels;
        more.push_back(BlockLabel{label.text, true, Range(label)});
        MapBlocks(key, inner, schema, labels_left - 1, std::move(more), body);
      }
      return;
    }
    if (value.kind == JsonNode::kArray) {
      for (const JsonNode& item : value.items) MapBlocks(key, item, schema, 0, labels, body);
      return;
    }
    if (value.kind != JsonNode::kObject) {
      Error(value, fmt::format("expected an object for the \"{}\" block body, found {}",
                               schema.type, JsonKindName(value.kind)));
      return;
    }
    Block block;
    block.type = std::string(schema.type);
    block.type_range = Range(key);
    block.labels = std::move(labels);
    block.range = Range(value);
    MapBody(value, *schema.body, block.body);
    body.blocks.push_back(std::move(block));
  }

  void MapAttribute(const JsonNode& key, const JsonNode& value, Body& body) {
    if (const Attribute* first = body.FindAttribute(key.text)) {
      Error(key, fmt::format("duplicate attribute \"{}\"", key.text),
            fmt::format("it is already defined at {}", first->name_range.ToString()));
      return;
    }
    Attribute attribute;
    attribute.name = key.text;
    attribute.name_range = Range(key);
    attribute.range = SourceRange{path_, key.start, value.end};
    attribute.expr = MapExpression(value);
    body.attributes.push_back(std::move(attribute));
  }

  // Keys are templates too ({"${var.prefix}-x": 1}); plain keys stay
  // string literals so consumers can read them directly.
  ExprPtr MapObject(const JsonNode& node) {
    ObjectExpr object;
    std::vector<const JsonNode*> seen;
    for (const auto& [key, value] : node.members) {
      auto duplicate = std::find_if(seen.begin(), seen.end(),
                                    [&](const JsonNode* other) { return other->text == key.text; });
      if (duplicate != seen.end()) {
        Error(key, fmt::format("duplicate object key \"{}\"", key.text),
              fmt::format("it is already defined at {}", Range(**duplicate).ToString()));
        continue;
      }
      seen.push_back(&key);
      ObjectItem item;
      bool templated = key.text.find("${") != std::string::npos ||
                       key.text.find("%{") != std::string::npos;
      item.key = templated ? MapString(key)
                           : MakeExpr(LiteralExpr{LiteralExpr::kString, key.text}, Range(key));
      item.colon = true;
      item.value = MapExpression(value);
      object.items.push_back(std::move(item));
    }
    return MakeExpr(std::move(object), Range(node));
  }

  ExprPtr MapString(const JsonNode& node) {
    // Template positions are exact when the string has no JSON escapes.
    SourcePos origin{node.start.line, node.start.column + 1, node.start.byte + 1};
    ExpressionResult parsed = ParseTemplate(node.text, path_, origin);
    diagnostics_.insert(diagnostics_.end(), parsed.diagnostics.begin(), parsed.diagnostics.end());
    if (parsed.expr) {
      parsed.expr->range = Range(node);
      return std::move(parsed.expr);
    }
    TemplateExpr literal;  // keep the raw text so the attribute still exists
    literal.parts.push_back(
        TemplatePart{TemplatePart::kLiteral, node.text, {}, {}, {}, false, {}, {}, Range(node)});
    return MakeExpr(std::move(literal), Range(node));
  }

  SourceRange Range(const JsonNode& node) const { return SourceRange{path_, node.start, node.end}; }

  void Error(const JsonNode& node, std::string summary, std::string detail = {}) {
    diagnostics_.push_back(
        Diagnostic{Severity::kError, std::move(summary), std::move(detail), Range(node)});
  }

  const std::string& path_;
  std::vector<Diagnostic>& diagnostics_;
};

// JsonSyntaxError counts columns in bytes; SourcePos counts characters.
SourcePos PositionOf(std::string_view text, int line, int byte_column) {
  SourcePos pos;
  while (pos.line < line && pos.byte < text.size()) {
    if (text[pos.byte++] == '\n') ++pos.line;
  }
  size_t end = std::min(text.size(), pos.byte + std::max(byte_column - 1, 0));
  for (; pos.byte < end; ++pos.byte) {
    if ((static_cast<unsigned char>(text[pos.byte]) & 0xC0) != 0x80) ++pos.column;
  }
  return pos;
}

Diagnostic SyntaxDiagnostic(std::string_view text, const std::string& path) {
  bakery::Error error = JsonSyntaxError(text, path);
  SourcePos pos;
  if (error.location) pos = PositionOf(text, error.location->line, error.location->column);
  return Diagnostic{Severity::kError, error.message, "", SourceRange{path, pos, pos}};
}

ParseResult ParseValidJson(std::string_view text, const std::string& path);

}  // namespace

ParseResult ParseJson(std::string_view text, std::string path) {
  try {
    return ParseValidJson(text, path);
  } catch (const std::exception& error) {
    // Not expected (the text was validated first); keep it inside the module.
    ParseResult result;
    result.diagnostics.push_back(Diagnostic{Severity::kError, "internal error reading JSON",
                                            error.what(), SourceRange{path, {}, {}}});
    return result;
  }
}

namespace {

ParseResult ParseValidJson(std::string_view text, const std::string& path) {
  ParseResult result;
  result.body.range = SourceRange{path, {}, {}};
  if (!nlohmann::json::accept(text)) {
    result.diagnostics.push_back(SyntaxDiagnostic(text, path));
    return result;
  }
  std::optional<JsonNode> root = internal::ScanJson(text, kMaxDepth);
  if (!root) {
    SourcePos start;
    result.diagnostics.push_back(Diagnostic{Severity::kError, "JSON nested too deeply",
                                            fmt::format("the limit is {} levels", kMaxDepth),
                                            SourceRange{path, start, start}});
    return result;
  }
  if (root->kind != JsonNode::kObject) {
    result.diagnostics.push_back(
        Diagnostic{Severity::kError,
                   fmt::format("expected an object at the top of the file, found {}",
                               JsonKindName(root->kind)),
                   "an HCL JSON file is one object whose keys are blocks and attributes",
                   SourceRange{path, root->start, root->end}});
    return result;
  }
  Mapper(path, result.diagnostics).MapBody(*root, TopSchema(), result.body);
  std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.range.start.byte < b.range.start.byte;
                   });
  return result;
}

}  // namespace
}  // namespace bakery::hcl
