#pragma once
// The process environment behind an interface so tests can fake it
// (FakeEnv in common/testing/fakes.h).

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace bakery {

class Env {
 public:
  virtual ~Env() = default;
  /// The variable's value; nullopt when unset. An empty value is a value.
  virtual std::optional<std::string> Get(std::string_view name) const = 0;
  /// The value when set and non-empty, else nullopt.
  std::optional<std::string> GetNonEmpty(std::string_view name) const;
  /// Every variable (for passing an environment to a child process).
  virtual std::map<std::string, std::string> All() const = 0;
};

/// The real environment of this process (getenv/environ).
class ProcessEnv final : public Env {
 public:
  std::optional<std::string> Get(std::string_view name) const override;
  std::map<std::string, std::string> All() const override;
};

/// A fixed map; used by tests and to run children with a chosen environment.
class MapEnv final : public Env {
 public:
  MapEnv() = default;
  explicit MapEnv(std::map<std::string, std::string> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> Get(std::string_view name) const override;
  std::map<std::string, std::string> All() const override { return vars_; }
  void Set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void Unset(const std::string& name) { vars_.erase(name); }

 private:
  std::map<std::string, std::string> vars_;
};

}  // namespace bakery
