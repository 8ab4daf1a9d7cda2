#include "common/base/env.h"

#include <cstdlib>
#include <string>

extern char** environ;

namespace bakery {

std::optional<std::string> Env::GetNonEmpty(std::string_view name) const {
  auto value = Get(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

std::optional<std::string> ProcessEnv::Get(std::string_view name) const {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::map<std::string, std::string> ProcessEnv::All() const {
  std::map<std::string, std::string> vars;
  for (char** entry = environ; entry && *entry; ++entry) {
    std::string_view text(*entry);
    size_t equals = text.find('=');
    if (equals == std::string_view::npos) continue;
    vars.emplace(std::string(text.substr(0, equals)), std::string(text.substr(equals + 1)));
  }
  return vars;
}

std::optional<std::string> MapEnv::Get(std::string_view name) const {
  auto it = vars_.find(std::string(name));
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

}  // namespace bakery
