#pragma once
// Pieces of the evaluator shared between its files (not a public API).

#include <optional>
#include <string>

#include "common/hcl/eval.h"

namespace bakery::hcl {

/// `lhs op rhs` for HCL's binary operators.
Value Binary(const std::string& op, const Value& lhs, const Value& rhs);
/// `-operand` or `!operand`.
Value Unary(const std::string& op, const Value& operand);
/// `collection[key]` for tuples (number keys) and objects (string keys).
Value Index(const Value& collection, const Value& key);
/// A number, or a string that is wholly a number.
std::optional<double> ToNumber(const Value& value);
/// A bool, or the strings "true"/"false".
std::optional<bool> ToBool(const Value& value);

}  // namespace bakery::hcl
