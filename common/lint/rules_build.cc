// Rules about builds: provisioner order, referenced files, only/except,
// required variables.

#include <fmt/format.h>

#include <algorithm>

#include "common/base/strings.h"
#include "common/lint/rules_internal.h"
#include "common/packer/inputs.h"

namespace bakery::lint::internal {

namespace {

bool ContainsAny(std::string_view text, std::initializer_list<std::string_view> needles) {
  return std::any_of(needles.begin(), needles.end(),
                     [&](std::string_view n) { return text.find(n) != std::string_view::npos; });
}

// The first Linux cloud source of a build, or nullptr.
const packer::PluginBlock* CloudSource(const packer::Template& t, const packer::Build& build) {
  for (const packer::PluginBlock* source : BuildSources(t, build)) {
    if (IsLinuxCloudSource(t, *source)) return source;
  }
  return nullptr;
}

}  // namespace

void CheckCloudInitWait(const RuleContext& context) {
  for (const packer::Build& build : context.t.builds()) {
    const packer::PluginBlock* source = CloudSource(context.t, build);
    if (!source) continue;
    for (const packer::BuildStep& step : build.provisioners) {
      if (step.type != "shell") continue;
      std::string text = ShellText(context, *step.block);
      if (!ContainsAny(text, {"cloud-init status", "boot-finished", "cloud-init wait"}))
        context.Report("cloud-init-wait", step.block->range,
                       fmt::format("the first shell provisioner does not wait for cloud-init, "
                                   "which may still be configuring {} (apt locks, users, "
                                   "sources lists)",
                                   source->Ref()));
      break;
    }
  }
}

void CheckCleanup(const RuleContext& context) {
  for (const packer::Build& build : context.t.builds()) {
    if (!CloudSource(context.t, build)) continue;
    const packer::BuildStep* last = nullptr;
    for (const packer::BuildStep& step : build.provisioners) {
      if (step.type == "shell") last = &step;
    }
    if (!last) continue;
    std::string text = ShellText(context, *last->block);
    if (ContainsAny(text, {"machine-id", "authorized_keys", "cloud-init clean", "apt-get clean",
                           "apt clean", "yum clean", "dnf clean", "bash_history", "history -c"}))
      continue;
    context.Report("cleanup-missing", last->block->range,
                   "the last shell provisioner leaves package caches, shell history, "
                   "authorized keys and the machine-id in the image");
  }
}

void CheckMissingFiles(const RuleContext& context) {
  packer::TemplateInputs inputs = packer::DiscoverInputs(context.t);
  for (const packer::InputFile& file : inputs.files) {
    if (file.range.path.empty() || context.fs.Exists(file.path)) continue;
    context.Report("missing-file", file.range,
                   fmt::format("{} \"{}\" does not exist (relative paths start at the "
                               "template directory)",
                               file.kind, file.value));
  }
}

namespace {

// The names `only`/`except` may use for the sources of a build.
std::vector<std::string> SourceNames(const packer::Template& t, const packer::Build& build) {
  std::vector<std::string> names;
  for (const packer::BuildSource& use : build.sources) {
    names.push_back(use.ref);
    std::string type = use.ref.substr(0, use.ref.find('.'));
    if (!use.name.empty()) names.push_back(type + "." + use.name);
    const packer::PluginBlock* source = t.FindSource(use.ref);
    if (source && t.files()[0]->legacy) names.push_back(source->name);
  }
  return names;
}

void CheckNames(const RuleContext& context, const packer::Build& build,
                const packer::BuildStep& step, const std::vector<std::string>& names) {
  for (const char* key : {"only", "except"}) {
    const hcl::Expression* expr = Attr(step.block->body, key);
    const auto* tuple = expr ? expr->As<hcl::TupleExpr>() : nullptr;
    if (!tuple) continue;
    for (const hcl::ExprPtr& item : tuple->items) {
      hcl::Value value = context.t.Evaluate(*item);
      if (value.kind != hcl::Value::kString) continue;
      if (std::find(names.begin(), names.end(), value.string) != names.end()) continue;
      std::string build_name =
          build.name.empty() ? "the build" : fmt::format("build \"{}\"", build.name);
      context.Report("build-only-unknown", item->range,
                     fmt::format("{} \"{}\" matches no source of {}{}", key, value.string,
                                 build_name, DidYouMean(value.string, names)));
    }
  }
}

}  // namespace

void CheckOnlyExcept(const RuleContext& context) {
  for (const packer::Build& build : context.t.builds()) {
    std::vector<std::string> names = SourceNames(context.t, build);
    for (const packer::BuildStep& step : build.provisioners)
      CheckNames(context, build, step, names);
    for (const packer::BuildStep& step : build.post_processors)
      CheckNames(context, build, step, names);
  }
}

void CheckRequiredVariables(const RuleContext& context) {
  for (const packer::VariableDecl& variable : context.t.variables()) {
    if (variable.default_expr || context.t.supplied().contains(variable.name) ||
        context.options.supplied_variables.contains(variable.name))
      continue;
    context.Report(
        "required-variable", variable.range,
        fmt::format("variable \"{}\" has no default and nothing supplies it", variable.name));
  }
}

}  // namespace bakery::lint::internal
