#pragma once
// The AWS shared config and credentials files (~/.aws/config,
// ~/.aws/credentials): INI with `[default]` / `[profile NAME]` /
// `[services NAME]` sections in config, `[NAME]` in credentials, and
// indented sub-settings ("ec2 =\n  endpoint_url = …").

#include <map>
#include <optional>
#include <string>

#include "common/base/env.h"
#include "common/base/error.h"
#include "common/base/file_system.h"

namespace bakery::aws {

using Settings = std::map<std::string, std::string>;

struct Profile {
  std::string name;
  Settings values;                         // key → value (lowercase keys)
  std::map<std::string, Settings> nested;  // "ec2" → {endpoint_url: …}
  std::string origin;                      // "path:line" where it was defined

  std::optional<std::string> Get(const std::string& key) const;
};

struct SharedConfig {
  std::map<std::string, Profile> profiles;       // merged; credentials file wins per key
  std::map<std::string, Profile> services;       // [services NAME] sections
  std::string config_path;
  std::string credentials_path;

  const Profile* FindProfile(const std::string& name) const;
  /// The endpoint_url of `service_key` ("ec2", "sts", "ssm") in the profile's
  /// `services` section, if any.
  std::optional<std::string> ServiceEndpoint(const Profile& profile,
                                             const std::string& service_key) const;
};

/// The paths from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE or the
/// defaults under $HOME/.aws.
std::string ConfigFilePath(const Env& env);
std::string CredentialsFilePath(const Env& env);

/// Reads both files; missing files are empty. Syntax errors carry
/// path:line:col.
Result<SharedConfig> LoadSharedConfig(const Env& env, const FileSystem& files);

/// Parses one file's text; `is_config` selects the section naming rules.
Result<void> ParseSharedFile(std::string_view text, const std::string& path, bool is_config,
                             SharedConfig& into);

/// The selected profile: the explicit one, else AWS_DEFAULT_PROFILE, else
/// AWS_PROFILE, else "default".
std::string SelectedProfileName(const Env& env, const std::string& explicit_profile);

}  // namespace bakery::aws
