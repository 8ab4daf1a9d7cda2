// Helpers shared by the rules (rules_internal.h).

#include <algorithm>

#include "common/base/strings.h"
#include "common/hcl/references.h"
#include "common/lint/rules_internal.h"
#include "common/packer/inputs.h"

namespace bakery::lint::internal {

void RuleContext::Report(std::string_view rule, const hcl::SourceRange& range,
                         std::string message) const {
  out.push_back(Finding{std::string(rule), FindRule(rule)->severity, std::move(message), range});
}

namespace {

void WalkParts(const std::vector<hcl::TemplatePart>& parts,
               const std::function<void(const hcl::Expression&)>& fn) {
  for (const hcl::TemplatePart& part : parts) {
    if (part.expr) Walk(*part.expr, fn);
    WalkParts(part.body, fn);
    WalkParts(part.else_body, fn);
  }
}

// The direct children of a node.
struct Children {
  std::vector<const hcl::Expression*>& out;
  void Add(const hcl::ExprPtr& e) {
    if (e) out.push_back(e.get());
  }
  void operator()(const hcl::LiteralExpr&) {}
  void operator()(const hcl::TemplateExpr&) {}  // parts are walked separately
  void operator()(const hcl::VariableExpr&) {}
  void operator()(const hcl::SplatItemExpr&) {}
  void operator()(const hcl::GetAttrExpr& e) { Add(e.object); }
  void operator()(const hcl::IndexExpr& e) {
    Add(e.collection);
    Add(e.key);
  }
  void operator()(const hcl::SplatExpr& e) {
    Add(e.source);
    Add(e.each);
  }
  void operator()(const hcl::CallExpr& e) {
    for (const auto& a : e.args) Add(a);
  }
  void operator()(const hcl::TupleExpr& e) {
    for (const auto& a : e.items) Add(a);
  }
  void operator()(const hcl::ObjectExpr& e) {
    for (const auto& item : e.items) {
      Add(item.key);
      Add(item.value);
    }
  }
  void operator()(const hcl::ForExpr& e) {
    Add(e.collection);
    Add(e.key);
    Add(e.value);
    Add(e.condition);
  }
  void operator()(const hcl::ConditionalExpr& e) {
    Add(e.condition);
    Add(e.when_true);
    Add(e.when_false);
  }
  void operator()(const hcl::UnaryExpr& e) { Add(e.operand); }
  void operator()(const hcl::BinaryExpr& e) {
    Add(e.lhs);
    Add(e.rhs);
  }
  void operator()(const hcl::ParenExpr& e) { Add(e.inner); }
};

bool ContainsWord(std::string_view text, const std::vector<std::string>& words) {
  std::string lower = ToLower(text);
  return std::any_of(words.begin(), words.end(), [&](const std::string& word) {
    return lower.find(word) != std::string::npos;
  });
}

bool MentionsAt(const packer::Template& t, const hcl::Expression& expr,
                const std::vector<std::string>& calls, const std::vector<std::string>& roots,
                const std::vector<std::string>& words, int depth) {
  bool found = false;
  Walk(expr, [&](const hcl::Expression& e) {
    if (found) return;
    if (const auto* call = e.As<hcl::CallExpr>())
      found = std::find(calls.begin(), calls.end(), call->name) != calls.end();
    if (const auto* object = e.As<hcl::ObjectExpr>()) {
      for (const hcl::ObjectItem& item : object->items) {
        const auto* key = item.key->As<hcl::LiteralExpr>();
        if (key && ContainsWord(key->text, words)) found = true;
        const auto* tmpl = item.key->As<hcl::TemplateExpr>();
        if (tmpl && tmpl->IsLiteral() && ContainsWord(tmpl->LiteralText(), words)) found = true;
      }
    }
    std::optional<std::vector<std::string>> traversal = hcl::StaticTraversal(e);
    if (found || !traversal) return;
    const std::string& root = (*traversal)[0];
    if (std::find(roots.begin(), roots.end(), root) != roots.end()) found = true;
    if (traversal->size() < 2) return;
    if ((root == "var" || root == "local") && ContainsWord((*traversal)[1], words)) found = true;
    if (root != "local" || depth > 8 || found) return;
    for (const packer::LocalDecl& local : t.locals()) {
      if (local.name == (*traversal)[1] && local.expr)
        found = MentionsAt(t, *local.expr, calls, roots, words, depth + 1);
    }
  });
  return found;
}

}  // namespace

void Walk(const hcl::Expression& expr, const std::function<void(const hcl::Expression&)>& fn) {
  fn(expr);
  if (const auto* tmpl = expr.As<hcl::TemplateExpr>()) WalkParts(tmpl->parts, fn);
  std::vector<const hcl::Expression*> children;
  std::visit(Children{children}, expr.node);
  for (const hcl::Expression* child : children) Walk(*child, fn);
}

const hcl::Expression* Attr(const hcl::Body& body, std::string_view name) {
  const hcl::Attribute* attribute = body.FindAttribute(name);
  return attribute ? attribute->expr.get() : nullptr;
}

bool Mentions(const packer::Template& t, const hcl::Expression& expr,
              const std::vector<std::string>& calls, const std::vector<std::string>& roots,
              const std::vector<std::string>& words) {
  return MentionsAt(t, expr, calls, roots, words, 0);
}

std::string LiteralTexts(const hcl::Expression& expr) {
  std::string out;
  Walk(expr, [&](const hcl::Expression& e) {
    if (const auto* tmpl = e.As<hcl::TemplateExpr>()) {
      for (const hcl::TemplatePart& part : tmpl->parts) {
        if (part.kind == hcl::TemplatePart::kLiteral) out += part.text + "\n";
      }
    }
    const auto* literal = e.As<hcl::LiteralExpr>();
    if (literal && literal->kind == hcl::LiteralExpr::kString) out += literal->text + "\n";
  });
  return out;
}

std::vector<const packer::PluginBlock*> BuildSources(const packer::Template& t,
                                                     const packer::Build& build) {
  std::vector<const packer::PluginBlock*> out;
  for (const packer::BuildSource& use : build.sources) {
    if (const packer::PluginBlock* source = t.FindSource(use.ref)) out.push_back(source);
  }
  return out;
}

bool IsLinuxCloudSource(const packer::Template& t, const packer::PluginBlock& source) {
  static const std::vector<std::string> kCloud = {
      "amazon-ebs", "amazon-ebssurrogate", "amazon-ebsvolume", "amazon-instance", "googlecompute",
      "azure-arm",  "oracle-oci",          "digitalocean",     "hcloud",          "linode"};
  if (std::find(kCloud.begin(), kCloud.end(), source.type) == kCloud.end()) return false;
  if (const hcl::Expression* communicator = Attr(*source.body, "communicator")) {
    hcl::Value value = t.Evaluate(*communicator);
    if (value.kind == hcl::Value::kString && value.string != "ssh") return false;
  }
  if (const hcl::Expression* os_type = Attr(*source.body, "os_type")) {
    hcl::Value value = t.Evaluate(*os_type);
    if (value.kind == hcl::Value::kString && ToLower(value.string) == "windows") return false;
  }
  return true;
}

std::string ShellText(const RuleContext& context, const hcl::Block& provisioner) {
  std::string text;
  if (const hcl::Expression* inline_commands = Attr(provisioner.body, "inline"))
    text += LiteralTexts(*inline_commands);
  for (const char* name : {"script", "scripts"}) {
    const hcl::Expression* expr = Attr(provisioner.body, name);
    if (!expr) continue;
    hcl::Value value = context.t.Evaluate(*expr);
    std::vector<hcl::Value> paths =
        value.kind == hcl::Value::kTuple ? value.items : std::vector{value};
    for (const hcl::Value& path : paths) {
      if (path.kind != hcl::Value::kString) continue;
      Result<std::string> content =
          context.fs.ReadFile(packer::ResolvePath(context.t.root(), path.string));
      if (content) text += *content + "\n";
    }
  }
  return text;
}

}  // namespace bakery::lint::internal
