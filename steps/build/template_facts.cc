// What the build needs of a template, read from the HCL AST: declared
// variables, whether plugins must be installed, and the files provisioners
// reference (file `source`, shell/shell-local `script(s)`, ansible
// `playbook_file`/`galaxy_file`/`roles_path`). Values built from literals,
// `path.root` and variables with literal defaults or configured values are
// resolved; anything else is reported as unresolved, never guessed.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/hcl/parser.h"
#include "steps/build/workspace.h"

namespace bakery::build_step {
namespace {

namespace fs = std::filesystem;

const char* const kPathAttributes[] = {"source", "script", "scripts", "playbook_file",
                                       "galaxy_file", "roles_path"};

struct Resolver {
  std::string template_dir;                     // path.root
  std::map<std::string, std::string> variables;  // literal defaults and configured values

  std::optional<std::string> Text(const hcl::Expression& expr) const {
    if (const auto* tmpl = expr.As<hcl::TemplateExpr>()) {
      std::string text;
      for (const hcl::TemplatePart& part : tmpl->parts) {
        if (part.kind == hcl::TemplatePart::kLiteral) {
          text += part.text;
        } else if (part.kind == hcl::TemplatePart::kInterpolation && part.expr) {
          std::optional<std::string> value = Text(*part.expr);
          if (!value) return std::nullopt;
          text += *value;
        } else {
          return std::nullopt;
        }
      }
      return text;
    }
    if (const auto* attr = expr.As<hcl::GetAttrExpr>()) {
      const auto* root = attr->object ? attr->object->As<hcl::VariableExpr>() : nullptr;
      if (root && root->name == "path" && attr->name == "root") return template_dir;
      if (root && root->name == "var" && variables.contains(attr->name)) {
        return variables.at(attr->name);
      }
    }
    return std::nullopt;
  }
};

std::vector<std::string> TemplateFiles(const std::string& path) {
  std::vector<std::string> files;
  if (fs::is_directory(path)) {
    for (const auto& entry : fs::directory_iterator(path)) {
      std::string name = entry.path().filename().string();
      if (name.ends_with(".pkr.hcl")) files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  } else if (path.ends_with(".hcl")) {
    files.push_back(path);
  }
  return files;
}

void ReadTopLevel(const hcl::Body& body, TemplateFacts& facts, Resolver& resolver) {
  for (const hcl::Block& block : body.blocks) {
    if (block.type == "variable" && !block.labels.empty()) {
      facts.declared_variables.insert(block.labels[0].value);
      const hcl::Attribute* fallback = block.body.FindAttribute("default");
      std::optional<std::string> value = fallback ? resolver.Text(*fallback->expr) : std::nullopt;
      if (value) resolver.variables.try_emplace(block.labels[0].value, *value);
    }
    if (block.type == "packer") {
      for (const hcl::Block& inner : block.body.blocks) {
        if (inner.type == "required_plugins") facts.needs_init = true;
      }
    }
  }
}

void AddReference(const hcl::Attribute& attribute, const Resolver& resolver,
                  const std::string& root, TemplateFacts& facts) {
  std::vector<const hcl::Expression*> values;
  if (const auto* tuple = attribute.expr->As<hcl::TupleExpr>()) {
    for (const auto& item : tuple->items) values.push_back(item.get());
  } else {
    values.push_back(attribute.expr.get());
  }
  for (const hcl::Expression* value : values) {
    std::optional<std::string> text = resolver.Text(*value);
    if (!text) {
      facts.inputs.unresolved.push_back(fmt::format("{}:{}: {}", attribute.range.path,
                                                    attribute.range.start.line, attribute.name));
      continue;
    }
    fs::path resolved = fs::path(*text).is_absolute() ? fs::path(*text)
                                                      : fs::path(resolver.template_dir) / *text;
    std::string relative = resolved.lexically_normal().lexically_relative(root).generic_string();
    if (relative.starts_with("..")) continue;  // outside the work tree: not ours to fingerprint
    facts.inputs.files.push_back(relative);
  }
}

}  // namespace

Result<TemplateFacts> ReadTemplateFacts(const std::string& root, const build::ImageSpec& image) {
  std::string path = root + image.template_path;
  std::vector<std::string> files = TemplateFiles(path);
  TemplateFacts facts;
  Resolver resolver{fs::is_directory(path) ? path : fs::path(path).parent_path().string(), {}};
  std::vector<hcl::ParseResult> parsed;
  for (const std::string& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    parsed.push_back(hcl::Parse(text.str(), file));
  }
  for (const auto& [name, value] : image.variables) resolver.variables[name] = value;
  for (const hcl::ParseResult& result : parsed) ReadTopLevel(result.body, facts, resolver);
  for (const hcl::ParseResult& result : parsed) {
    for (const hcl::Block& block : result.body.blocks) {
      if (block.type != "build") continue;
      for (const hcl::Block& step : block.body.blocks) {
        if (step.type != "provisioner") continue;
        for (const char* name : kPathAttributes) {
          if (const hcl::Attribute* attribute = step.body.FindAttribute(name)) {
            AddReference(*attribute, resolver, root, facts);
          }
        }
      }
    }
  }
  return facts;
}

}  // namespace bakery::build_step
