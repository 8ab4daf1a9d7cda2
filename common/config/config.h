#pragma once
// bakery.yml: the one configuration file of an image repository. Loaded
// with yaml-cpp (inside config.cc only); every error names the file, line
// and column, and unknown keys get a "did you mean". docs/config.md
// documents every key.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/base/file_system.h"

namespace bakery::config {

using Tags = std::map<std::string, std::string>;

/// A retention policy; unset fields inherit from defaults.retention.
struct RetentionPolicy {
  std::optional<int> keep;                          // newest N kept
  std::optional<std::chrono::seconds> min_age;      // younger images kept
  std::optional<std::vector<std::string>> keep_status;  // channels never deleted
  std::optional<int> max_deletions;                 // blast-radius cap per run
  std::optional<std::chrono::seconds> deprecate_first;  // deprecate, delete later

  /// `this` with unset fields taken from `base`.
  RetentionPolicy Over(const RetentionPolicy& base) const;
};

struct ImageConfig {
  std::string name;
  std::string template_path;        // relative to the bakery.yml directory
  std::string parent;
  std::string parent_variable;
  std::vector<std::string> inputs;
  std::map<std::string, std::string> variables;
  std::vector<std::string> var_files;
  std::vector<std::string> regions;  // empty: defaults.regions
  Tags tags;
  std::string test;                  // test spec path
  std::optional<std::chrono::seconds> rebuild_max_age;
  std::vector<std::string> packer_args;
  RetentionPolicy retention;
  int line = 0;                      // where the image is defined
  std::string canonical;             // its section, normalised (fingerprinted)
};

struct Config {
  std::string path;       // as given
  std::string directory;  // its directory, for relative paths ("." when none)
  int version = 1;
  std::string tag_prefix = "bakery:";
  std::vector<std::string> regions;   // defaults.regions
  Tags tags;                          // defaults.tags
  RetentionPolicy retention;          // defaults.retention
  std::vector<std::string> ssm_parameter_paths;  // retention: images referenced there are kept
  std::vector<ImageConfig> images;    // in file order
  std::map<std::string, std::string> rule_severities;  // validate.rules
  bool require_deprecate_at = false;  // validate.require-deprecate-at

  const ImageConfig* FindImage(const std::string& name) const;
  /// The image's regions, or the defaults.
  std::vector<std::string> RegionsOf(const ImageConfig& image) const;
};

/// Parses `text` as bakery.yml located at `path`.
Result<Config> ParseConfig(std::string_view text, const std::string& path);

/// Reads and parses `path`; a missing file is kBadInput with a hint.
Result<Config> LoadConfig(const FileSystem& files, const std::string& path);

}  // namespace bakery::config
