#include "common/ci/platform.h"

namespace bakery::ci {

Platform DetectPlatform(const Env& env) {
  if (env.Get("GITHUB_ACTIONS") == "true") return Platform::kGitHubActions;
  if (env.GetNonEmpty("CODEBUILD_BUILD_ID")) return Platform::kCodeBuild;
  return Platform::kLocal;
}

std::string_view PlatformName(Platform platform) {
  switch (platform) {
    case Platform::kGitHubActions: return "github-actions";
    case Platform::kCodeBuild: return "codebuild";
    case Platform::kLocal: return "local";
  }
  return "local";
}

}  // namespace bakery::ci
