#pragma once
// What a template depends on in the repository, for the build step's
// fingerprint: file provisioner sources, shell scripts, Ansible playbooks,
// Galaxy files and role paths, var files and *.auto.pkrvars.hcl, and the
// template files themselves.
//
// Paths are resolved relative to the template directory (path.root):
// bakery runs Packer there. A path that cannot be evaluated statically
// (it uses timestamp(), data.*, an unset variable...) is reported in
// `unknown` with the reason, never guessed.

#include <string>
#include <vector>

#include "common/base/error.h"
#include "common/hcl/source.h"
#include "common/packer/template.h"

namespace bakery::packer {

struct InputFile {
  std::string path;        // resolved: the template directory joined with the value, normalised
  std::string value;       // as the template gives it (evaluated), e.g. "scripts/base.sh"
  std::string kind;        // "template", "var file", "file provisioner source", "shell script", ...
  hcl::SourceRange range;  // where it is referenced (empty path for templates and var files)
};

struct UnknownInput {
  std::string attribute;  // e.g. `provisioner "shell" scripts`
  std::string reason;     // why the value is not statically known
  hcl::SourceRange range;
};

struct TemplateInputs {
  std::vector<InputFile> files;  // in template order, without duplicates
  std::vector<UnknownInput> unknown;
};

/// The repo files `t` references (see above).
TemplateInputs DiscoverInputs(const Template& t);

/// Loads the template at `template_path` (file or directory) with `values`
/// and discovers its inputs. kBadInput when the template cannot be loaded
/// or does not parse (the first parse error, with its position).
Result<TemplateInputs> DiscoverInputs(const std::string& template_path,
                                      const VariableInputs& values);

/// The provisioner attributes that name repo files: {type, attribute, kind}.
struct FileAttribute {
  const char* provisioner;
  const char* attribute;
  const char* kind;
};
const std::vector<FileAttribute>& FileAttributes();

/// `value` resolved against `root` (absolute values kept), lexically normalised.
std::string ResolvePath(const std::string& root, const std::string& value);

}  // namespace bakery::packer
