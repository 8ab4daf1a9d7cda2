#include "steps/build/workspace.h"

#include <filesystem>
#include <future>

#include "common/base/parallel.h"
#include "common/base/strings.h"
#include "common/git/work_tree.h"

namespace bakery::build_step {
namespace {

namespace fs = std::filesystem;

// "a/./b/../c" → "a/c"; "" stays "".
std::string Normal(const std::string& path) {
  if (path.empty()) return path;
  std::string normal = fs::path(path).lexically_normal().generic_string();
  while (normal.ends_with('/')) normal.pop_back();
  return normal == "." ? "" : normal;
}

std::string Under(const std::string& dir, const std::string& path) {
  return Normal(dir.empty() ? path : dir + "/" + path);
}

Result<build::ImageSpec> SpecFor(const config::Config& config, const config::ImageConfig& image,
                                 const std::string& config_dir) {
  build::ImageSpec spec;
  spec.name = image.name;
  spec.template_path = Under(config_dir, image.template_path);
  spec.parent = image.parent;
  spec.parent_variable = image.parent_variable;
  for (const std::string& input : image.inputs) spec.inputs.push_back(Under(config_dir, input));
  for (const std::string& file : image.var_files) spec.var_files.push_back(Under(config_dir, file));
  spec.variables = image.variables;
  spec.regions = config.RegionsFor(image);
  if (spec.regions.empty()) {
    return FailAt({config.path, image.line, 3}, ErrorKind::kBadInput,
                  "images.{}: no regions to build in; set defaults.regions or images.{}.regions",
                  image.name, image.name);
  }
  spec.tags = config.tags;
  for (const auto& [key, value] : image.tags) spec.tags[key] = value;
  spec.max_age = image.rebuild.max_age;
  spec.packer_args = image.packer_args;
  // The image's own section plus where it is built: both change what is built.
  spec.config_text = image.canonical + " regions=" + Join(spec.regions, ",");
  return spec;
}

// bakery.yml, which must define images.
Result<config::Config> LoadBuildConfig(cli::StepContext& context) {
  if (!context.fs.Exists(context.common.config_path)) {
    return Fail(ErrorKind::kBadInput, "{}: no such file; bakery-build needs a bakery.yml with an "
                "`images:` section (see docs/config.md), or pass --config PATH",
                context.common.config_path);
  }
  Result<config::Config> config =
      config::LoadConfig(context.fs, context.common.config_path, /*required=*/true);
  if (!config) return std::unexpected(std::move(config.error()));
  if (config->images.empty()) {
    return Fail(ErrorKind::kBadInput, "{}: no images defined; add an `images:` section (see "
                "docs/config.md)", config->path);
  }
  return config;
}

}  // namespace

Result<Workspace> OpenWorkspace(cli::StepContext& context) {
  Result<config::Config> config = LoadBuildConfig(context);
  if (!config) return std::unexpected(std::move(config.error()));
  Workspace workspace;
  workspace.config = std::move(*config);
  std::string config_dir = fs::absolute(workspace.config.directory).lexically_normal().string();
  Result<git::GitLocation> location = git::FindWorkTree(config_dir);
  if (!location) {
    return std::unexpected(std::move(location.error()).Wrap(
        "bakery-build fingerprints files by their git blob ids; run it inside a git work tree"));
  }
  // The index, not a status pass: only the images' inputs are stat'ed. It is
  // read while the templates are parsed.
  std::future<Result<git::WorkTree>> tree =
      std::async(std::launch::async, [&location] { return git::WorkTree::Open(*location); });
  workspace.root = location->workdir;
  workspace.config_dir = Normal(fs::path(config_dir).lexically_relative(workspace.root).string());
  for (const config::ImageConfig& image : workspace.config.images) {
    Result<build::ImageSpec> spec = SpecFor(workspace.config, image, workspace.config_dir);
    if (!spec) return std::unexpected(std::move(spec.error()));
    workspace.images.push_back(std::move(*spec));
  }
  std::vector<Result<TemplateFacts>> facts(workspace.images.size());
  ParallelFor(facts.size(), CoreCount(), [&](size_t i) {
    facts[i] = ReadTemplateFacts(workspace.root, workspace.images[i]);
  });
  for (size_t i = 0; i < facts.size(); ++i) {  // the first error in bakery.yml's order
    if (!facts[i]) return std::unexpected(std::move(facts[i].error()));
    workspace.facts[workspace.images[i].name] = std::move(*facts[i]);
  }
  Result<git::WorkTree> opened = tree.get();
  if (!opened) return std::unexpected(std::move(opened.error()));
  workspace.digests = std::make_unique<build::FileDigests>(std::move(*opened));
  return workspace;
}

}  // namespace bakery::build_step
