// Legacy JSON templates ("builders", "provisioners", "post-processors",
// "variables", "sensitive-variables") mapped onto the same AST the HCL
// model reads: each builder becomes `source "TYPE" "NAME"`, the rest one
// `build {}` using every source, variables a `variables {}` block.
// Go-template strings become HCL templates where the meaning is known:
// {{user `x`}} -> ${var.x}, {{template_dir}} -> ${path.root},
// {{timestamp}}/{{isotime ...}} -> ${timestamp()}, {{uuid}} -> ${uuidv4()},
// {{env `X`}} -> ${env("X")} (unknown); anything else stays literal text.

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "common/base/strings.h"
#include "common/hcl/json_scan.h"
#include "common/packer/template_internal.h"

namespace bakery::packer::internal {

namespace {

using hcl::internal::JsonNode;

// Plugin settings that are blocks in HCL: legacy objects under these names
// become nested blocks so rules see one shape.
constexpr std::array<std::string_view, 8> kNestedBlocks = {"source_ami_filter",
                                                           "metadata_options",
                                                           "assume_role",
                                                           "vpc_filter",
                                                           "subnet_filter",
                                                           "security_group_filter",
                                                           "launch_block_device_mappings",
                                                           "ami_block_device_mappings"};

std::string Backquoted(std::string_view action, std::string_view verb) {
  std::string_view rest = Trim(action.substr(verb.size()));
  if (rest.size() >= 2 && (rest.front() == '`' || rest.front() == '"') &&
      rest.back() == rest.front())
    return std::string(rest.substr(1, rest.size() - 2));
  return "";
}

std::string TranslateAction(std::string_view action) {
  action = Trim(action);
  if (action.starts_with("user ")) {
    std::string name = Backquoted(action, "user");
    if (!name.empty()) return "${var." + name + "}";
  }
  if (action.starts_with("env ")) return "${env(\"" + Backquoted(action, "env") + "\")}";
  if (action == "template_dir") return "${path.root}";
  if (action == "timestamp" || action.starts_with("isotime")) return "${timestamp()}";
  if (action == "uuid") return "${uuidv4()}";
  if (action.starts_with("build_name") || action.starts_with("build_type")) return "${build.name}";
  return "";
}

std::string EscapeLiteral(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((text[i] == '$' || text[i] == '%') && i + 1 < text.size() && text[i + 1] == '{')
      out += text[i];
    out += text[i];
  }
  return out;
}

}  // namespace

std::string GoTemplateToHcl(std::string_view text) {
  std::string out;
  size_t from = 0;
  while (true) {
    size_t open = text.find("{{", from);
    size_t close = open == std::string_view::npos ? open : text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    std::string translated = TranslateAction(text.substr(open + 2, close - open - 2));
    out += EscapeLiteral(text.substr(from, open - from));
    out += translated.empty() ? EscapeLiteral(text.substr(open, close + 2 - open)) : translated;
    from = close + 2;
  }
  return out + EscapeLiteral(text.substr(from));
}

namespace {

class LegacyMapper {
 public:
  LegacyMapper(const std::string& path, std::vector<hcl::Diagnostic>& diagnostics)
      : path_(path), diagnostics_(diagnostics) {}

  hcl::Body Map(const JsonNode& root) {
    hcl::Body body;
    body.range = Range(root);
    hcl::Block build{"build", {}, {}, Range(root), Range(root)};
    hcl::TupleExpr sources;
    for (const auto& [key, value] : root.members) {
      if (key.text == "variables") body.blocks.push_back(Variables(key, value, root));
      if (key.text == "builders") {
        for (const JsonNode& builder : value.items) {
          body.blocks.push_back(Builder(builder));
          std::string ref = "source." + body.blocks.back().labels[0].value + "." +
                            body.blocks.back().labels[1].value;
          sources.items.push_back(
              hcl::MakeExpr(hcl::LiteralExpr{hcl::LiteralExpr::kString, ref}, Range(builder)));
        }
      }
      if (key.text == "provisioners") {
        for (const JsonNode& step : value.items)
          build.body.blocks.push_back(Step("provisioner", step));
      }
      if (key.text == "post-processors") PostProcessors(value, build.body);
    }
    build.body.attributes.push_back(
        {"sources", hcl::MakeExpr(std::move(sources), Range(root)), Range(root), Range(root)});
    body.blocks.push_back(std::move(build));
    return body;
  }

 private:
  hcl::SourceRange Range(const JsonNode& node) const { return {path_, node.start, node.end}; }

  hcl::ExprPtr Expr(const JsonNode& node) {
    switch (node.kind) {
      case JsonNode::kString:
        return String(node);
      case JsonNode::kNumber:
        return hcl::MakeExpr(hcl::NumberLiteral(node.text), Range(node));
      case JsonNode::kBool: {
        hcl::LiteralExpr literal{hcl::LiteralExpr::kBool, node.text};
        literal.boolean = node.text == "true";
        return hcl::MakeExpr(std::move(literal), Range(node));
      }
      case JsonNode::kNull:
        return hcl::MakeExpr(hcl::LiteralExpr{hcl::LiteralExpr::kNull, "null"}, Range(node));
      case JsonNode::kArray: {
        hcl::TupleExpr tuple;
        for (const JsonNode& item : node.items) tuple.items.push_back(Expr(item));
        return hcl::MakeExpr(std::move(tuple), Range(node));
      }
      case JsonNode::kObject: {
        hcl::ObjectExpr object;
        for (const auto& [key, value] : node.members) {
          object.items.push_back(
              {hcl::MakeExpr(hcl::LiteralExpr{hcl::LiteralExpr::kString, key.text}, Range(key)),
               Expr(value), false, true});
        }
        return hcl::MakeExpr(std::move(object), Range(node));
      }
    }
    return nullptr;
  }

  hcl::ExprPtr String(const JsonNode& node) {
    hcl::SourcePos origin = node.start;
    ++origin.column;  // after the opening quote
    ++origin.byte;
    hcl::ExpressionResult result = hcl::ParseTemplate(GoTemplateToHcl(node.text), path_, origin);
    if (result.expr && result.diagnostics.empty()) {
      result.expr->range = Range(node);
      return std::move(result.expr);
    }
    hcl::TemplateExpr literal;
    literal.parts.push_back({hcl::TemplatePart::kLiteral, node.text});
    return hcl::MakeExpr(std::move(literal), Range(node));
  }

  void AddAttribute(const JsonNode& key, const JsonNode& value, hcl::Body& body) {
    body.attributes.push_back({key.text, Expr(value), {path_, key.start, value.end}, Range(key)});
  }

  // A plugin body: nested-block names become blocks, the rest attributes.
  void PluginBody(const JsonNode& object, hcl::Body& body,
                  std::initializer_list<std::string_view> skip) {
    body.range = Range(object);
    for (const auto& [key, value] : object.members) {
      if (std::find(skip.begin(), skip.end(), key.text) != skip.end()) continue;
      bool nested =
          std::find(kNestedBlocks.begin(), kNestedBlocks.end(), key.text) != kNestedBlocks.end();
      if (nested && value.kind == JsonNode::kObject) {
        body.blocks.push_back(Nested(key, value));
      } else if (nested && value.kind == JsonNode::kArray) {
        for (const JsonNode& item : value.items) {
          if (item.kind == JsonNode::kObject) body.blocks.push_back(Nested(key, item));
        }
      } else {
        AddAttribute(key, value, body);
      }
    }
  }

  hcl::Block Nested(const JsonNode& key, const JsonNode& value) {
    hcl::Block block{key.text, {}, {}, {path_, key.start, value.end}, Range(key)};
    PluginBody(value, block.body, {});
    return block;
  }

  static std::string Member(const JsonNode& object, std::string_view name) {
    for (const auto& [key, value] : object.members) {
      if (key.text == name && value.kind == JsonNode::kString) return value.text;
    }
    return "";
  }

  hcl::Block Builder(const JsonNode& builder) {
    std::string type = Member(builder, "type");
    std::string name = Member(builder, "name");
    if (name.empty()) name = type;
    hcl::Block block{"source",
                     {{type, true, Range(builder)}, {name, true, Range(builder)}},
                     {},
                     Range(builder),
                     Range(builder)};
    PluginBody(builder, block.body, {"type", "name"});
    return block;
  }

  hcl::Block Step(const char* kind, const JsonNode& step) {
    if (step.kind == JsonNode::kString) {  // "post-processors": ["compress"]
      return hcl::Block{kind, {{step.text, true, Range(step)}}, {}, Range(step), Range(step)};
    }
    hcl::Block block{
        kind, {{Member(step, "type"), true, Range(step)}}, {}, Range(step), Range(step)};
    PluginBody(step, block.body, {"type"});
    return block;
  }

  void PostProcessors(const JsonNode& list, hcl::Body& build) {
    for (const JsonNode& entry : list.items) {
      if (entry.kind != JsonNode::kArray) {
        build.blocks.push_back(Step("post-processor", entry));
        continue;
      }
      hcl::Block chain{"post-processors", {}, {}, Range(entry), Range(entry)};
      for (const JsonNode& step : entry.items)
        chain.body.blocks.push_back(Step("post-processor", step));
      build.blocks.push_back(std::move(chain));
    }
  }

  hcl::Block Variables(const JsonNode& key, const JsonNode& value, const JsonNode& root) {
    hcl::Block block{"variables", {}, {}, Range(value), Range(key)};
    if (value.kind == JsonNode::kObject) {
      for (const auto& [name, default_value] : value.members)
        AddAttribute(name, default_value, block.body);
    }
    for (const auto& [member, list] : root.members) {
      if (member.text == "sensitive-variables") {
        block.body.attributes.push_back({"//sensitive", Expr(list), Range(list), Range(member)});
      }
    }
    return block;
  }

  const std::string& path_;
  std::vector<hcl::Diagnostic>& diagnostics_;
};

}  // namespace

hcl::ParseResult ParseLegacyJson(std::string_view text, const std::string& path) {
  hcl::ParseResult result;
  std::optional<JsonNode> root = hcl::internal::ScanJson(text, 256);
  if (!root || root->kind != JsonNode::kObject) {
    result.diagnostics.push_back(
        {hcl::Severity::kError, "a legacy JSON template must be an object", "", {path, {}, {}}});
    return result;
  }
  result.body = LegacyMapper(path, result.diagnostics).Map(*root);
  return result;
}

}  // namespace bakery::packer::internal
