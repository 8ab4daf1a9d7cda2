#include "common/packer/inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

namespace bakery::packer {

namespace {

// The file provisioner's `source` is remote when direction = "download".
bool IsDownload(const hcl::Block& block, const Template& t) {
  const hcl::Attribute* direction = block.body.FindAttribute("direction");
  if (!direction) return false;
  hcl::Value value = t.Evaluate(*direction->expr);
  return value.kind == hcl::Value::kString && value.string == "download";
}

class Collector {
 public:
  explicit Collector(const Template& t) : t_(t) {}

  TemplateInputs Run() {
    for (const auto& file : t_.files()) AddResolved(file->path, file->path, "template", {});
    for (const auto& file : t_.var_files()) AddResolved(file->path, file->path, "var file", {});
    for (const Build& build : t_.builds()) {
      for (const BuildStep& step : build.provisioners) OnProvisioner(step);
    }
    return std::move(inputs_);
  }

 private:
  void OnProvisioner(const BuildStep& step) {
    if (step.type == "file" && IsDownload(*step.block, t_)) return;
    for (const FileAttribute& spec : FileAttributes()) {
      if (step.type != spec.provisioner) continue;
      const hcl::Attribute* attribute = step.block->body.FindAttribute(spec.attribute);
      if (!attribute) continue;
      std::string label = fmt::format("provisioner \"{}\" {}", step.type, spec.attribute);
      AddValue(t_.Evaluate(*attribute->expr), label, spec.kind, attribute->expr->range);
    }
  }

  void AddValue(const hcl::Value& value, const std::string& label, const char* kind,
                const hcl::SourceRange& range) {
    if (!value.IsKnown()) {
      inputs_.unknown.push_back({label, value.reason, range});
    } else if (value.kind == hcl::Value::kString) {
      // Packer's roles_path and similar take ':'-separated lists.
      if (label.ends_with("roles_path") || label.ends_with("role_paths")) {
        size_t from = 0;
        for (size_t at; (at = value.string.find(':', from)) != std::string::npos; from = at + 1)
          Add(value.string.substr(from, at - from), kind, range);
        Add(value.string.substr(from), kind, range);
      } else {
        Add(value.string, kind, range);
      }
    } else if (value.kind == hcl::Value::kTuple) {
      for (const hcl::Value& item : value.items) AddValue(item, label, kind, range);
    } else if (value.kind != hcl::Value::kNull) {
      inputs_.unknown.push_back({label, fmt::format("{} is not a path", value.Dump()), range});
    }
  }

  void Add(const std::string& value, const char* kind, const hcl::SourceRange& range) {
    AddResolved(ResolvePath(t_.root(), value), value, kind, range);
  }

  void AddResolved(const std::string& path, const std::string& value, const char* kind,
                   const hcl::SourceRange& range) {
    if (path.empty()) return;
    auto same = [&](const InputFile& file) { return file.path == path; };
    if (std::any_of(inputs_.files.begin(), inputs_.files.end(), same)) return;
    inputs_.files.push_back({path, value, kind, range});
  }

  const Template& t_;
  TemplateInputs inputs_;
};

}  // namespace

const std::vector<FileAttribute>& FileAttributes() {
  static const auto* attributes = new std::vector<FileAttribute>{
      {"file", "source", "file provisioner source"},
      {"file", "sources", "file provisioner source"},
      {"shell", "script", "shell script"},
      {"shell", "scripts", "shell script"},
      {"shell-local", "script", "shell script"},
      {"shell-local", "scripts", "shell script"},
      {"powershell", "script", "powershell script"},
      {"powershell", "scripts", "powershell script"},
      {"windows-shell", "script", "shell script"},
      {"windows-shell", "scripts", "shell script"},
      {"ansible", "playbook_file", "ansible playbook"},
      {"ansible", "galaxy_file", "ansible galaxy file"},
      {"ansible", "roles_path", "ansible roles"},
      {"ansible-local", "playbook_file", "ansible playbook"},
      {"ansible-local", "playbook_dir", "ansible playbook directory"},
      {"ansible-local", "galaxy_file", "ansible galaxy file"},
      {"ansible-local", "role_paths", "ansible roles"},
  };
  return *attributes;
}

std::string ResolvePath(const std::string& root, const std::string& value) {
  if (value.empty()) return "";
  std::filesystem::path path(value);
  if (path.is_relative()) path = std::filesystem::path(root) / path;
  std::string out = path.lexically_normal().string();
  // Keep a trailing '/' (a directory source copies its contents) but not "./".
  if (out.size() > 1 && out.back() == '/' && value.back() != '/') out.pop_back();
  return out;
}

TemplateInputs DiscoverInputs(const Template& t) { return Collector(t).Run(); }

Result<TemplateInputs> DiscoverInputs(const std::string& template_path,
                                      const VariableInputs& values) {
  Result<Template> loaded = Template::Load(template_path, values);
  if (!loaded) return std::unexpected(loaded.error());
  // Only parse errors make the inputs unknowable; model errors are validate's business.
  std::vector<const TemplateFile*> files;
  for (const auto& file : loaded->files()) files.push_back(file.get());
  for (const auto& file : loaded->var_files()) files.push_back(file.get());
  for (const TemplateFile* file : files) {
    for (const hcl::Diagnostic& diagnostic : file->parsed.diagnostics) {
      if (diagnostic.severity != hcl::Severity::kError) continue;
      return FailAt(SourceLocation{diagnostic.range.path, diagnostic.range.start.line,
                                   diagnostic.range.start.column},
                    ErrorKind::kBadInput, "discovering the inputs of {}: {}", template_path,
                    diagnostic.summary);
    }
  }
  return DiscoverInputs(*loaded);
}

}  // namespace bakery::packer
