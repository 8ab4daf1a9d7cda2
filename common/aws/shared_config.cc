#include "common/aws/shared_config.h"

#include <vector>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

std::string ExpandHome(const Env& env, std::string path) {
  if (path.starts_with("~/")) path = env.Get("HOME").value_or("") + path.substr(1);
  return path;
}

std::string StripComment(const std::string& value) {
  // Inline comments need whitespace before them (values may hold '#').
  for (size_t i = 1; i < value.size(); ++i) {
    if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
      return std::string(Trim(value.substr(0, i)));
    }
  }
  return value;
}

// Which map a section header selects; nullptr for sections we ignore
// (e.g. "[sso-session x]" or a config-file section without "profile ").
Profile* SectionFor(std::string_view header, bool is_config, const std::string& origin,
                    SharedConfig& config) {
  std::string name(Trim(header));
  std::map<std::string, Profile>* target = &config.profiles;
  if (is_config) {
    if (name.starts_with("profile ")) {
      name = std::string(Trim(name.substr(8)));
    } else if (name.starts_with("services ")) {
      name = std::string(Trim(name.substr(9)));
      target = &config.services;
    } else if (name != "default") {
      return nullptr;
    }
  }
  Profile& profile = (*target)[name];
  if (profile.name.empty()) {
    profile.name = name;
    profile.origin = origin;
  }
  return &profile;
}

}  // namespace

std::optional<std::string> Profile::Get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second;
}

const Profile* SharedConfig::FindProfile(const std::string& name) const {
  auto it = profiles.find(name);
  return it == profiles.end() ? nullptr : &it->second;
}

std::optional<std::string> SharedConfig::ServiceEndpoint(const Profile& profile,
                                                         const std::string& service_key) const {
  std::optional<std::string> section = profile.Get("services");
  if (!section) return std::nullopt;
  auto it = services.find(*section);
  if (it == services.end()) return std::nullopt;
  auto nested = it->second.nested.find(service_key);
  if (nested == it->second.nested.end()) return std::nullopt;
  auto url = nested->second.find("endpoint_url");
  if (url == nested->second.end()) return std::nullopt;
  return url->second;
}

std::string ConfigFilePath(const Env& env) {
  return ExpandHome(env, env.GetNonEmpty("AWS_CONFIG_FILE").value_or("~/.aws/config"));
}

std::string CredentialsFilePath(const Env& env) {
  return ExpandHome(env,
                    env.GetNonEmpty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
}

Result<void> ParseSharedFile(std::string_view text, const std::string& path, bool is_config,
                             SharedConfig& into) {
  std::vector<std::string> lines = Split(text, '\n');
  Profile* section = nullptr;
  bool skipping = false;        // inside a section we ignore
  std::string nested_key;       // "ec2" while reading "ec2 =" sub-settings
  for (size_t index = 0; index < lines.size(); ++index) {
    const std::string& raw = lines[index];
    int line_number = static_cast<int>(index) + 1;
    std::string line(Trim(raw));
    if (line.empty() || line[0] == '#' || line[0] == ';') continue;
    bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (line[0] == '[') {
      if (line.back() != ']') {
        return FailAt({path, line_number, static_cast<int>(raw.size())}, ErrorKind::kBadInput,
                      "section header is missing its closing ']'");
      }
      section = SectionFor(line.substr(1, line.size() - 2), is_config,
                           path + ":" + std::to_string(line_number), into);
      skipping = section == nullptr;
      nested_key.clear();
      continue;
    }
    if (skipping) continue;
    size_t equals = line.find('=');
    if (equals == std::string::npos) {
      return FailAt({path, line_number, 1}, ErrorKind::kBadInput,
                    "expected \"key = value\", found \"{}\"", line);
    }
    if (!section) {
      return FailAt({path, line_number, 1}, ErrorKind::kBadInput,
                    "setting \"{}\" appears before any [section] header",
                    Trim(line.substr(0, equals)));
    }
    std::string key = ToLower(Trim(line.substr(0, equals)));
    std::string value = StripComment(std::string(Trim(line.substr(equals + 1))));
    if (indented && !nested_key.empty()) {
      section->nested[nested_key][key] = value;
      continue;
    }
    nested_key = value.empty() ? key : "";
    section->values[key] = value;
  }
  return {};
}

Result<SharedConfig> LoadSharedConfig(const Env& env, const FileSystem& files) {
  SharedConfig config;
  config.config_path = ConfigFilePath(env);
  config.credentials_path = CredentialsFilePath(env);
  for (auto [path, is_config] : {std::pair{config.config_path, true},
                                 std::pair{config.credentials_path, false}}) {
    if (!files.Exists(path)) continue;
    Result<std::string> text = files.ReadFile(path);
    if (!text) return std::unexpected(std::move(text.error()));
    // Credentials-file values override config-file values for the same profile.
    if (Result<void> parsed = ParseSharedFile(*text, path, is_config, config); !parsed) {
      return std::unexpected(std::move(parsed.error()));
    }
  }
  return config;
}

std::string SelectedProfileName(const Env& env, const std::string& explicit_profile) {
  if (!explicit_profile.empty()) return explicit_profile;
  if (auto name = env.GetNonEmpty("AWS_DEFAULT_PROFILE")) return *name;
  if (auto name = env.GetNonEmpty("AWS_PROFILE")) return *name;
  return "default";
}

}  // namespace bakery::aws
