#include "common/config/config.h"

#include <charconv>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "common/base/strings.h"
#include "common/base/time_format.h"

namespace bakery::config {
namespace {

const std::vector<std::string> kTopKeys = {"version", "tag-prefix", "defaults", "images",
                                           "retention", "validate"};
const std::vector<std::string> kDefaultsKeys = {"regions", "tags", "retention"};
const std::vector<std::string> kImageKeys = {
    "template", "parent", "parent-variable", "inputs", "variables", "var-files", "regions",
    "tags", "test", "rebuild", "packer-args", "retention"};
const std::vector<std::string> kRetentionKeys = {"keep", "min-age", "keep-status",
                                                 "max-deletions", "deprecate-first"};
const std::vector<std::string> kRetentionTopKeys = {"ssm-parameter-paths"};
const std::vector<std::string> kValidateKeys = {"rules", "require-deprecate-at"};

const char* KindName(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Scalar: return "a scalar";
    case YAML::NodeType::Null: return "nothing";
    default: return "an undefined value";
  }
}

class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  template <typename... Args>
  std::unexpected<Error> FailOn(const YAML::Node& node, fmt::format_string<Args...> format,
                                Args&&... args) const {
    YAML::Mark mark = node.Mark();
    return FailAt({path_, mark.line + 1, mark.column + 1}, ErrorKind::kBadInput, format,
                  std::forward<Args>(args)...);
  }

  Result<void> CheckKeys(const YAML::Node& map, const std::vector<std::string>& allowed,
                         const std::string& where) const {
    if (!map.IsMap()) return FailOn(map, "{}: expected a map, found {}", where, KindName(map));
    for (auto it = map.begin(); it != map.end(); ++it) {
      std::string key = it->first.as<std::string>();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        return FailOn(it->first, "unknown key \"{}\" in {}{}", key, where,
                      DidYouMean(key, allowed));
      }
    }
    return {};
  }

  Result<std::string> String(const YAML::Node& node, const std::string& where) const {
    if (!node.IsScalar()) {
      return FailOn(node, "{}: expected a string, found {}", where, KindName(node));
    }
    return node.Scalar();
  }

  Result<int> Integer(const YAML::Node& node, const std::string& where) const {
    int value = 0;
    const std::string& text = node.IsScalar() ? node.Scalar() : "";
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (!node.IsScalar() || error != std::errc() || end != text.data() + text.size() || value < 0) {
      return FailOn(node, "{}: expected a non-negative integer, found {}", where,
                    node.IsScalar() ? "\"" + text + "\"" : std::string(KindName(node)));
    }
    return value;
  }

  Result<bool> Boolean(const YAML::Node& node, const std::string& where) const {
    if (node.IsScalar() && (node.Scalar() == "true" || node.Scalar() == "false")) {
      return node.Scalar() == "true";
    }
    return FailOn(node, "{}: expected true or false", where);
  }

  Result<std::chrono::seconds> Duration(const YAML::Node& node, const std::string& where) const {
    Result<std::string> text = String(node, where);
    if (!text) return std::unexpected(std::move(text.error()));
    Result<std::chrono::seconds> duration = ParseDuration(*text);
    if (!duration) return FailOn(node, "{}: {}", where, duration.error().message);
    return duration;
  }

  Result<std::vector<std::string>> StringList(const YAML::Node& node,
                                              const std::string& where) const {
    if (node.IsScalar()) return std::vector<std::string>{node.Scalar()};
    if (!node.IsSequence()) {
      return FailOn(node, "{}: expected a list of strings, found {}", where, KindName(node));
    }
    std::vector<std::string> values;
    for (const YAML::Node& item : node) {
      Result<std::string> value = String(item, where + " item");
      if (!value) return std::unexpected(std::move(value.error()));
      values.push_back(*value);
    }
    return values;
  }

  Result<std::map<std::string, std::string>> StringMap(const YAML::Node& node,
                                                       const std::string& where) const {
    if (!node.IsMap()) {
      return FailOn(node, "{}: expected a map of strings, found {}", where, KindName(node));
    }
    std::map<std::string, std::string> values;
    for (auto it = node.begin(); it != node.end(); ++it) {
      std::string key = it->first.as<std::string>();
      Result<std::string> value = String(it->second, where + "." + key);
      if (!value) return std::unexpected(std::move(value.error()));
      values[key] = *value;
    }
    return values;
  }

  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

nlohmann::json ToJson(const YAML::Node& node) {
  if (node.IsMap()) {
    nlohmann::json object = nlohmann::json::object();  // keys sorted: canonical
    for (auto it = node.begin(); it != node.end(); ++it) {
      object[it->first.as<std::string>()] = ToJson(it->second);
    }
    return object;
  }
  if (node.IsSequence()) {
    nlohmann::json array = nlohmann::json::array();
    for (const YAML::Node& item : node) array.push_back(ToJson(item));
    return array;
  }
  if (node.IsScalar()) return node.Scalar();
  return nullptr;
}

Result<RetentionPolicy> ParseRetention(const Reader& reader, const YAML::Node& node,
                                       const std::string& where,
                                       const std::vector<std::string>& extra_keys = {}) {
  std::vector<std::string> allowed = kRetentionKeys;
  allowed.insert(allowed.end(), extra_keys.begin(), extra_keys.end());
  if (Result<void> keys = reader.CheckKeys(node, allowed, where); !keys) {
    return std::unexpected(std::move(keys.error()));
  }
  RetentionPolicy policy;
  if (node["keep"]) {
    Result<int> keep = reader.Integer(node["keep"], where + ".keep");
    if (!keep) return std::unexpected(std::move(keep.error()));
    policy.keep = *keep;
  }
  if (node["max-deletions"]) {
    Result<int> cap = reader.Integer(node["max-deletions"], where + ".max-deletions");
    if (!cap) return std::unexpected(std::move(cap.error()));
    policy.max_deletions = *cap;
  }
  for (auto [key, target] : {std::pair{"min-age", &policy.min_age},
                             std::pair{"deprecate-first", &policy.deprecate_first}}) {
    if (!node[key]) continue;
    Result<std::chrono::seconds> duration = reader.Duration(node[key], where + "." + key);
    if (!duration) return std::unexpected(std::move(duration.error()));
    *target = *duration;
  }
  if (node["keep-status"]) {
    auto statuses = reader.StringList(node["keep-status"], where + ".keep-status");
    if (!statuses) return std::unexpected(std::move(statuses.error()));
    policy.keep_status = *statuses;
  }
  return policy;
}

// Optional keys of an image that are string lists.
Result<void> ReadImageLists(const Reader& reader, const YAML::Node& node, const std::string& where,
                            ImageConfig& image) {
  for (auto [key, target] : {std::pair{"inputs", &image.inputs},
                             std::pair{"var-files", &image.var_files},
                             std::pair{"regions", &image.regions},
                             std::pair{"packer-args", &image.packer_args}}) {
    if (!node[key]) continue;
    auto values = reader.StringList(node[key], where + "." + key);
    if (!values) return std::unexpected(std::move(values.error()));
    *target = *values;
  }
  return {};
}

Result<ImageConfig> ParseImage(const Reader& reader, const YAML::Node& key,
                               const YAML::Node& node) {
  ImageConfig image;
  image.name = key.as<std::string>();
  image.line = key.Mark().line + 1;
  std::string where = "images." + image.name;
  if (Result<void> keys = reader.CheckKeys(node, kImageKeys, where); !keys) {
    return std::unexpected(std::move(keys.error()));
  }
  if (!node["template"]) return reader.FailOn(key, "{}: \"template\" is required", where);
  for (auto [field, target] : {std::pair{"template", &image.template_path},
                               std::pair{"parent", &image.parent},
                               std::pair{"parent-variable", &image.parent_variable},
                               std::pair{"test", &image.test}}) {
    if (!node[field]) continue;
    Result<std::string> value = reader.String(node[field], where + "." + field);
    if (!value) return std::unexpected(std::move(value.error()));
    *target = *value;
  }
  if (!image.parent.empty() && image.parent_variable.empty()) image.parent_variable = "source_ami";
  if (Result<void> lists = ReadImageLists(reader, node, where, image); !lists) {
    return std::unexpected(std::move(lists.error()));
  }
  for (auto [field, target] : {std::pair{"variables", &image.variables},
                               std::pair{"tags", &image.tags}}) {
    if (!node[field]) continue;
    auto values = reader.StringMap(node[field], where + "." + field);
    if (!values) return std::unexpected(std::move(values.error()));
    *target = *values;
  }
  if (const YAML::Node rebuild = node["rebuild"]) {
    if (Result<void> keys = reader.CheckKeys(rebuild, {"max-age"}, where + ".rebuild"); !keys) {
      return std::unexpected(std::move(keys.error()));
    }
    if (rebuild["max-age"]) {
      auto age = reader.Duration(rebuild["max-age"], where + ".rebuild.max-age");
      if (!age) return std::unexpected(std::move(age.error()));
      image.rebuild_max_age = *age;
    }
  }
  if (node["retention"]) {
    auto policy = ParseRetention(reader, node["retention"], where + ".retention");
    if (!policy) return std::unexpected(std::move(policy.error()));
    image.retention = *policy;
  }
  image.canonical = ToJson(node).dump();
  return image;
}

Result<void> ParseDefaults(const Reader& reader, const YAML::Node& node, Config& config) {
  if (Result<void> keys = reader.CheckKeys(node, kDefaultsKeys, "defaults"); !keys) return keys;
  if (node["regions"]) {
    auto regions = reader.StringList(node["regions"], "defaults.regions");
    if (!regions) return std::unexpected(std::move(regions.error()));
    config.regions = *regions;
  }
  if (node["tags"]) {
    auto tags = reader.StringMap(node["tags"], "defaults.tags");
    if (!tags) return std::unexpected(std::move(tags.error()));
    config.tags = *tags;
  }
  if (node["retention"]) {
    auto policy = ParseRetention(reader, node["retention"], "defaults.retention");
    if (!policy) return std::unexpected(std::move(policy.error()));
    config.retention = *policy;
  }
  return {};
}

Result<void> ParseSections(const Reader& reader, const YAML::Node& root, Config& config) {
  if (root["version"]) {
    Result<int> version = reader.Integer(root["version"], "version");
    if (!version) return std::unexpected(std::move(version.error()));
    if (*version != 1) return reader.FailOn(root["version"], "version {} is not supported; use 1", *version);
  }
  if (root["tag-prefix"]) {
    Result<std::string> prefix = reader.String(root["tag-prefix"], "tag-prefix");
    if (!prefix) return std::unexpected(std::move(prefix.error()));
    config.tag_prefix = *prefix;
  }
  if (root["defaults"]) {
    if (Result<void> defaults = ParseDefaults(reader, root["defaults"], config); !defaults) return defaults;
  }
  if (const YAML::Node retention = root["retention"]) {
    if (Result<void> keys = reader.CheckKeys(retention, kRetentionTopKeys, "retention"); !keys) return keys;
    auto paths = reader.StringList(retention["ssm-parameter-paths"], "retention.ssm-parameter-paths");
    if (retention["ssm-parameter-paths"] && !paths) return std::unexpected(std::move(paths.error()));
    if (paths) config.ssm_parameter_paths = *paths;
  }
  if (const YAML::Node validate = root["validate"]) {
    if (Result<void> keys = reader.CheckKeys(validate, kValidateKeys, "validate"); !keys) return keys;
    if (validate["rules"]) {
      auto rules = reader.StringMap(validate["rules"], "validate.rules");
      if (!rules) return std::unexpected(std::move(rules.error()));
      config.rule_severities = *rules;
    }
    if (validate["require-deprecate-at"]) {
      auto flag = reader.Boolean(validate["require-deprecate-at"], "validate.require-deprecate-at");
      if (!flag) return std::unexpected(std::move(flag.error()));
      config.require_deprecate_at = *flag;
    }
  }
  return {};
}

Result<void> ParseImages(const Reader& reader, const YAML::Node& images, Config& config) {
  if (!images.IsMap()) {
    return reader.FailOn(images, "images: expected a map of image names, found {}", KindName(images));
  }
  for (auto it = images.begin(); it != images.end(); ++it) {
    auto image = ParseImage(reader, it->first, it->second);
    if (!image) return std::unexpected(std::move(image.error()));
    config.images.push_back(std::move(*image));
  }
  std::vector<std::string> names;
  for (const ImageConfig& image : config.images) names.push_back(image.name);
  for (auto it = images.begin(); it != images.end(); ++it) {
    const ImageConfig& image = *config.FindImage(it->first.as<std::string>());
    if (!image.parent.empty() && !config.FindImage(image.parent)) {
      return reader.FailOn(it->second["parent"], "images.{}.parent: no image named \"{}\"{}",
                           image.name, image.parent, DidYouMean(image.parent, names));
    }
  }
  return {};
}

}  // namespace

RetentionPolicy RetentionPolicy::Over(const RetentionPolicy& base) const {
  RetentionPolicy merged = *this;
  if (!merged.keep) merged.keep = base.keep;
  if (!merged.min_age) merged.min_age = base.min_age;
  if (!merged.keep_status) merged.keep_status = base.keep_status;
  if (!merged.max_deletions) merged.max_deletions = base.max_deletions;
  if (!merged.deprecate_first) merged.deprecate_first = base.deprecate_first;
  return merged;
}

const ImageConfig* Config::FindImage(const std::string& name) const {
  for (const ImageConfig& image : images) {
    if (image.name == name) return &image;
  }
  return nullptr;
}

std::vector<std::string> Config::RegionsOf(const ImageConfig& image) const {
  return image.regions.empty() ? regions : image.regions;
}

Result<Config> ParseConfig(std::string_view text, const std::string& path) {
  Reader reader(path);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& error) {
    return FailAt({path, error.mark.line + 1, error.mark.column + 1}, ErrorKind::kBadInput,
                  "invalid YAML: {}", error.msg);
  }
  Config config;
  config.path = path;
  std::string directory = std::filesystem::path(path).parent_path().string();
  config.directory = directory.empty() ? "." : directory;
  if (root.IsNull()) return config;
  try {
    if (Result<void> keys = reader.CheckKeys(root, kTopKeys, "bakery.yml"); !keys) {
      return std::unexpected(std::move(keys.error()));
    }
    if (Result<void> sections = ParseSections(reader, root, config); !sections) {
      return std::unexpected(std::move(sections.error()));
    }
    if (root["images"]) {
      if (Result<void> images = ParseImages(reader, root["images"], config); !images) {
        return std::unexpected(std::move(images.error()));
      }
    }
  } catch (const YAML::Exception& error) {  // e.g. a non-scalar map key
    return FailAt({path, error.mark.line + 1, error.mark.column + 1}, ErrorKind::kBadInput,
                  "unexpected YAML structure: {}", error.msg);
  }
  return config;
}

Result<Config> LoadConfig(const FileSystem& files, const std::string& path) {
  if (!files.Exists(path)) {
    return Fail(ErrorKind::kBadInput, "{}: no such file; create one (see docs/config.md) or pass "
                "--config PATH", path);
  }
  Result<std::string> text = files.ReadFile(path);
  if (!text) return std::unexpected(std::move(text.error()));
  return ParseConfig(*text, path);
}

}  // namespace bakery::config
