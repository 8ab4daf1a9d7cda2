// Reads bakery.yml with yaml-cpp (which stays inside this file) into
// config::Config. Every error names the key path and the position of the
// offending node; the first error wins, as a compiler's first error does.

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "common/base/strings.h"
#include "common/base/time_format.h"
#include "common/config/config.h"
#include "common/config/config_checks.h"

namespace bakery::config {
namespace {

using Keys = std::vector<std::string>;

const Keys kTopKeys = {"version",  "tag-prefix", "defaults", "retention",
                       "promote",  "images",     "validate"};
const Keys kValidateKeys = {"rules", "require-deprecate-at"};
const Keys kDefaultsKeys = {"regions", "tags", "retention"};
const Keys kPolicyKeys = {"keep", "min-age", "keep-status", "max-deletions", "deprecate-first"};
const Keys kRetentionKeys = {"ssm-paths", "check-all-template-versions", "include-shared",
                             "families"};
const Keys kPromoteKeys = {"ssm-parameter"};
const Keys kImageKeys = {"template",  "parent",    "parent-variable", "inputs",
                         "variables", "var-files", "regions",         "tags",
                         "test",      "rebuild",   "packer-args",     "retention"};
const Keys kRebuildKeys = {"max-age"};

std::string Describe(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a list";
    case YAML::NodeType::Scalar:
      return fmt::format("\"{}\"", node.Scalar());
    default:
      return "nothing";
  }
}

bool IsQuoted(const YAML::Node& node) { return node.Tag() == "!"; }

// A section as JSON with sorted keys: what the build fingerprints.
nlohmann::json Canonical(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& entry : node) object[entry.first.Scalar()] = Canonical(entry.second);
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const auto& item : node) array.push_back(Canonical(item));
    return array;
  }
  return node.IsScalar() ? nlohmann::json(node.Scalar()) : nlohmann::json(nullptr);
}

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  SourceLocation At(const YAML::Node& node) const {
    YAML::Mark mark = node.Mark();
    return {path_, mark.line + 1, mark.column + 1};
  }

  std::unexpected<Error> TypeError(const YAML::Node& node, const std::string& key,
                                   std::string_view expected) const {
    return FailAt(At(node), ErrorKind::kBadInput, "{}: expected {}, got {}", key, expected,
                  Describe(node));
  }

  /// Checks that `node` is a mapping whose keys are all in `allowed`.
  Result<void> Mapping(const YAML::Node& node, const std::string& key, const Keys& allowed) const {
    if (!node.IsMap()) return TypeError(node, key, "a mapping");
    for (const auto& entry : node) {
      const std::string name = entry.first.Scalar();
      if (allowed.empty() || std::ranges::find(allowed, name) != allowed.end()) continue;
      return FailAt(At(entry.first), ErrorKind::kBadInput, "unknown key '{}' in {}{}", name,
                    key.empty() ? "bakery.yml" : key, DidYouMean(name, allowed));
    }
    return {};
  }

  Result<std::string> String(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) return TypeError(node, key, "a string");
    return node.Scalar();
  }

  Result<long> Integer(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar() || IsQuoted(node)) return TypeError(node, key, "a non-negative integer");
    const std::string& text = node.Scalar();
    long value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value < 0) {
      return TypeError(node, key, "a non-negative integer");
    }
    return value;
  }

  Result<bool> Bool(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar() && !IsQuoted(node)) {
      if (node.Scalar() == "true") return true;
      if (node.Scalar() == "false") return false;
    }
    return TypeError(node, key, "a boolean (true or false)");
  }

  Result<std::chrono::seconds> Duration(const YAML::Node& node, const std::string& key) const {
    if (node.IsScalar()) {
      if (auto value = ParseDuration(node.Scalar())) return *value;
    }
    return TypeError(node, key, "a duration <number><s|m|h|d|w> such as 7d");
  }

  Result<std::vector<std::string>> StringList(const YAML::Node& node,
                                              const std::string& key) const {
    if (!node.IsSequence()) return TypeError(node, key, "a list of strings");
    std::vector<std::string> values;
    for (size_t i = 0; i < node.size(); ++i) {
      auto value = String(node[i], fmt::format("{}[{}]", key, i));
      if (!value) return std::unexpected(value.error());
      values.push_back(*value);
    }
    return values;
  }

  Result<std::map<std::string, std::string>> StringMap(const YAML::Node& node,
                                                       const std::string& key) const {
    if (!node.IsMap()) return TypeError(node, key, "a mapping of names to strings");
    std::map<std::string, std::string> values;
    for (const auto& entry : node) {
      auto value = String(entry.second, key + "." + entry.first.Scalar());
      if (!value) return std::unexpected(value.error());
      values[entry.first.Scalar()] = *value;
    }
    return values;
  }

 private:
  std::string path_;
};

// Assigns a parsed value to `target`, or returns the error from the caller.
#define BAKERY_READ(target, expr)                        \
  do {                                                   \
    auto value_ = (expr);                                \
    if (!value_) return std::unexpected(value_.error()); \
    target = std::move(*value_);                         \
  } while (false)

Result<RetentionSettings> ReadPolicy(const Reader& reader, const YAML::Node& node,
                                     const std::string& key) {
  if (auto ok = reader.Mapping(node, key, kPolicyKeys); !ok) return std::unexpected(ok.error());
  RetentionSettings settings;
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string sub = key + "." + name;
    const YAML::Node& value = entry.second;
    if (name == "keep") BAKERY_READ(settings.keep, reader.Integer(value, sub));
    if (name == "max-deletions") BAKERY_READ(settings.max_deletions, reader.Integer(value, sub));
    if (name == "min-age") BAKERY_READ(settings.min_age, reader.Duration(value, sub));
    if (name == "deprecate-first")
      BAKERY_READ(settings.deprecate_first, reader.Duration(value, sub));
    if (name == "keep-status") {
      BAKERY_READ(settings.keep_status, reader.StringList(value, sub));
      for (size_t i = 0; i < settings.keep_status->size(); ++i) {
        const std::string& status = (*settings.keep_status)[i];
        if (std::ranges::find(KnownStatuses(), status) != KnownStatuses().end()) continue;
        return FailAt(reader.At(value[i]), ErrorKind::kBadInput,
                      "{}[{}]: unknown status '{}'{}; statuses are {}", sub, i, status,
                      DidYouMean(status, KnownStatuses()), Join(KnownStatuses(), ", "));
      }
    }
  }
  return settings;
}

Result<std::vector<std::string>> ReadRegions(const Reader& reader, const YAML::Node& node,
                                             const std::string& key) {
  auto regions = reader.StringList(node, key);
  if (!regions) return regions;
  for (size_t i = 0; i < regions->size(); ++i) {
    if (LooksLikeRegion((*regions)[i])) continue;
    return FailAt(reader.At(node[i]), ErrorKind::kBadInput,
                  "{}[{}]: \"{}\" is not an AWS region name such as us-east-1", key, i,
                  (*regions)[i]);
  }
  return regions;
}

Result<void> ReadDefaults(const Reader& reader, const YAML::Node& node, Config& config) {
  if (auto ok = reader.Mapping(node, "defaults", kDefaultsKeys); !ok) return ok;
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string key = "defaults." + name;
    if (name == "regions") BAKERY_READ(config.regions, ReadRegions(reader, entry.second, key));
    if (name == "tags") BAKERY_READ(config.tags, reader.StringMap(entry.second, key));
    if (name == "retention") {
      BAKERY_READ(config.retention_defaults, ReadPolicy(reader, entry.second, key));
    }
  }
  return {};
}

Result<void> ReadRetention(const Reader& reader, const YAML::Node& node, Config& config) {
  if (auto ok = reader.Mapping(node, "retention", kRetentionKeys); !ok) return ok;
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    const std::string key = "retention." + name;
    const YAML::Node& value = entry.second;
    if (name == "ssm-paths") {
      BAKERY_READ(config.ssm_paths, reader.StringList(value, key));
      for (size_t i = 0; i < config.ssm_paths.size(); ++i) {
        if (StartsWith(config.ssm_paths[i], "/")) continue;
        return FailAt(reader.At(value[i]), ErrorKind::kBadInput,
                      "{}[{}]: SSM parameter path \"{}\" must start with '/'", key, i,
                      config.ssm_paths[i]);
      }
    }
    if (name == "check-all-template-versions") {
      BAKERY_READ(config.check_all_template_versions, reader.Bool(value, key));
    }
    if (name == "include-shared") BAKERY_READ(config.include_shared, reader.Bool(value, key));
    if (name == "families") {
      if (auto ok = reader.Mapping(value, key, {}); !ok) return ok;
      for (const auto& family : value) {
        const std::string family_key = key + "." + family.first.Scalar();
        BAKERY_READ(config.family_retention[family.first.Scalar()],
                    ReadPolicy(reader, family.second, family_key));
      }
    }
  }
  return {};
}

Result<void> ReadImageKey(const Reader& reader, const std::string& name, const YAML::Node& value,
                          const std::string& key, ImageConfig& image) {
  if (name == "template") BAKERY_READ(image.template_path, reader.String(value, key));
  if (name == "parent") {
    BAKERY_READ(image.parent, reader.String(value, key));
    image.parent_location = reader.At(value);
  }
  if (name == "parent-variable") BAKERY_READ(image.parent_variable, reader.String(value, key));
  if (name == "inputs") BAKERY_READ(image.inputs, reader.StringList(value, key));
  if (name == "variables") BAKERY_READ(image.variables, reader.StringMap(value, key));
  if (name == "var-files") BAKERY_READ(image.var_files, reader.StringList(value, key));
  if (name == "regions") BAKERY_READ(image.regions, ReadRegions(reader, value, key));
  if (name == "tags") BAKERY_READ(image.tags, reader.StringMap(value, key));
  if (name == "test") BAKERY_READ(image.test, reader.String(value, key));
  if (name == "packer-args") BAKERY_READ(image.packer_args, reader.StringList(value, key));
  if (name == "retention") BAKERY_READ(image.retention, ReadPolicy(reader, value, key));
  if (name == "rebuild") {
    if (auto ok = reader.Mapping(value, key, kRebuildKeys); !ok) return ok;
    if (value["max-age"]) {
      BAKERY_READ(image.rebuild.max_age, reader.Duration(value["max-age"], key + ".max-age"));
    }
  }
  return {};
}

Result<ImageConfig> ReadImage(const Reader& reader, const YAML::Node& key_node,
                              const YAML::Node& node) {
  ImageConfig image;
  image.name = key_node.Scalar();
  image.location = reader.At(key_node);
  const std::string key = "images." + image.name;
  if (auto ok = reader.Mapping(node, key, kImageKeys); !ok) return std::unexpected(ok.error());
  for (const auto& entry : node) {
    const std::string name = entry.first.Scalar();
    auto ok = ReadImageKey(reader, name, entry.second, key + "." + name, image);
    if (!ok) return std::unexpected(ok.error());
  }
  image.line = image.location.line;
  image.canonical = Canonical(node).dump();
  if (!image.parent.empty() && image.parent_variable.empty()) image.parent_variable = "source_ami";
  if (image.template_path.empty()) {
    return FailAt(image.location, ErrorKind::kBadInput,
                  "{}: missing 'template' (a directory of *.pkr.hcl files, or one template file)",
                  key);
  }
  return image;
}

Result<void> ReadTop(const Reader& reader, const YAML::Node& root, Config& config) {
  for (const auto& entry : root) {
    const std::string name = entry.first.Scalar();
    const YAML::Node& value = entry.second;
    if (name == "version") {
      long version = 0;
      BAKERY_READ(version, reader.Integer(value, "version"));
      if (version != 1) {
        return FailAt(reader.At(value), ErrorKind::kBadInput,
                      "version: unsupported version {}; this bakery reads version 1", version);
      }
    }
    if (name == "tag-prefix") BAKERY_READ(config.tag_prefix, reader.String(value, "tag-prefix"));
    if (name == "tag-prefix" && StartsWith(ToLower(config.tag_prefix), "aws:")) {
      return FailAt(reader.At(value), ErrorKind::kBadInput,
                    "tag-prefix: \"{}\" starts with 'aws:', which EC2 reserves for its own tags",
                    config.tag_prefix);
    }
    if (name == "defaults") {
      if (auto ok = ReadDefaults(reader, value, config); !ok) return ok;
    }
    if (name == "retention") {
      if (auto ok = ReadRetention(reader, value, config); !ok) return ok;
    }
    if (name == "promote") {
      if (auto ok = reader.Mapping(value, "promote", kPromoteKeys); !ok) return ok;
      if (value["ssm-parameter"]) {
        BAKERY_READ(config.promote_ssm_parameter,
                    reader.String(value["ssm-parameter"], "promote.ssm-parameter"));
      }
    }
    if (name == "validate") {
      if (auto ok = reader.Mapping(value, "validate", kValidateKeys); !ok) return ok;
      if (value["rules"]) {
        BAKERY_READ(config.rule_severities, reader.StringMap(value["rules"], "validate.rules"));
      }
      if (value["require-deprecate-at"]) {
        BAKERY_READ(config.require_deprecate_at,
                    reader.Bool(value["require-deprecate-at"], "validate.require-deprecate-at"));
      }
    }
    if (name == "images") {
      if (auto ok = reader.Mapping(value, "images", {}); !ok) return ok;
      for (const auto& image : value) {
        config.images.emplace_back();
        BAKERY_READ(config.images.back(), ReadImage(reader, image.first, image.second));
      }
    }
  }
  return {};
}

#undef BAKERY_READ

}  // namespace

Result<Config> ParseConfig(std::string_view text, const std::string& path) {
  Config config;
  config.path = path;
  config.from_file = true;
  std::string directory = std::filesystem::path(path).parent_path().string();
  config.directory = directory.empty() ? "." : directory;
  Reader reader(path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return FailAt({path, error.mark.line + 1, error.mark.column + 1}, ErrorKind::kBadInput,
                  "invalid YAML: {}", error.msg);
  }
  if (root.IsNull()) return config;
  if (auto ok = reader.Mapping(root, "", kTopKeys); !ok) {
    if (!root.IsMap()) {
      return FailAt(reader.At(root), ErrorKind::kBadInput,
                    "bakery.yml: expected a mapping of settings, got {}", Describe(root));
    }
    return std::unexpected(ok.error());
  }
  if (auto ok = ReadTop(reader, root, config); !ok) return std::unexpected(ok.error());
  if (auto ok = CheckImageGraph(config, /*cycles=*/false); !ok) return std::unexpected(ok.error());
  return config;
}

Result<Config> LoadConfig(const FileSystem& fs, const std::string& path, bool required) {
  if (!required && !fs.Exists(path)) return Config{};
  auto text = fs.ReadFile(path);
  if (!text) return std::unexpected(std::move(text.error()).Wrap("loading the configuration"));
  return ParseConfig(*text, path);
}

}  // namespace bakery::config
