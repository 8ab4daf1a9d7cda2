#include "common/hcl/ast.h"

#include <charconv>

#include <fmt/format.h>

namespace bakery::hcl {

LiteralExpr NumberLiteral(std::string text) {
  LiteralExpr literal{LiteralExpr::kNumber, std::move(text)};
  const char* begin = literal.text.data();
  std::from_chars(begin, begin + literal.text.size(), literal.number);
  return literal;
}

bool TemplateExpr::IsLiteral() const {
  for (const TemplatePart& part : parts) {
    if (part.kind != TemplatePart::kLiteral) return false;
  }
  return true;
}

std::string TemplateExpr::LiteralText() const {
  std::string text;
  for (const TemplatePart& part : parts) {
    if (part.kind == TemplatePart::kLiteral) text += part.text;
  }
  return text;
}

const Attribute* Body::FindAttribute(std::string_view name) const {
  for (const Attribute& attribute : attributes) {
    if (attribute.name == name) return &attribute;
  }
  return nullptr;
}

namespace {

std::string Quote(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string DumpParts(const std::vector<TemplatePart>& parts);

std::string DumpPart(const TemplatePart& part) {
  switch (part.kind) {
    case TemplatePart::kLiteral: return Quote(part.text);
    case TemplatePart::kInterpolation: return fmt::format("(${{}} {})", Dump(*part.expr));
    case TemplatePart::kIf:
      if (!part.has_else)
        return fmt::format("(if {} ({}))", Dump(*part.expr), DumpParts(part.body));
      return fmt::format("(if {} ({}) else ({}))", Dump(*part.expr), DumpParts(part.body),
                         DumpParts(part.else_body));
    case TemplatePart::kFor: {
      std::string vars =
          part.key_var.empty() ? part.value_var : part.key_var + " " + part.value_var;
      return fmt::format("(for {} in {} ({}))", vars, Dump(*part.expr), DumpParts(part.body));
    }
  }
  return "?";
}

std::string DumpParts(const std::vector<TemplatePart>& parts) {
  std::string out;
  for (const TemplatePart& part : parts) {
    if (!out.empty()) out += ' ';
    out += DumpPart(part);
  }
  return out;
}

std::string DumpList(const std::vector<ExprPtr>& items) {
  std::string out;
  for (const ExprPtr& item : items) out += " " + Dump(*item);
  return out;
}

struct Dumper {
  std::string operator()(const LiteralExpr& e) const {
    return e.kind == LiteralExpr::kString ? Quote(e.text) : e.text;
  }
  std::string operator()(const TemplateExpr& e) const {
    if (e.IsLiteral() && !e.heredoc) return Quote(e.LiteralText());
    std::string parts = DumpParts(e.parts);
    return fmt::format("({}{}{})", e.heredoc ? "heredoc" : "tpl", parts.empty() ? "" : " ", parts);
  }
  std::string operator()(const VariableExpr& e) const { return e.name; }
  std::string operator()(const GetAttrExpr& e) const {
    return fmt::format("(. {} {})", Dump(*e.object), e.name);
  }
  std::string operator()(const IndexExpr& e) const {
    return fmt::format("({} {} {})", e.legacy ? ".idx" : "[]", Dump(*e.collection), Dump(*e.key));
  }
  std::string operator()(const SplatExpr& e) const {
    return fmt::format("({} {} {})", e.full ? "[*]" : ".*", Dump(*e.source), Dump(*e.each));
  }
  std::string operator()(const SplatItemExpr&) const { return "*"; }
  std::string operator()(const CallExpr& e) const {
    return fmt::format("(call {}{}{})", e.name, DumpList(e.args), e.expand_final ? "..." : "");
  }
  std::string operator()(const TupleExpr& e) const {
    return fmt::format("(tuple{})", DumpList(e.items));
  }
  std::string operator()(const ObjectExpr& e) const {
    std::string out = "(object";
    for (const ObjectItem& item : e.items) {
      const LiteralExpr* literal = item.key->As<LiteralExpr>();
      std::string key = item.key_is_identifier && literal ? literal->text : Dump(*item.key);
      out += fmt::format(" ({} {} {})", item.colon ? ":" : "=", key, Dump(*item.value));
    }
    return out + ")";
  }
  std::string operator()(const ForExpr& e) const {
    std::string vars = e.key_var.empty() ? e.value_var : e.key_var + " " + e.value_var;
    std::string body =
        e.object ? fmt::format("{} => {}{}", Dump(*e.key), Dump(*e.value), e.grouping ? "..." : "")
                 : Dump(*e.value);
    std::string condition = e.condition ? " if " + Dump(*e.condition) : "";
    return fmt::format("({} {} in {} : {}{})", e.object ? "for-object" : "for-tuple", vars,
                       Dump(*e.collection), body, condition);
  }
  std::string operator()(const ConditionalExpr& e) const {
    return fmt::format("(? {} {} {})", Dump(*e.condition), Dump(*e.when_true), Dump(*e.when_false));
  }
  std::string operator()(const UnaryExpr& e) const {
    return fmt::format("({} {})", e.op, Dump(*e.operand));
  }
  std::string operator()(const BinaryExpr& e) const {
    return fmt::format("({} {} {})", e.op, Dump(*e.lhs), Dump(*e.rhs));
  }
  std::string operator()(const ParenExpr& e) const {
    return fmt::format("(paren {})", Dump(*e.inner));
  }
};

}  // namespace

std::string Dump(const Expression& expr) { return std::visit(Dumper{}, expr.node); }

std::string Dump(const Body& body) {
  std::string out = "(body";
  for (const Attribute& attribute : body.attributes) {
    out += fmt::format(" (attr {} {})", attribute.name, Dump(*attribute.expr));
  }
  for (const Block& block : body.blocks) {
    out += " (block " + block.type;
    for (const BlockLabel& label : block.labels) {
      out += " " + (label.quoted ? Quote(label.value) : label.value);
    }
    out += " " + Dump(block.body) + ")";
  }
  return out + ")";
}

}  // namespace bakery::hcl
