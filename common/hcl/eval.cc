#include "common/hcl/eval.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

#include "common/hcl/eval_internal.h"

namespace bakery::hcl {

namespace {

// The value of an unknown operand, or nullopt when every operand is known:
// unknown spreads through every operation.
std::optional<Value> FirstUnknown(std::initializer_list<const Value*> values) {
  for (const Value* value : values) {
    if (!value->IsKnown()) return *value;
  }
  return std::nullopt;
}

Value Arithmetic(const std::string& op, double a, double b) {
  if (op == "+") return Value::Number(a + b);
  if (op == "-") return Value::Number(a - b);
  if (op == "*") return Value::Number(a * b);
  if (b == 0) return Value::Unknown("division by zero");
  if (op == "/") return Value::Number(a / b);
  return Value::Number(std::fmod(a, b));
}

Value Compare(const std::string& op, double a, double b) {
  if (op == "<") return Value::Bool(a < b);
  if (op == ">") return Value::Bool(a > b);
  if (op == "<=") return Value::Bool(a <= b);
  return Value::Bool(a >= b);
}

}  // namespace

Value Binary(const std::string& op, const Value& lhs, const Value& rhs) {
  if (op == "&&" || op == "||") {
    // A known deciding operand settles the result even if the other is unknown.
    std::optional<bool> a = ToBool(lhs), b = ToBool(rhs);
    bool is_and = op == "&&";
    if ((a && *a != is_and) || (b && *b != is_and)) return Value::Bool(!is_and);
    if (auto unknown = FirstUnknown({&lhs, &rhs})) return *unknown;
    if (!a || !b) return Value::Unknown(fmt::format("'{}' needs bool operands", op));
    return Value::Bool(is_and ? (*a && *b) : (*a || *b));
  }
  if (auto unknown = FirstUnknown({&lhs, &rhs})) return *unknown;
  if (op == "==") return Value::Bool(lhs == rhs);
  if (op == "!=") return Value::Bool(!(lhs == rhs));
  std::optional<double> a = ToNumber(lhs), b = ToNumber(rhs);
  if (!a || !b) return Value::Unknown(fmt::format("'{}' needs number operands", op));
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return Arithmetic(op, *a, *b);
  return Compare(op, *a, *b);
}

Value Unary(const std::string& op, const Value& operand) {
  if (!operand.IsKnown()) return operand;
  if (op == "!") {
    std::optional<bool> b = ToBool(operand);
    return b ? Value::Bool(!*b) : Value::Unknown("'!' needs a bool operand");
  }
  std::optional<double> n = ToNumber(operand);
  return n ? Value::Number(-*n) : Value::Unknown("'-' needs a number operand");
}

Value Index(const Value& collection, const Value& key) {
  if (auto unknown = FirstUnknown({&collection, &key})) return *unknown;
  if (collection.kind == Value::kTuple) {
    std::optional<double> n = ToNumber(key);
    if (!n || *n < 0 || *n != std::floor(*n) || *n >= static_cast<double>(collection.items.size()))
      return Value::Unknown(fmt::format("index {} is out of range", key.Dump()));
    return collection.items[static_cast<size_t>(*n)];
  }
  if (collection.kind == Value::kObject) {
    std::optional<std::string> name = ToStringValue(key);
    auto it = name ? collection.fields.find(*name) : collection.fields.end();
    if (it == collection.fields.end())
      return Value::Unknown(fmt::format("no attribute {}", key.Dump()));
    return it->second;
  }
  return Value::Unknown(fmt::format("cannot index {}", collection.Dump()));
}

std::optional<double> ToNumber(const Value& value) {
  if (value.kind == Value::kNumber) return value.number;
  if (value.kind != Value::kString || value.string.empty()) return std::nullopt;
  // Only a string that is wholly a number converts ("12", "1.5", "-3").
  double number = 0;
  const char* end = value.string.data() + value.string.size();
  auto [ptr, ec] = std::from_chars(value.string.data(), end, number);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return number;
}

std::optional<bool> ToBool(const Value& value) {
  if (value.kind == Value::kBool) return value.boolean;
  if (value.kind == Value::kString && value.string == "true") return true;
  if (value.kind == Value::kString && value.string == "false") return false;
  return std::nullopt;
}

Value Value::Unknown(std::string why) {
  Value value;
  value.kind = kUnknown;
  value.reason = std::move(why);
  return value;
}

Value Value::Bool(bool b) {
  Value value;
  value.kind = kBool;
  value.boolean = b;
  return value;
}

Value Value::Number(double n) {
  Value value;
  value.kind = kNumber;
  value.number = n;
  return value;
}

Value Value::String(std::string s) {
  Value value;
  value.kind = kString;
  value.string = std::move(s);
  return value;
}

Value Value::Tuple(std::vector<Value> items) {
  Value value;
  value.kind = kTuple;
  value.items = std::move(items);
  return value;
}

Value Value::Object(std::map<std::string, Value> fields) {
  Value value;
  value.kind = kObject;
  value.fields = std::move(fields);
  return value;
}

bool Value::IsWhollyKnown() const {
  if (kind == kUnknown) return false;
  for (const Value& item : items) {
    if (!item.IsWhollyKnown()) return false;
  }
  for (const auto& [key, field] : fields) {
    if (!field.IsWhollyKnown()) return false;
  }
  return true;
}

std::optional<std::string> ToStringValue(const Value& value) {
  switch (value.kind) {
    case Value::kString:
      return value.string;
    case Value::kBool:
      return value.boolean ? "true" : "false";
    case Value::kNumber:
      if (std::fabs(value.number) < 9007199254740992.0 && value.number == std::floor(value.number))
        return fmt::format("{}", static_cast<long long>(value.number));
      return fmt::format("{}", value.number);
    default:
      return std::nullopt;
  }
}

std::string Value::Dump() const {
  switch (kind) {
    case kUnknown:
      return "(unknown: " + reason + ")";
    case kNull:
      return "null";
    case kString:
      return fmt::format("\"{}\"", string);
    case kBool:
    case kNumber:
      return *ToStringValue(*this);
    case kTuple: {
      std::string out;
      for (const Value& item : items) out += (out.empty() ? "" : ", ") + item.Dump();
      return "[" + out + "]";
    }
    case kObject: {
      std::string out;
      for (const auto& [key, field] : fields)
        out += (out.empty() ? "" : ", ") + key + " = " + field.Dump();
      return "{" + out + "}";
    }
  }
  return "?";
}

}  // namespace bakery::hcl
