// Walks expressions and templates for Evaluate() (eval.h).

#include <fmt/format.h>

#include <utility>
#include <vector>

#include "common/hcl/eval.h"
#include "common/hcl/eval_internal.h"

namespace bakery::hcl {

namespace {

class Evaluator {
 public:
  explicit Evaluator(const Scope& scope) : scope_(scope) {}

  Value Eval(const Expression& expr) {
    return std::visit([this](const auto& node) { return On(node); }, expr.node);
  }

 private:
  Value On(const LiteralExpr& literal) {
    switch (literal.kind) {
      case LiteralExpr::kNumber:
        return Value::Number(literal.number);
      case LiteralExpr::kBool:
        return Value::Bool(literal.boolean);
      case LiteralExpr::kString:
        return Value::String(literal.text);
      case LiteralExpr::kNull:
        return Value::Null();
    }
    return Value::Null();
  }

  Value On(const TemplateExpr& tmpl) {
    if (tmpl.IsUnwrappable()) return Eval(*tmpl.parts[0].expr);
    std::string out;
    if (std::optional<Value> unknown = Render(tmpl.parts, out)) return *unknown;
    return Value::String(std::move(out));
  }

  // Appends the rendering of `parts` to `out`; the unknown value that stops it, if any.
  std::optional<Value> Render(const std::vector<TemplatePart>& parts, std::string& out) {
    for (const TemplatePart& part : parts) {
      std::optional<Value> stop;
      if (part.kind == TemplatePart::kLiteral) out += part.text;
      if (part.kind == TemplatePart::kInterpolation) stop = Interpolate(*part.expr, out);
      if (part.kind == TemplatePart::kIf) stop = RenderIf(part, out);
      if (part.kind == TemplatePart::kFor) stop = RenderFor(part, out);
      if (stop) return stop;
    }
    return std::nullopt;
  }

  std::optional<Value> Interpolate(const Expression& expr, std::string& out) {
    Value value = Eval(expr);
    if (!value.IsKnown()) return value;
    std::optional<std::string> text = ToStringValue(value);
    if (!text) return Value::Unknown(fmt::format("cannot interpolate {}", value.Dump()));
    out += *text;
    return std::nullopt;
  }

  std::optional<Value> RenderIf(const TemplatePart& part, std::string& out) {
    Value condition = Eval(*part.expr);
    if (!condition.IsKnown()) return condition;
    std::optional<bool> truth = ToBool(condition);
    if (!truth) return Value::Unknown("%{if} needs a bool condition");
    return Render(*truth ? part.body : part.else_body, out);
  }

  std::optional<Value> RenderFor(const TemplatePart& part, std::string& out) {
    Value collection = Eval(*part.expr);
    std::optional<Value> stop =
        ForEach(collection, part.key_var, part.value_var, [&] { return Render(part.body, out); });
    return stop;
  }

  // Calls `body` with key/value bound for every element of `collection`.
  template <typename Fn>
  std::optional<Value> ForEach(const Value& collection, const std::string& key_var,
                               const std::string& value_var, Fn body) {
    if (!collection.IsKnown()) return collection;
    std::vector<std::pair<Value, const Value*>> elements;
    if (collection.kind == Value::kTuple) {
      for (size_t i = 0; i < collection.items.size(); ++i)
        elements.emplace_back(Value::Number(static_cast<double>(i)), &collection.items[i]);
    } else if (collection.kind == Value::kObject) {
      for (const auto& [key, field] : collection.fields)
        elements.emplace_back(Value::String(key), &field);
    } else {
      return Value::Unknown(fmt::format("cannot iterate over {}", collection.Dump()));
    }
    for (const auto& [key, value] : elements) {
      size_t depth = bindings_.size();
      if (!key_var.empty()) bindings_.emplace_back(key_var, key);
      bindings_.emplace_back(value_var, *value);
      std::optional<Value> stop = body();
      bindings_.erase(bindings_.begin() + static_cast<std::ptrdiff_t>(depth), bindings_.end());
      if (stop) return stop;
    }
    return std::nullopt;
  }

  Value On(const VariableExpr& variable) {
    for (auto it = bindings_.rbegin(); it != bindings_.rend(); ++it) {
      if (it->first == variable.name) return it->second;
    }
    if (variable.name == "var") return Value::Object(scope_.variables);
    if (variable.name == "local") return Value::Object(scope_.locals);
    if (variable.name == "path") return PathObject();
    return Value::Unknown(fmt::format("{}.* is known only at build time", variable.name));
  }

  Value PathObject() const {
    return Value::Object(
        {{"root", Value::String(scope_.path_root)}, {"cwd", Value::String(scope_.path_cwd)}});
  }

  Value On(const GetAttrExpr& get) {
    // var.x and local.x without copying the whole scope.
    if (const auto* root = get.object->As<VariableExpr>(); root && !IsBound(root->name)) {
      if (root->name == "var") return Lookup(scope_.variables, "var", get.name);
      if (root->name == "local") return Lookup(scope_.locals, "local", get.name);
    }
    return Index(Eval(*get.object), Value::String(get.name));
  }

  bool IsBound(const std::string& name) const {
    for (const auto& binding : bindings_) {
      if (binding.first == name) return true;
    }
    return false;
  }

  static Value Lookup(const std::map<std::string, Value>& map, const char* root,
                      const std::string& name) {
    auto it = map.find(name);
    if (it != map.end()) return it->second;
    return Value::Unknown(fmt::format("{}.{} is not declared", root, name));
  }

  Value On(const IndexExpr& index) { return Index(Eval(*index.collection), Eval(*index.key)); }

  Value On(const SplatExpr& splat) {
    Value source = Eval(*splat.source);
    if (!source.IsKnown()) return source;
    if (source.kind == Value::kNull) return Value::Tuple({});
    std::vector<Value> elements =
        source.kind == Value::kTuple ? source.items : std::vector<Value>{source};
    std::vector<Value> out;
    for (const Value& element : elements) {
      splat_items_.push_back(element);
      out.push_back(Eval(*splat.each));
      splat_items_.pop_back();
    }
    return Value::Tuple(std::move(out));
  }

  Value On(const SplatItemExpr&) {
    return splat_items_.empty() ? Value::Unknown("splat item outside a splat")
                                : splat_items_.back();
  }

  Value On(const CallExpr& call) {
    std::vector<Value> args;
    for (const ExprPtr& arg : call.args) args.push_back(Eval(*arg));
    if (call.expand_final && !args.empty()) {
      Value last = std::move(args.back());
      args.pop_back();
      if (!last.IsKnown()) return last;
      if (last.kind != Value::kTuple) return Value::Unknown("'...' needs a tuple");
      for (Value& item : last.items) args.push_back(std::move(item));
    }
    return CallFunction(call.name, args);
  }

  Value On(const TupleExpr& tuple) {
    std::vector<Value> items;
    for (const ExprPtr& item : tuple.items) items.push_back(Eval(*item));
    return Value::Tuple(std::move(items));
  }

  Value On(const ObjectExpr& object) {
    std::map<std::string, Value> fields;
    for (const ObjectItem& item : object.items) {
      Value key = Eval(*item.key);
      if (!key.IsKnown()) return key;
      std::optional<std::string> name = ToStringValue(key);
      if (!name) return Value::Unknown(fmt::format("object key {} is not a string", key.Dump()));
      fields[*name] = Eval(*item.value);
    }
    return Value::Object(std::move(fields));
  }

  Value On(const ForExpr& loop) {
    Value collection = Eval(*loop.collection);
    std::vector<Value> items;
    std::map<std::string, Value> fields;
    std::optional<Value> stop =
        ForEach(collection, loop.key_var, loop.value_var, [&]() -> std::optional<Value> {
          if (loop.condition) {
            Value keep = Eval(*loop.condition);
            if (!keep.IsKnown()) return keep;
            std::optional<bool> truth = ToBool(keep);
            if (!truth) return Value::Unknown("the for condition is not a bool");
            if (!*truth) return std::nullopt;
          }
          if (!loop.object) {
            items.push_back(Eval(*loop.value));
            return std::nullopt;
          }
          return AddForItem(loop, fields);
        });
    if (stop) return *stop;
    return loop.object ? Value::Object(std::move(fields)) : Value::Tuple(std::move(items));
  }

  std::optional<Value> AddForItem(const ForExpr& loop, std::map<std::string, Value>& fields) {
    Value key = Eval(*loop.key);
    if (!key.IsKnown()) return key;
    std::optional<std::string> name = ToStringValue(key);
    if (!name) return Value::Unknown("a for expression key is not a string");
    Value value = Eval(*loop.value);
    if (loop.grouping) {
      Value& group = fields[*name];
      group.kind = Value::kTuple;
      group.items.push_back(std::move(value));
    } else if (fields.contains(*name)) {
      return Value::Unknown(fmt::format("duplicate key \"{}\" in a for expression", *name));
    } else {
      fields[*name] = std::move(value);
    }
    return std::nullopt;
  }

  Value On(const ConditionalExpr& conditional) {
    Value condition = Eval(*conditional.condition);
    if (!condition.IsKnown()) return condition;
    std::optional<bool> truth = ToBool(condition);
    if (!truth) return Value::Unknown("the condition is not a bool");
    return Eval(*truth ? *conditional.when_true : *conditional.when_false);
  }

  Value On(const UnaryExpr& unary) { return Unary(unary.op, Eval(*unary.operand)); }
  Value On(const BinaryExpr& binary) {
    return Binary(binary.op, Eval(*binary.lhs), Eval(*binary.rhs));
  }
  Value On(const ParenExpr& paren) { return Eval(*paren.inner); }

  const Scope& scope_;
  std::vector<std::pair<std::string, Value>> bindings_;
  std::vector<Value> splat_items_;
};

}  // namespace

Value Evaluate(const Expression& expr, const Scope& scope) { return Evaluator(scope).Eval(expr); }

}  // namespace bakery::hcl
