// The functions Evaluate() knows (eval.h). Each checks its arguments and
// returns Unknown, never a guess, when they are unknown or of the wrong kind.

#include <fmt/format.h>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/base/strings.h"
#include "common/hcl/eval.h"
#include "common/hcl/eval_internal.h"

namespace bakery::hcl {

namespace {

using Args = std::vector<Value>;
using Function = std::function<Value(const Args&)>;

Value Wrong(const char* name, const char* why) {
  return Value::Unknown(fmt::format("{}(): {}", name, why));
}

// The strings of `args`, or nullopt when one is not a primitive.
std::optional<std::vector<std::string>> Strings(const Args& args) {
  std::vector<std::string> out;
  for (const Value& arg : args) {
    std::optional<std::string> text = ToStringValue(arg);
    if (!text) return std::nullopt;
    out.push_back(std::move(*text));
  }
  return out;
}

Value StringFunction(const char* name, const Args& args, size_t count,
                     const std::function<std::string(const std::vector<std::string>&)>& fn) {
  if (args.size() != count) return Wrong(name, "wrong number of arguments");
  std::optional<std::vector<std::string>> strings = Strings(args);
  if (!strings) return Wrong(name, "needs string arguments");
  return Value::String(fn(*strings));
}

std::string ReplaceAll(const std::vector<std::string>& s) {
  if (s[1].empty()) return s[0];
  std::string out;
  size_t from = 0;
  for (size_t at; (at = s[0].find(s[1], from)) != std::string::npos; from = at + s[1].size())
    out += s[0].substr(from, at - from) + s[2];
  return out + s[0].substr(from);
}

Value Replace(const Args& args) {
  if (args.size() == 3 && args[1].kind == Value::kString && args[1].string.size() > 1 &&
      args[1].string.front() == '/' && args[1].string.back() == '/')
    return Wrong("replace", "regular expressions are not evaluated by bakery");
  return StringFunction("replace", args, 3, ReplaceAll);
}

Value Concat(const Args& args) {
  std::vector<Value> items;
  for (const Value& arg : args) {
    if (arg.kind != Value::kTuple) return Wrong("concat", "needs lists");
    items.insert(items.end(), arg.items.begin(), arg.items.end());
  }
  return Value::Tuple(std::move(items));
}

Value JoinFunction(const Args& args) {
  if (args.size() < 2 || args[0].kind != Value::kString)
    return Wrong("join", "needs a separator and lists");
  std::vector<std::string> parts;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i].kind != Value::kTuple) return Wrong("join", "needs lists");
    for (const Value& item : args[i].items) {
      if (!item.IsKnown()) return item;
    }
    std::optional<std::vector<std::string>> strings = Strings(args[i].items);
    if (!strings) return Wrong("join", "needs lists of strings");
    parts.insert(parts.end(), strings->begin(), strings->end());
  }
  return Value::String(Join(parts, args[0].string));
}

Value SplitFunction(const Args& args) {
  if (args.size() != 2) return Wrong("split", "wrong number of arguments");
  std::optional<std::vector<std::string>> s = Strings(args);
  if (!s || (*s)[0].empty()) return Wrong("split", "needs a non-empty separator and a string");
  std::vector<Value> items;
  size_t from = 0;
  for (size_t at; (at = (*s)[1].find((*s)[0], from)) != std::string::npos;
       from = at + (*s)[0].size())
    items.push_back(Value::String((*s)[1].substr(from, at - from)));
  items.push_back(Value::String((*s)[1].substr(from)));
  return Value::Tuple(std::move(items));
}

Value Merge(const Args& args) {
  std::map<std::string, Value> fields;
  for (const Value& arg : args) {
    if (arg.kind == Value::kNull) continue;
    if (arg.kind != Value::kObject) return Wrong("merge", "needs objects");
    for (const auto& [key, value] : arg.fields) fields[key] = value;
  }
  return Value::Object(std::move(fields));
}

Value Lookup(const Args& args) {
  if (args.size() != 2 && args.size() != 3) return Wrong("lookup", "wrong number of arguments");
  if (args[0].kind != Value::kObject || args[1].kind != Value::kString)
    return Wrong("lookup", "needs an object and a string key");
  auto it = args[0].fields.find(args[1].string);
  if (it != args[0].fields.end()) return it->second;
  if (args.size() == 3) return args[2];
  return Wrong("lookup", "the key is absent and there is no default");
}

Value Coalesce(const Args& args) {
  for (const Value& arg : args) {
    if (!arg.IsKnown()) return arg;  // an earlier unknown might have been the answer
    if (arg.kind != Value::kNull && !(arg.kind == Value::kString && arg.string.empty())) return arg;
  }
  return Wrong("coalesce", "every argument is null or empty");
}

Value Length(const Args& args) {
  if (args.size() != 1) return Wrong("length", "wrong number of arguments");
  const Value& v = args[0];
  if (v.kind == Value::kTuple) return Value::Number(static_cast<double>(v.items.size()));
  if (v.kind == Value::kObject) return Value::Number(static_cast<double>(v.fields.size()));
  if (v.kind == Value::kString) {
    size_t count = 0;
    for (char c : v.string) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return Value::Number(static_cast<double>(count));
  }
  return Wrong("length", "needs a string, list or object");
}

// format(): the verbs %s %d %v %q %% (others are unknown to bakery).
Value Format(const Args& args) {
  if (args.empty() || args[0].kind != Value::kString)
    return Wrong("format", "needs a format string");
  const std::string& spec = args[0].string;
  std::string out;
  size_t next = 1;
  for (size_t i = 0; i < spec.size(); ++i) {
    if (spec[i] != '%') {
      out += spec[i];
      continue;
    }
    if (++i == spec.size()) return Wrong("format", "the format ends with '%'");
    char verb = spec[i];
    if (verb == '%') {
      out += '%';
      continue;
    }
    if (verb != 's' && verb != 'd' && verb != 'v' && verb != 'q')
      return Wrong("format", "only the verbs %s, %d, %v, %q and %% are evaluated by bakery");
    if (next >= args.size()) return Wrong("format", "too few arguments");
    std::optional<std::string> text = ToStringValue(args[next++]);
    if (!text) return Wrong("format", "an argument is not a primitive");
    if (verb == 'd' && !ToNumber(Value::String(*text))) return Wrong("format", "%d needs a number");
    out += verb == 'q' ? "\"" + *text + "\"" : *text;
  }
  return Value::String(std::move(out));
}

const std::map<std::string, Function>& Functions() {
  static const auto* functions = new std::map<std::string, Function>{
      {"concat", Concat},
      {"format", Format},
      {"join", JoinFunction},
      {"lower",
       [](const Args& a) {
         return StringFunction("lower", a, 1, [](auto& s) { return ToLower(s[0]); });
       }},
      {"upper",
       [](const Args& a) {
         return StringFunction("upper", a, 1, [](auto& s) { return ToUpper(s[0]); });
       }},
      {"trimspace",
       [](const Args& a) {
         return StringFunction("trimspace", a, 1, [](auto& s) { return std::string(Trim(s[0])); });
       }},
      {"tostring",
       [](const Args& a) {
         return StringFunction("tostring", a, 1, [](auto& s) { return s[0]; });
       }},
      {"replace", Replace},
      {"merge", Merge},
      {"lookup", Lookup},
      {"coalesce", Coalesce},
      {"split", SplitFunction},
      {"length", Length},
      {"timestamp",
       [](const Args&) { return Value::Unknown("timestamp() is known only at build time"); }},
      {"formatdate",
       [](const Args&) {
         return Value::Unknown("formatdate() of a build-time date is known only at build time");
       }},
      {"uuidv4",
       [](const Args&) { return Value::Unknown("uuidv4() is known only at build time"); }},
  };
  return *functions;
}

}  // namespace

Value CallFunction(const std::string& name, const std::vector<Value>& args) {
  auto it = Functions().find(name);
  if (it == Functions().end())
    return Value::Unknown(fmt::format("{}() is not evaluated by bakery", name));
  // Only coalesce looks at its arguments one by one; elsewhere unknown spreads.
  if (name != "coalesce") {
    for (const Value& arg : args) {
      if (!arg.IsKnown()) return arg;
    }
  }
  return it->second(args);
}

}  // namespace bakery::hcl
