#pragma once
// The Packer model over the HCL AST: what a template declares (packer {},
// variables, locals, data sources, sources, builds with provisioners and
// post-processors), loaded from a *.pkr.hcl / *.pkr.json file, a directory
// of them, or a legacy JSON template (builders/provisioners/...), plus var
// files. The model points into the parsed files it owns, so every element
// keeps its source range for diagnostics.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/hcl/ast.h"
#include "common/hcl/eval.h"
#include "common/hcl/parser.h"

namespace bakery::packer {

/// One parsed file of a template (or a var file).
struct TemplateFile {
  std::string path;
  std::string text;
  bool json = false;    // *.pkr.json or legacy JSON
  bool legacy = false;  // legacy JSON (builders/provisioners/post-processors)
  hcl::ParseResult parsed;
};

struct PluginRequirement {
  std::string name;     // "amazon"
  std::string source;   // "github.com/hashicorp/amazon"; empty when absent
  std::string version;  // the constraint; empty when absent
  hcl::SourceRange range;
};

struct VariableDecl {
  std::string name;
  const hcl::Block* block = nullptr;  // null for legacy JSON variables (see default_expr)
  const hcl::Expression* type = nullptr;
  const hcl::Expression* default_expr = nullptr;  // null: required
  bool sensitive = false;
  int validations = 0;
  hcl::SourceRange range;
};

struct LocalDecl {
  std::string name;
  const hcl::Expression* expr = nullptr;
  bool sensitive = false;
  hcl::SourceRange range;
};

/// A `source "type" "name" {}` or `data "type" "name" {}` block, or a legacy builder.
struct PluginBlock {
  std::string type;
  std::string name;
  const hcl::Body* body = nullptr;
  hcl::SourceRange range;
  /// "type.name", as builds refer to sources.
  std::string Ref() const { return type + "." + name; }
};

/// A provisioner or post-processor inside a build.
struct BuildStep {
  std::string type;
  const hcl::Block* block = nullptr;
  std::vector<std::string> only;    // literal names from `only = [...]`
  std::vector<std::string> except;  // literal names from `except = [...]`
  int chain = -1;  // post-processors: the index of its `post-processors {}` chain, else -1
};

struct BuildSource {
  std::string ref;   // "amazon-ebs.ubuntu" (without the "source." prefix)
  std::string name;  // the `name` override of an inline source block, else empty
  const hcl::Body* overrides = nullptr;  // inline `source "x.y" {}` body, else null
  hcl::SourceRange range;
};

struct Build {
  std::string name;
  const hcl::Block* block = nullptr;
  std::vector<BuildSource> sources;
  std::vector<BuildStep> provisioners;
  std::vector<BuildStep> post_processors;
  hcl::SourceRange range;
};

/// Values for variables: -var NAME=VALUE pairs and var files, later ones win.
struct VariableInputs {
  std::vector<std::string> var_files;                       // *.pkrvars.hcl / *.pkrvars.json paths
  std::vector<std::pair<std::string, std::string>> values;  // -var pairs (strings)
};

class Template {
 public:
  /// Loads `path`: a file, or a directory whose *.pkr.hcl and *.pkr.json
  /// (and *.auto.pkrvars.hcl, applied first) make one template. kBadInput
  /// when the path is missing, unreadable or holds no template. Parse
  /// errors do not fail the load: they are in Diagnostics().
  static Result<Template> Load(const std::string& path, const VariableInputs& inputs = {});
  /// Builds a template from in-memory files (tests, bench). `root` is path.root.
  static Template FromFiles(std::vector<TemplateFile> files, std::string root,
                            std::vector<TemplateFile> var_files = {},
                            std::vector<std::pair<std::string, std::string>> values = {});

  const std::string& root() const { return root_; }
  const std::vector<std::unique_ptr<TemplateFile>>& files() const { return files_; }
  const std::vector<std::unique_ptr<TemplateFile>>& var_files() const { return var_files_; }
  /// Parse errors of every file and var file, then model errors (a
  /// duplicate variable, a build source that is no source).
  const std::vector<hcl::Diagnostic>& diagnostics() const { return diagnostics_; }

  const std::string& required_version() const { return required_version_; }
  const std::vector<PluginRequirement>& RequiredPlugins() const { return plugins_; }
  const std::vector<VariableDecl>& variables() const { return variables_; }
  /// The declared variable names, in declaration order.
  std::vector<std::string> DeclaredVariables() const;
  const std::vector<LocalDecl>& locals() const { return locals_; }
  const std::vector<PluginBlock>& data_sources() const { return data_; }
  const std::vector<PluginBlock>& sources() const { return sources_; }
  const std::vector<Build>& builds() const { return builds_; }
  const PluginBlock* FindSource(const std::string& ref) const;
  /// Names of variables given a value by a var file or -var.
  const std::map<std::string, hcl::SourceRange>& supplied() const { return supplied_; }

  /// The evaluation scope: var.* (defaults, then var files, then -var),
  /// local.* and path.root/path.cwd. Unknown where not statically known.
  const hcl::Scope& scope() const { return scope_; }
  hcl::Value Evaluate(const hcl::Expression& expr) const { return hcl::Evaluate(expr, scope_); }

 private:
  friend class ModelBuilder;
  void Index();
  void ResolveScope(const std::vector<std::pair<std::string, std::string>>& values);
  void ResolveLocals();
  hcl::Value ParseVariableValue(const std::string& name, const std::string& text) const;

  std::string root_;
  std::vector<std::unique_ptr<TemplateFile>> files_;
  std::vector<std::unique_ptr<TemplateFile>> var_files_;
  std::vector<hcl::Diagnostic> diagnostics_;
  std::string required_version_;
  std::vector<PluginRequirement> plugins_;
  std::vector<VariableDecl> variables_;
  std::vector<LocalDecl> locals_;
  std::vector<PluginBlock> data_;
  std::vector<PluginBlock> sources_;
  std::vector<Build> builds_;
  std::map<std::string, hcl::SourceRange> supplied_;
  hcl::Scope scope_;
};

/// Reads and parses one file as the loader would (HCL, HCL JSON or legacy
/// JSON by name and content). kBadInput when it cannot be read.
Result<TemplateFile> ReadTemplateFile(const std::string& path);

}  // namespace bakery::packer
