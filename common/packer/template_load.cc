// Loading templates from disk and resolving the evaluation scope.

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

#include "common/base/file_system.h"
#include "common/hcl/json_syntax.h"
#include "common/packer/template.h"
#include "common/packer/template_internal.h"

namespace bakery::packer {

namespace fs = std::filesystem;

namespace {

bool EndsWith(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

bool IsLegacyJson(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  return json.is_object() && json.contains("builders");
}

// The template files of a directory, in name order (as Packer reads them).
std::vector<std::string> DirectoryFiles(const std::string& dir, bool vars) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    bool match = vars
                     ? (EndsWith(name, ".auto.pkrvars.hcl") || EndsWith(name, ".auto.pkrvars.json"))
                     : (EndsWith(name, ".pkr.hcl") || EndsWith(name, ".pkr.json"));
    if (match && entry.is_regular_file()) out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<TemplateFile> ReadTemplateFile(const std::string& path) {
  RealFileSystem files;
  Result<std::string> text = files.ReadFile(path);
  if (!text) return std::unexpected(std::move(text.error()).Wrap("reading a Packer template"));
  TemplateFile file{path, std::move(*text)};
  file.json = EndsWith(path, ".json");
  if (file.json && !EndsWith(path, ".pkr.json") && !EndsWith(path, ".pkrvars.json") &&
      IsLegacyJson(file.text)) {
    file.legacy = true;
    file.parsed = internal::ParseLegacyJson(file.text, path);
  } else if (file.json) {
    file.parsed = hcl::ParseJson(file.text, path);
  } else {
    file.parsed = hcl::Parse(file.text, path);
  }
  return file;
}

Result<Template> Template::Load(const std::string& path, const VariableInputs& inputs) {
  std::error_code ec;
  if (!fs::exists(path, ec))
    return Fail(ErrorKind::kBadInput, "loading template {}: no such file or directory", path);
  bool dir = fs::is_directory(path, ec);
  std::vector<std::string> paths = dir ? DirectoryFiles(path, false) : std::vector{path};
  if (paths.empty())
    return Fail(ErrorKind::kBadInput,
                "loading template {}: the directory holds no *.pkr.hcl or *.pkr.json file", path);
  std::vector<TemplateFile> files, var_files;
  for (const std::string& file : paths) {
    Result<TemplateFile> read = ReadTemplateFile(file);
    if (!read) return std::unexpected(read.error());
    files.push_back(std::move(*read));
  }
  // (Through fs::path: GCC 12 -O2 warns falsely on assigning "." to a std::string here.)
  fs::path root_path = dir ? fs::path(path) : fs::path(path).parent_path();
  if (root_path.empty()) root_path = fs::path(".");
  std::string root = root_path.string();
  std::vector<std::string> var_paths = DirectoryFiles(root, true);
  var_paths.insert(var_paths.end(), inputs.var_files.begin(), inputs.var_files.end());
  for (const std::string& file : var_paths) {
    Result<TemplateFile> read = ReadTemplateFile(file);
    if (!read) return std::unexpected(read.error());
    var_files.push_back(std::move(*read));
  }
  return FromFiles(std::move(files), root, std::move(var_files), inputs.values);
}

void Template::ResolveScope(const std::vector<std::pair<std::string, std::string>>& values) {
  hcl::Scope empty;
  // bakery runs Packer in the template's directory (bakery-build), so Packer's
  // path.root is "." and relative paths start there; ResolvePath joins them
  // with root_.
  scope_.path_root = ".";
  std::error_code ec;
  scope_.path_cwd = fs::current_path(ec).string();
  for (const VariableDecl& variable : variables_) {
    scope_.variables[variable.name] =
        variable.default_expr
            ? hcl::Evaluate(*variable.default_expr, empty)
            : hcl::Value::Unknown(fmt::format(
                  "var.{} has no value (give it with -var or a var file)", variable.name));
  }
  for (const auto& file : var_files_) {
    for (const hcl::Attribute& attribute : file->parsed.body.attributes) {
      scope_.variables[attribute.name] = hcl::Evaluate(*attribute.expr, empty);
      supplied_[attribute.name] = attribute.range;
    }
  }
  for (const auto& [name, text] : values) {
    scope_.variables[name] = ParseVariableValue(name, text);
    supplied_[name] = hcl::SourceRange{"-var " + name};
  }
  ResolveLocals();
}

hcl::Value Template::ParseVariableValue(const std::string& name, const std::string& text) const {
  // As Packer does: a string variable takes the text as is, others parse it as HCL.
  for (const VariableDecl& variable : variables_) {
    if (variable.name != name || !variable.type) continue;
    const auto* type = variable.type->As<hcl::VariableExpr>();
    if (type && type->name == "string") break;
    hcl::ExpressionResult parsed = hcl::ParseExpression(text, "-var " + name);
    if (!parsed.expr || !parsed.diagnostics.empty())
      return hcl::Value::Unknown(fmt::format("-var {}: the value is not valid HCL", name));
    return hcl::Evaluate(*parsed.expr, hcl::Scope{});
  }
  return hcl::Value::String(text);
}

void Template::ResolveLocals() {
  for (const LocalDecl& local : locals_) {
    scope_.locals[local.name] = hcl::Value::Unknown(
        fmt::format("local.{} depends on itself or on an unknown local", local.name));
  }
  // Each pass resolves one more level of locals that refer to locals.
  for (size_t pass = 0; pass <= locals_.size(); ++pass) {
    bool changed = false;
    for (const LocalDecl& local : locals_) {
      if (!local.expr) continue;
      hcl::Value value = hcl::Evaluate(*local.expr, scope_);
      if (value == scope_.locals[local.name]) continue;
      scope_.locals[local.name] = std::move(value);
      changed = true;
    }
    if (!changed) break;
  }
}

}  // namespace bakery::packer
