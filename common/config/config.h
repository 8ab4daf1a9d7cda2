#pragma once
// bakery.yml as plain values (docs/config.md documents every key).
//
//   version: 1
//   tag-prefix: "bakery:"
//   defaults:  { regions, tags, retention: {keep, min-age, keep-status, max-deletions,
//                deprecate-first} }
//   retention: { ssm-paths, check-all-template-versions, include-shared,
//                families: { FAMILY: {policy keys} } }
//   promote:   { ssm-parameter }
//   validate:  { rules: { RULE-ID: error|warning|notice|off }, require-deprecate-at }
//   images:    { NAME: { template, parent, parent-variable, inputs, variables, var-files,
//                regions, tags, test, rebuild: {max-age}, packer-args, retention } }
//
// LoadConfig (config_loader.cc) reads it; yaml-cpp stays inside that file.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/base/file_system.h"

namespace bakery::config {

/// The status values of the catalog (design: "Tags are the catalog").
const std::vector<std::string>& KnownStatuses();

/// Retention keys as written in one place of the file; unset keys inherit.
struct RetentionSettings {
  std::optional<long> keep;
  std::optional<std::chrono::seconds> min_age;
  std::optional<std::vector<std::string>> keep_status;
  std::optional<long> max_deletions;
  std::optional<std::chrono::seconds> deprecate_first;
};

/// A family's effective policy: built-in defaults, then defaults.retention,
/// then the family's own settings, then flags.
struct RetentionPolicy {
  long keep = 5;
  std::chrono::seconds min_age = std::chrono::hours(24 * 7);
  std::vector<std::string> keep_status = {"production", "staging"};
  long max_deletions = 50;
  std::optional<std::chrono::seconds> deprecate_first;

  /// This policy with every key `settings` sets replaced.
  RetentionPolicy With(const RetentionSettings& settings) const;
};

struct RebuildSettings {
  std::optional<std::chrono::seconds> max_age;  // rebuild when the newest image is older
};

struct ImageConfig {
  std::string name;  // the key under images:, also the family
  SourceLocation location;
  std::string template_path;
  std::string parent;
  SourceLocation parent_location;
  std::string parent_variable;
  std::vector<std::string> inputs;                   // paths and globs
  std::map<std::string, std::string> variables;      // scalars as written
  std::vector<std::string> var_files;
  std::vector<std::string> regions;                  // empty: defaults.regions
  std::map<std::string, std::string> tags;           // added to defaults.tags
  std::string test;
  RebuildSettings rebuild;
  std::vector<std::string> packer_args;
  RetentionSettings retention;
  int line = 0;            // location.line, where the image is defined
  std::string canonical;   // its section as canonical JSON (sorted keys): the build
                           // fingerprints it, so formatting and comments do not count
};

struct Config {
  std::string path;         // where it was read from; empty when built-in
  std::string directory = ".";  // path's directory: relative paths in the file start here
  bool from_file = false;   // false: no bakery.yml, built-in defaults
  int version = 1;
  std::string tag_prefix = "bakery:";
  std::vector<std::string> regions;          // defaults.regions
  std::map<std::string, std::string> tags;   // defaults.tags
  RetentionSettings retention_defaults;      // defaults.retention
  std::vector<std::string> ssm_paths;        // retention.ssm-paths
  bool check_all_template_versions = false;  // retention.check-all-template-versions
  bool include_shared = false;               // retention.include-shared
  std::map<std::string, RetentionSettings> family_retention;  // retention.families
  std::string promote_ssm_parameter;         // promote.ssm-parameter
  std::map<std::string, std::string> rule_severities;  // validate.rules: RULE → severity
  bool require_deprecate_at = false;                   // validate.require-deprecate-at
  std::vector<ImageConfig> images;           // in file order

  /// The image section named `name`, or null.
  const ImageConfig* FindImage(const std::string& name) const;
  /// Families retention manages: every image, then retention.families, sorted, unique.
  std::vector<std::string> ManagedFamilies() const;
  /// The effective policy of `family` (before flags).
  RetentionPolicy PolicyFor(const std::string& family) const;
  /// The regions of `image` (its own, else defaults.regions).
  std::vector<std::string> RegionsFor(const ImageConfig& image) const;
};

/// Parses `text` as bakery.yml; `path` is used in error positions.
/// Errors (kBadInput) read "path:line:col: <key path>: <what is wrong>" and
/// unknown keys carry a "did you mean" suggestion.
Result<Config> ParseConfig(std::string_view text, const std::string& path);

/// Reads and parses `path`. When the file does not exist and `required` is
/// false, returns the built-in defaults (from_file = false).
Result<Config> LoadConfig(const FileSystem& fs, const std::string& path, bool required);

}  // namespace bakery::config
