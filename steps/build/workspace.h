#pragma once
// What the build step works on: bakery.yml, the git work tree it lives in,
// the images as plan specs (paths relative to the work tree), and how each
// template's inputs, variables and plugins are discovered.

#include <set>
#include <string>
#include <vector>

#include "common/build/file_digests.h"
#include "common/build/plan.h"
#include "common/cli/step_main.h"
#include "common/config/config.h"

namespace bakery::build_step {

/// What the build needs to know of a template.
struct TemplateFacts {
  std::set<std::string> declared_variables;
  bool needs_init = false;                   // required_plugins present
  build::DiscoveredInputs inputs;            // repo-relative
};

struct Workspace {
  config::Config config;
  std::string root;              // work tree root, trailing slash
  std::string config_dir;        // bakery.yml's directory relative to root ("" at the root)
  std::vector<build::ImageSpec> images;
  std::unique_ptr<build::FileDigests> digests;
  std::map<std::string, TemplateFacts> facts;   // per image
};

/// Loads bakery.yml, reads every template and the git index of the work tree
/// (templates and index at once). Errors are kBadInput.
Result<Workspace> OpenWorkspace(cli::StepContext& context);

/// Reads the template of `image` (absolute paths under `root`).
Result<TemplateFacts> ReadTemplateFacts(const std::string& root, const build::ImageSpec& image);

}  // namespace bakery::build_step
