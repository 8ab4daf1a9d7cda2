#include "common/packer/template.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "common/base/strings.h"
#include "common/hcl/references.h"

namespace bakery::packer {

namespace {

hcl::Diagnostic ModelError(std::string summary, std::string detail, hcl::SourceRange range) {
  return hcl::Diagnostic{hcl::Severity::kError, std::move(summary), std::move(detail),
                         std::move(range)};
}

// The literal string of an expression (a template without interpolation).
std::optional<std::string> LiteralString(const hcl::Expression* expr) {
  if (!expr) return std::nullopt;
  if (const auto* tmpl = expr->As<hcl::TemplateExpr>(); tmpl && tmpl->IsLiteral())
    return tmpl->LiteralText();
  if (const auto* literal = expr->As<hcl::LiteralExpr>();
      literal && literal->kind == hcl::LiteralExpr::kString)
    return literal->text;
  return std::nullopt;
}

bool LiteralTrue(const hcl::Expression* expr) {
  const auto* literal = expr ? expr->As<hcl::LiteralExpr>() : nullptr;
  return literal && literal->kind == hcl::LiteralExpr::kBool && literal->boolean;
}

const hcl::Expression* AttributeExpr(const hcl::Body& body, std::string_view name) {
  const hcl::Attribute* attribute = body.FindAttribute(name);
  return attribute ? attribute->expr.get() : nullptr;
}

// The literal strings of a tuple attribute (only/except/sources).
std::vector<std::string> LiteralList(const hcl::Body& body, std::string_view name) {
  std::vector<std::string> out;
  const hcl::Expression* expr = AttributeExpr(body, name);
  const auto* tuple = expr ? expr->As<hcl::TupleExpr>() : nullptr;
  if (!tuple) return out;
  for (const hcl::ExprPtr& item : tuple->items) {
    if (std::optional<std::string> text = LiteralString(item.get())) out.push_back(*text);
  }
  return out;
}

// Packer accepts both "source.TYPE.NAME" and "sources.TYPE.NAME".
std::string StripSourcePrefix(const std::string& ref) {
  if (ref.starts_with("source.")) return ref.substr(7);
  if (ref.starts_with("sources.")) return ref.substr(8);
  return ref;
}

std::string Label(const hcl::Block& block, size_t i) {
  return i < block.labels.size() ? block.labels[i].value : std::string();
}

}  // namespace

// Fills a Template's model from its parsed files.
class ModelBuilder {
 public:
  explicit ModelBuilder(Template& t) : t_(t) {}

  void Run() {
    for (const auto& file : t_.files_) {
      for (const hcl::Block& block : file->parsed.body.blocks) OnBlock(block);
    }
  }

 private:
  void OnBlock(const hcl::Block& block) {
    if (block.type == "packer") OnPacker(block);
    if (block.type == "variable") OnVariable(block);
    if (block.type == "variables") OnVariables(block);
    if (block.type == "locals") OnLocals(block.body, false);
    if (block.type == "local") OnLocal(block);
    if (block.type == "data")
      t_.data_.push_back({Label(block, 0), Label(block, 1), &block.body, block.range});
    if (block.type == "source")
      t_.sources_.push_back({Label(block, 0), Label(block, 1), &block.body, block.range});
    if (block.type == "build") OnBuild(block);
  }

  void OnPacker(const hcl::Block& block) {
    if (auto version = LiteralString(AttributeExpr(block.body, "required_version")))
      t_.required_version_ = *version;
    for (const hcl::Block& plugins : block.body.blocks) {
      if (plugins.type != "required_plugins") continue;
      for (const hcl::Attribute& attribute : plugins.body.attributes) {
        PluginRequirement plugin{attribute.name, "", "", attribute.range};
        if (const auto* object = attribute.expr->As<hcl::ObjectExpr>()) {
          for (const hcl::ObjectItem& item : object->items) {
            std::optional<std::string> key = LiteralString(item.key.get());
            std::optional<std::string> value = LiteralString(item.value.get());
            if (key == "version" && value) plugin.version = *value;
            if (key == "source" && value) plugin.source = *value;
          }
        }
        t_.plugins_.push_back(std::move(plugin));
      }
    }
  }

  void AddVariable(VariableDecl decl) {
    for (const VariableDecl& existing : t_.variables_) {
      if (existing.name != decl.name) continue;
      t_.diagnostics_.push_back(ModelError(
          fmt::format("duplicate variable \"{}\"", decl.name),
          fmt::format("it is already declared at {}", existing.range.ToString()), decl.range));
      return;
    }
    t_.variables_.push_back(std::move(decl));
  }

  void OnVariable(const hcl::Block& block) {
    VariableDecl decl{Label(block, 0),
                      &block,
                      AttributeExpr(block.body, "type"),
                      AttributeExpr(block.body, "default"),
                      LiteralTrue(AttributeExpr(block.body, "sensitive")),
                      0,
                      block.range};
    for (const hcl::Block& nested : block.body.blocks)
      decl.validations += nested.type == "validation";
    AddVariable(std::move(decl));
  }

  // `variables { name = default }` (HCL) and legacy JSON "variables".
  void OnVariables(const hcl::Block& block) {
    std::vector<std::string> sensitive = LiteralList(block.body, "//sensitive");
    for (const hcl::Attribute& attribute : block.body.attributes) {
      if (attribute.name == "//sensitive") continue;
      const auto* literal = attribute.expr->As<hcl::LiteralExpr>();
      bool required = literal && literal->kind == hcl::LiteralExpr::kNull &&
                      block.type == "variables" && IsLegacy(attribute.range.path);
      bool is_sensitive =
          std::find(sensitive.begin(), sensitive.end(), attribute.name) != sensitive.end();
      AddVariable({attribute.name, nullptr, nullptr, required ? nullptr : attribute.expr.get(),
                   is_sensitive, 0, attribute.range});
    }
  }

  bool IsLegacy(const std::string& path) const {
    for (const auto& file : t_.files_) {
      if (file->path == path) return file->legacy;
    }
    return false;
  }

  void OnLocals(const hcl::Body& body, bool sensitive) {
    for (const hcl::Attribute& attribute : body.attributes)
      t_.locals_.push_back({attribute.name, attribute.expr.get(), sensitive, attribute.range});
  }

  void OnLocal(const hcl::Block& block) {
    t_.locals_.push_back({Label(block, 0), AttributeExpr(block.body, "expression"),
                          LiteralTrue(AttributeExpr(block.body, "sensitive")), block.range});
  }

  void OnBuild(const hcl::Block& block) {
    Build build;
    build.name = LiteralString(AttributeExpr(block.body, "name")).value_or("");
    build.block = &block;
    build.range = block.range;
    if (const auto* sources = AttributeExpr(block.body, "sources"); sources) {
      if (const auto* tuple = sources->As<hcl::TupleExpr>()) {
        for (const hcl::ExprPtr& item : tuple->items) AddSourceRef(build, *item);
      }
    }
    for (const hcl::Block& nested : block.body.blocks) OnBuildBlock(build, nested);
    t_.builds_.push_back(std::move(build));
  }

  void AddSourceRef(Build& build, const hcl::Expression& item) {
    std::string ref = LiteralString(&item).value_or("");
    if (ref.empty()) {
      if (auto traversal = hcl::StaticTraversal(item))
        ref = fmt::format("{}", fmt::join(*traversal, "."));
    }
    ref = StripSourcePrefix(ref);
    build.sources.push_back({ref, "", nullptr, item.range});
  }

  void OnBuildBlock(Build& build, const hcl::Block& nested) {
    if (nested.type == "source") {
      std::string ref = Label(nested, 0);
      ref = StripSourcePrefix(ref);
      std::string name = LiteralString(AttributeExpr(nested.body, "name")).value_or("");
      build.sources.push_back({ref, name, &nested.body, nested.range});
    } else if (nested.type == "provisioner") {
      build.provisioners.push_back(Step(nested, -1));
    } else if (nested.type == "post-processor") {
      build.post_processors.push_back(Step(nested, chains_++));
    } else if (nested.type == "post-processors") {
      int chain = chains_++;
      for (const hcl::Block& step : nested.body.blocks) {
        if (step.type == "post-processor") build.post_processors.push_back(Step(step, chain));
      }
    }
  }

  static BuildStep Step(const hcl::Block& block, int chain) {
    return {Label(block, 0), &block, LiteralList(block.body, "only"),
            LiteralList(block.body, "except"), chain};
  }

  Template& t_;
  int chains_ = 0;
};

std::vector<std::string> Template::DeclaredVariables() const {
  std::vector<std::string> names;
  for (const VariableDecl& variable : variables_) names.push_back(variable.name);
  return names;
}

const PluginBlock* Template::FindSource(const std::string& ref) const {
  for (const PluginBlock& source : sources_) {
    if (source.Ref() == ref) return &source;
  }
  return nullptr;
}

void Template::Index() {
  for (const auto& file : files_) {
    diagnostics_.insert(diagnostics_.end(), file->parsed.diagnostics.begin(),
                        file->parsed.diagnostics.end());
  }
  for (const auto& file : var_files_) {
    diagnostics_.insert(diagnostics_.end(), file->parsed.diagnostics.begin(),
                        file->parsed.diagnostics.end());
  }
  ModelBuilder(*this).Run();
  for (const Build& build : builds_) {
    for (const BuildSource& source : build.sources) {
      if (FindSource(source.ref) || source.ref.empty()) continue;
      std::vector<std::string> known;
      for (const PluginBlock& s : sources_) known.push_back("source." + s.Ref());
      diagnostics_.push_back(ModelError(fmt::format("unknown source \"source.{}\"", source.ref),
                                        fmt::format("declare it with a source block{}",
                                                    DidYouMean("source." + source.ref, known)),
                                        source.range));
    }
  }
}

Template Template::FromFiles(std::vector<TemplateFile> files, std::string root,
                             std::vector<TemplateFile> var_files,
                             std::vector<std::pair<std::string, std::string>> values) {
  Template t;
  t.root_ = std::move(root);
  for (TemplateFile& file : files)
    t.files_.push_back(std::make_unique<TemplateFile>(std::move(file)));
  for (TemplateFile& file : var_files)
    t.var_files_.push_back(std::make_unique<TemplateFile>(std::move(file)));
  t.Index();
  t.ResolveScope(values);
  return t;
}

}  // namespace bakery::packer
