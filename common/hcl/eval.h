#pragma once
// A small evaluator over the HCL AST for what is statically known in a
// Packer template: literals, var.*, local.*, path.root/path.cwd, templates
// (interpolation, %{if}, %{for}), tuples, objects, for expressions,
// conditionals, operators, indexes, splats and a set of pure functions.
//
// Anything that cannot be known before a build (timestamp(), source.*,
// build.*, data.*, functions bakery does not implement, type errors)
// evaluates to an Unknown value carrying the reason. Unknown spreads:
// any operation with an unknown operand is unknown. Nothing is guessed.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/hcl/ast.h"

namespace bakery::hcl {

struct Value {
  enum Kind { kUnknown, kNull, kBool, kNumber, kString, kTuple, kObject };
  Kind kind = kNull;
  bool boolean = false;
  double number = 0;
  std::string string;
  std::vector<Value> items;             // kTuple
  std::map<std::string, Value> fields;  // kObject (HCL orders keys lexically)
  std::string reason;  // kUnknown: why, e.g. "timestamp() is known only at build time"

  static Value Unknown(std::string why);
  static Value Null() { return Value{}; }
  static Value Bool(bool b);
  static Value Number(double n);
  static Value String(std::string s);
  static Value Tuple(std::vector<Value> items);
  static Value Object(std::map<std::string, Value> fields);

  bool IsKnown() const { return kind != kUnknown; }
  /// True when this value and everything inside it is known.
  bool IsWhollyKnown() const;
  /// HCL-style rendering for tests and messages: "a", 1.5, true, null,
  /// ["a", 1], {a = 1}, (unknown: reason).
  std::string Dump() const;
  bool operator==(const Value&) const = default;
};

/// Converts a primitive to its string form as HCL does (numbers without a
/// trailing ".0", bools "true"/"false"); nullopt for other kinds.
std::optional<std::string> ToStringValue(const Value& value);

/// What names mean while evaluating: `var`, `local` and `path` objects plus
/// any further root names (for-expression bindings are added internally).
struct Scope {
  std::map<std::string, Value> variables;  // var.NAME
  std::map<std::string, Value> locals;     // local.NAME
  std::string path_root;                   // path.root (the template directory)
  std::string path_cwd;                    // path.cwd
};

/// Evaluates `expr` in `scope`. Never fails: what is not statically known
/// (or is wrong) is Value::Unknown with the reason.
Value Evaluate(const Expression& expr, const Scope& scope);

/// Calls function `name` on already evaluated arguments (exposed for tests).
/// Functions bakery does not know give Unknown "NAME() is not evaluated by bakery".
Value CallFunction(const std::string& name, const std::vector<Value>& args);

}  // namespace bakery::hcl
