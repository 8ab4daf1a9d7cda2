#include "common/hcl/references.h"

#include <algorithm>

namespace bakery::hcl {

std::string Reference::ToString() const {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ".") + part;
  return out;
}

namespace {

// The text of a literal index key, when the key is one.
std::optional<std::string> LiteralKey(const Expression& key) {
  if (const auto* literal = key.As<LiteralExpr>()) {
    if (literal->kind == LiteralExpr::kNumber || literal->kind == LiteralExpr::kString) {
      return literal->text;
    }
    return std::nullopt;
  }
  if (const auto* tmpl = key.As<TemplateExpr>(); tmpl && tmpl->IsLiteral())
    return tmpl->LiteralText();
  return std::nullopt;
}

class Collector {
 public:
  explicit Collector(std::vector<Reference>& out) : out_(out) {}

  void Visit(const Expression& expr) {
    if (std::optional<std::vector<std::string>> parts = StaticTraversal(expr)) {
      if (!IsBound((*parts)[0])) out_.push_back(Reference{std::move(*parts), expr.range});
      return;
    }
    std::visit([this](const auto& node) { Children(node); }, expr.node);
  }

  void VisitBody(const Body& body) {
    for (const Attribute& attribute : body.attributes) Visit(*attribute.expr);
    for (const Block& block : body.blocks) VisitBody(block.body);
  }

 private:
  void Maybe(const ExprPtr& expr) {
    if (expr) Visit(*expr);
  }

  bool IsBound(const std::string& name) const {
    return std::find(bound_.begin(), bound_.end(), name) != bound_.end();
  }

  // Visits `body` with the iteration names bound, as for expressions do.
  template <typename Fn>
  void WithBound(const std::string& key, const std::string& value, Fn body) {
    size_t size = bound_.size();
    if (!key.empty()) bound_.push_back(key);
    bound_.push_back(value);
    body();
    bound_.resize(size);
  }

  void Parts(const std::vector<TemplatePart>& parts) {
    for (const TemplatePart& part : parts) {
      Maybe(part.expr);
      if (part.kind == TemplatePart::kFor) {
        WithBound(part.key_var, part.value_var, [&] { Parts(part.body); });
      } else {
        Parts(part.body);
        Parts(part.else_body);
      }
    }
  }

  void Children(const LiteralExpr&) {}
  void Children(const VariableExpr&) {}  // a keyword, or bound
  void Children(const SplatItemExpr&) {}
  void Children(const TemplateExpr& e) { Parts(e.parts); }
  void Children(const GetAttrExpr& e) { Maybe(e.object); }
  void Children(const IndexExpr& e) { Maybe(e.collection), Maybe(e.key); }
  void Children(const SplatExpr& e) { Maybe(e.source), Maybe(e.each); }
  void Children(const CallExpr& e) {
    std::for_each(e.args.begin(), e.args.end(), [&](auto& a) { Maybe(a); });
  }
  void Children(const TupleExpr& e) {
    std::for_each(e.items.begin(), e.items.end(), [&](auto& i) { Maybe(i); });
  }
  void Children(const ObjectExpr& e) {
    for (const ObjectItem& item : e.items) {
      if (!item.key_is_identifier) Maybe(item.key);
      Maybe(item.value);
    }
  }
  void Children(const ForExpr& e) {
    Maybe(e.collection);
    WithBound(e.key_var, e.value_var, [&] { Maybe(e.key), Maybe(e.value), Maybe(e.condition); });
  }
  void Children(const ConditionalExpr& e) {
    Maybe(e.condition), Maybe(e.when_true), Maybe(e.when_false);
  }
  void Children(const UnaryExpr& e) { Maybe(e.operand); }
  void Children(const BinaryExpr& e) { Maybe(e.lhs), Maybe(e.rhs); }
  void Children(const ParenExpr& e) { Maybe(e.inner); }

  std::vector<Reference>& out_;
  std::vector<std::string> bound_;
};

}  // namespace

std::optional<std::vector<std::string>> StaticTraversal(const Expression& expr) {
  if (const auto* variable = expr.As<VariableExpr>()) {
    return std::vector<std::string>{variable->name};
  }
  std::optional<std::vector<std::string>> parts;
  if (const auto* attr = expr.As<GetAttrExpr>()) {
    if ((parts = StaticTraversal(*attr->object))) parts->push_back(attr->name);
  } else if (const auto* index = expr.As<IndexExpr>()) {
    std::optional<std::string> key = LiteralKey(*index->key);
    if (key && (parts = StaticTraversal(*index->collection))) parts->push_back(*key);
  }
  return parts;
}

std::vector<Reference> FindReferences(const Expression& expr) {
  std::vector<Reference> out;
  Collector(out).Visit(expr);
  return out;
}

std::vector<Reference> FindReferences(const Body& body) {
  std::vector<Reference> out;
  Collector(out).VisitBody(body);
  return out;
}

}  // namespace bakery::hcl
