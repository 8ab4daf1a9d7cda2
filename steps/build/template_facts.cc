// What the build needs of a template, from the Packer model (common/packer):
// declared variables, whether plugins must be installed, and the repository
// files it references (common/packer/inputs.h). Values that are not static
// are reported, never guessed.
#include <filesystem>

#include "common/packer/inputs.h"
#include "common/packer/template.h"
#include "steps/build/workspace.h"

namespace bakery::build_step {
namespace {

namespace fs = std::filesystem;

// An absolute path under `root` as a repository-relative one; "" when outside.
std::string UnderRoot(const std::string& root, const std::string& path) {
  std::string relative =
      fs::path(path).lexically_normal().lexically_relative(root).generic_string();
  return relative.empty() || relative.starts_with("..") ? "" : relative;
}

}  // namespace

Result<TemplateFacts> ReadTemplateFacts(const std::string& root, const build::ImageSpec& image) {
  packer::VariableInputs values;
  for (const std::string& file : image.var_files) values.var_files.push_back(root + file);
  for (const auto& [name, value] : image.variables) values.values.emplace_back(name, value);
  Result<packer::Template> loaded = packer::Template::Load(root + image.template_path, values);
  if (!loaded) return std::unexpected(std::move(loaded.error()));
  TemplateFacts facts;
  for (const std::string& name : loaded->DeclaredVariables()) facts.declared_variables.insert(name);
  facts.needs_init = !loaded->RequiredPlugins().empty();
  packer::TemplateInputs inputs = packer::DiscoverInputs(*loaded);
  for (const packer::InputFile& file : inputs.files) {
    // Files outside the work tree cannot be fingerprinted by blob id; they are
    // the machine's (e.g. /etc/ssl/certs), not the repository's.
    if (std::string relative = UnderRoot(root, file.path); !relative.empty()) {
      facts.inputs.files.push_back(relative);
    }
  }
  for (const packer::UnknownInput& unknown : inputs.unknown) {
    facts.inputs.unresolved.push_back(fmt::format("{}:{}: {} ({})", unknown.range.path,
                                                  unknown.range.start.line, unknown.attribute,
                                                  unknown.reason));
  }
  return facts;
}

}  // namespace bakery::build_step
