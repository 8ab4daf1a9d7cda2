#pragma once
// Which CI bakery runs in (design: "CI context").

#include <string_view>

#include "common/base/env.h"

namespace bakery::ci {

enum class Platform { kGitHubActions, kCodeBuild, kLocal };

/// GITHUB_ACTIONS=true → GitHub Actions; CODEBUILD_BUILD_ID set → CodeBuild;
/// otherwise local.
Platform DetectPlatform(const Env& env);

/// "github-actions", "codebuild", "local" (the value of the `ci` tag).
std::string_view PlatformName(Platform platform);

}  // namespace bakery::ci
