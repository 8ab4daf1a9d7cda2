#pragma once
// The HCL abstract syntax tree, shared by the native and JSON syntaxes.
// Every node carries the SourceRange it was parsed from.

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "common/hcl/source.h"

namespace bakery::hcl {

struct Expression;
using ExprPtr = std::unique_ptr<Expression>;

/// A number, bool or null. (Strings are templates, see TemplateExpr.)
struct LiteralExpr {
  enum Kind { kNumber, kBool, kNull, kString };
  Kind kind = kNull;
  std::string text;  // kNumber: as written; kString: the value (JSON/object keys)
  double number = 0;
  bool boolean = false;
};

/// A kNumber literal for `text` as written (HCL or JSON number syntax);
/// `number` is the nearest double, parsed independently of the locale.
LiteralExpr NumberLiteral(std::string text);

/// One piece of a template. Strip markers are already applied to literals.
struct TemplatePart {
  enum Kind { kLiteral, kInterpolation, kIf, kFor };
  Kind kind = kLiteral;
  std::string text;  // kLiteral
  ExprPtr expr;      // kInterpolation: the value; kIf: condition; kFor: collection
  std::vector<TemplatePart> body;       // kIf: then branch; kFor: repeated body
  std::vector<TemplatePart> else_body;  // kIf
  bool has_else = false;                // kIf
  std::string key_var;    // kFor: "k" in %{for k, v in x}, empty with one name
  std::string value_var;  // kFor
  SourceRange range;
};

/// A quoted string, heredoc or standalone (JSON) template.
struct TemplateExpr {
  std::vector<TemplatePart> parts;
  bool heredoc = false;
  /// True when the template is one interpolation and nothing else: its
  /// value is the expression's value, not a string ("unwrapping").
  bool IsUnwrappable() const {
    return parts.size() == 1 && parts[0].kind == TemplatePart::kInterpolation;
  }
  /// True when every part is literal text (or there are none).
  bool IsLiteral() const;
  /// The concatenated literal text (meaningful when IsLiteral()).
  std::string LiteralText() const;
};

struct VariableExpr { std::string name; };
struct GetAttrExpr { ExprPtr object; std::string name; };
/// `collection[key]`, or the legacy `collection.0` (legacy = true).
struct IndexExpr { ExprPtr collection; ExprPtr key; bool legacy = false; };
/// `source.*.each` (full = false) or `source[*]each` (full = true). `each`
/// is the traversal applied to every element, rooted at a SplatItemExpr;
/// it is the SplatItemExpr itself when nothing follows the splat.
struct SplatExpr { ExprPtr source; ExprPtr each; bool full = false; };
/// The element a splat traversal is applied to.
struct SplatItemExpr {};
struct CallExpr { std::string name; std::vector<ExprPtr> args; bool expand_final = false; };
struct TupleExpr { std::vector<ExprPtr> items; };
struct ObjectItem {
  ExprPtr key;  // a bare identifier key is a kString LiteralExpr
  ExprPtr value;
  bool key_is_identifier = false;
  bool colon = false;  // written "key: value" rather than "key = value"
};
struct ObjectExpr { std::vector<ObjectItem> items; };
/// `[for k, v in coll : value if cond]` or `{for k, v in coll : key => value... if cond}`.
struct ForExpr {
  std::string key_var;  // empty with one name
  std::string value_var;
  ExprPtr collection;
  ExprPtr key;  // object form only
  ExprPtr value;
  ExprPtr condition;  // may be null
  bool object = false;
  bool grouping = false;  // "..." after the value
};
struct ConditionalExpr { ExprPtr condition; ExprPtr when_true; ExprPtr when_false; };
struct UnaryExpr { std::string op; ExprPtr operand; };  // "-" or "!"
struct BinaryExpr { std::string op; ExprPtr lhs; ExprPtr rhs; };
struct ParenExpr { ExprPtr inner; };

struct Expression {
  std::variant<LiteralExpr, TemplateExpr, VariableExpr, GetAttrExpr, IndexExpr, SplatExpr,
               SplatItemExpr, CallExpr, TupleExpr, ObjectExpr, ForExpr, ConditionalExpr,
               UnaryExpr, BinaryExpr, ParenExpr>
      node;
  SourceRange range;

  template <typename T>
  const T* As() const { return std::get_if<T>(&node); }
  template <typename T>
  T* As() { return std::get_if<T>(&node); }
};

/// Makes an expression node.
template <typename T>
ExprPtr MakeExpr(T node, SourceRange range) {
  auto expr = std::make_unique<Expression>();
  expr->node = std::move(node);
  expr->range = std::move(range);
  return expr;
}

struct Attribute {
  std::string name;
  ExprPtr expr;
  SourceRange range;       // name through the end of the value
  SourceRange name_range;
};

struct Block;

struct Body {
  std::vector<Attribute> attributes;  // in source order
  std::vector<Block> blocks;          // in source order
  SourceRange range;

  /// The attribute named `name`, or nullptr.
  const Attribute* FindAttribute(std::string_view name) const;
};

struct BlockLabel {
  std::string value;
  bool quoted = false;
  SourceRange range;
};

struct Block {
  std::string type;
  std::vector<BlockLabel> labels;
  Body body;
  SourceRange range;  // type through the closing brace
  SourceRange type_range;
  bool one_line = false;  // written `type { name = value }` on one line
};

/// Compact S-expression rendering for tests and debugging, e.g.
/// `(+ (var a) (. (var b) c))`; strings render JSON-style quoted.
std::string Dump(const Expression& expr);
std::string Dump(const Body& body);

}  // namespace bakery::hcl
