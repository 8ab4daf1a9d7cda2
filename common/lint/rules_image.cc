// Rules about what the image is and how it is found: encryption, source
// AMI filters, names, tags, deprecation, secrets, plugin versions.

#include <fmt/format.h>

#include <algorithm>

#include "common/base/strings.h"
#include "common/lint/rules_internal.h"

namespace bakery::lint::internal {

namespace {

bool IsAmiBuilder(const std::string& type) {
  return type == "amazon-ebs" || type == "amazon-ebssurrogate" || type == "amazon-instance" ||
         type == "amazon-chroot";
}

// The value of a bool attribute: true/false, or nullopt when absent or unknown.
std::optional<bool> BoolAttr(const packer::Template& t, const hcl::Body& body,
                             std::string_view name) {
  const hcl::Expression* expr = Attr(body, name);
  if (!expr) return std::nullopt;
  hcl::Value value = t.Evaluate(*expr);
  if (value.kind == hcl::Value::kBool) return value.boolean;
  if (value.kind == hcl::Value::kString && (value.string == "true" || value.string == "false"))
    return value.string == "true";
  return std::nullopt;
}

// A filter body: a source's source_ami_filter block or a data "amazon-ami" body.
void CheckFilter(const RuleContext& context, const hcl::Body& filter, const hcl::SourceRange& at,
                 const std::string& what) {
  if (!Attr(filter, "owners"))
    context.Report(
        "ami-filter-owners", at,
        fmt::format("{} has no owners: anyone can publish an AMI whose name matches", what));
  // An unknown most_recent (a variable) is given the benefit of the doubt.
  if (!Attr(filter, "most_recent") || BoolAttr(context.t, filter, "most_recent") == false)
    context.Report("ami-filter-most-recent", at,
                   fmt::format("{} has no most_recent = true: the build fails as soon as two "
                               "AMIs match",
                               what));
}

// The amazon plugin still expands {{timestamp}}, {{isotime ...}} and {{uuid}}
// in ami_name, HCL templates included.
bool HasGoTemplateStamp(const std::string& text) {
  for (size_t at = 0; (at = text.find("{{", at)) != std::string::npos; at += 2) {
    std::string_view action = Trim(std::string_view(text).substr(at + 2, text.find("}}", at) - at - 2));
    if (action.starts_with("timestamp") || action.starts_with("isotime") ||
        action.starts_with("uuid"))
      return true;
  }
  return false;
}

}  // namespace

void CheckEncryptBoot(const RuleContext& context) {
  for (const packer::PluginBlock& source : context.t.sources()) {
    if (source.type != "amazon-ebs" && source.type != "amazon-ebssurrogate" &&
        source.type != "amazon-chroot")
      continue;
    const hcl::Attribute* attribute = source.body->FindAttribute("encrypt_boot");
    if (attribute && BoolAttr(context.t, *source.body, "encrypt_boot") != false) continue;
    context.Report("encrypt-boot", attribute ? attribute->range : source.range,
                   fmt::format("source {} does not set encrypt_boot = true: the AMI's snapshots "
                               "are unencrypted",
                               source.Ref()));
  }
}

void CheckAmiFilter(const RuleContext& context) {
  for (const packer::PluginBlock& source : context.t.sources()) {
    for (const hcl::Block& block : source.body->blocks) {
      if (block.type == "source_ami_filter")
        CheckFilter(context, block.body, block.range,
                    fmt::format("the source_ami_filter of {}", source.Ref()));
    }
  }
  for (const packer::PluginBlock& data : context.t.data_sources()) {
    if (data.type == "amazon-ami")
      CheckFilter(context, *data.body, data.range, fmt::format("data source {}", data.Ref()));
  }
}

void CheckAmiName(const RuleContext& context) {
  static const std::vector<std::string> kCalls = {"timestamp", "uuidv4", "uuidv5", "uuid"};
  static const std::vector<std::string> kRoots = {"build"};
  static const std::vector<std::string> kWords = {
      "version", "commit", "sha", "build", "release", "timestamp", "date", "time", "revision"};
  for (const packer::PluginBlock& source : context.t.sources()) {
    if (!IsAmiBuilder(source.type)) continue;
    const hcl::Attribute* name = source.body->FindAttribute("ami_name");
    if (!name || Mentions(context.t, *name->expr, kCalls, kRoots, kWords) ||
        HasGoTemplateStamp(LiteralTexts(*name->expr)))
      continue;
    context.Report("ami-name-unique", name->range,
                   fmt::format("ami_name of {} is the same on every build: the second build "
                               "fails with \"AMI name is already in use\"",
                               source.Ref()));
  }
}

void CheckTags(const RuleContext& context) {
  static const std::vector<std::string> kWords = {"version", "commit", "sha", "revision"};
  for (const packer::PluginBlock& source : context.t.sources()) {
    if (!IsAmiBuilder(source.type)) continue;
    const hcl::Attribute* tags = source.body->FindAttribute("tags");
    if (tags && Mentions(context.t, *tags->expr, {}, {}, kWords)) continue;
    context.Report("tags-version", tags ? tags->range : source.range,
                   fmt::format("the tags of {} carry no version or commit: the image cannot be "
                               "traced back to its source",
                               source.Ref()));
  }
}

void CheckDeprecateAt(const RuleContext& context) {
  if (!context.options.require_deprecate_at) return;
  for (const packer::PluginBlock& source : context.t.sources()) {
    if (!IsAmiBuilder(source.type) || source.body->FindAttribute("deprecate_at")) continue;
    context.Report("deprecate-at", source.range,
                   fmt::format("source {} sets no deprecate_at", source.Ref()));
  }
}

namespace {

bool IsSecretName(const std::string& name) {
  static const std::vector<std::string> kExact = {
      "password", "secret_key", "access_key",  "token",  "client_secret",
      "api_key",  "api_token",  "vault_token", "secret", "private_key"};
  if (std::find(kExact.begin(), kExact.end(), name) != kExact.end()) return true;
  return name.ends_with("_password") || name.ends_with("_secret") || name.ends_with("_token") ||
         name.ends_with("_secret_key");
}

// AKIA/ASIA followed by 16 upper-case letters or digits, standing alone.
bool LooksLikeAccessKey(const std::string& text) {
  auto key_char = [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
  for (size_t at = 0; (at = text.find("A", at)) != std::string::npos; ++at) {
    if (text.compare(at, 4, "AKIA") != 0 && text.compare(at, 4, "ASIA") != 0) continue;
    if (at > 0 && key_char(text[at - 1])) continue;
    size_t end = at + 4;
    while (end < text.size() && key_char(text[end])) ++end;
    if (end - at == 20) return true;
  }
  return false;
}

void CheckSecretBody(const RuleContext& context, const hcl::Body& body, const std::string& where) {
  for (const hcl::Attribute& attribute : body.attributes) {
    const auto* tmpl = attribute.expr->As<hcl::TemplateExpr>();
    bool literal = tmpl && tmpl->IsLiteral() && !tmpl->LiteralText().empty();
    if (IsSecretName(attribute.name) && literal) {
      context.Report("hardcoded-secret", attribute.range,
                     fmt::format("{} of {} is a hard-coded secret", attribute.name, where));
    } else if (LooksLikeAccessKey(LiteralTexts(*attribute.expr))) {
      context.Report("hardcoded-secret", attribute.range,
                     fmt::format("{} of {} holds what looks like an AWS access key id",
                                 attribute.name, where));
    }
  }
  for (const hcl::Block& block : body.blocks) CheckSecretBody(context, block.body, where);
}

}  // namespace

void CheckSecrets(const RuleContext& context) {
  for (const packer::PluginBlock& source : context.t.sources())
    CheckSecretBody(context, *source.body, "source " + source.Ref());
  for (const packer::PluginBlock& data : context.t.data_sources())
    CheckSecretBody(context, *data.body, "data " + data.Ref());
  for (const packer::Build& build : context.t.builds()) {
    for (const packer::BuildStep& step : build.provisioners)
      CheckSecretBody(context, step.block->body, fmt::format("provisioner \"{}\"", step.type));
    for (const packer::BuildStep& step : build.post_processors)
      CheckSecretBody(context, step.block->body, fmt::format("post-processor \"{}\"", step.type));
  }
}

void CheckSensitiveDefaults(const RuleContext& context) {
  for (const packer::VariableDecl& variable : context.t.variables()) {
    if (!variable.sensitive || !variable.default_expr) continue;
    hcl::Value value = context.t.Evaluate(*variable.default_expr);
    if (value.kind == hcl::Value::kNull ||
        (value.kind == hcl::Value::kString && value.string.empty()))
      continue;
    context.Report("sensitive-default", variable.range,
                   fmt::format("sensitive variable \"{}\" has a default value, so the secret is "
                               "in the repository",
                               variable.name));
  }
}

void CheckPluginVersions(const RuleContext& context) {
  for (const packer::PluginRequirement& plugin : context.t.RequiredPlugins()) {
    if (!plugin.version.empty()) continue;
    context.Report("plugin-version", plugin.range,
                   fmt::format("plugin \"{}\" has no version constraint: packer init installs "
                               "whatever is newest",
                               plugin.name));
  }
}

}  // namespace bakery::lint::internal
