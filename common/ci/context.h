#pragma once
// What CI run this is and which commit it builds: the source of the
// commit/branch/repository/run-url tags. Rules: ci-and-aws-conventions.md
// §1.1-1.2 (GitHub) and §2.1-2.3 (CodeBuild); local runs read git.

#include <optional>
#include <string>
#include <vector>

#include "common/base/env.h"
#include "common/base/error.h"
#include "common/base/file_system.h"
#include "common/ci/platform.h"
#include "common/git/repository.h"

namespace bakery::ci {

struct CiContext {
  Platform platform = Platform::kLocal;
  /// push, pull_request, pull_request_target, schedule, workflow_dispatch,
  /// release, webhook, manual, local, or GitHub's event name as given.
  std::string event;
  std::string commit;      // the commit built: the PR head, never GitHub's merge commit
  std::string branch;      // short name; "detached" locally; empty when unknown (tag builds)
  std::string tag;         // set for tag pushes
  std::string pull_request;  // PR number, when the run is for one
  std::string repository;  // owner/name when known
  std::string run_id;      // GITHUB_RUN_ID, CODEBUILD_BUILD_ID, or empty locally
  std::string run_url;
  std::string actor;
  std::string version;     // `git describe --tags --always --dirty`-style, else short sha
  bool dirty = false;      // only known with a local git work tree
  std::vector<std::string> warnings;  // degraded detection, for the step to print
};

/// HEAD of the repository bakery runs in; a fake in tests.
class GitSource {
 public:
  virtual ~GitSource() = default;
  virtual Result<git::HeadInfo> Head() const = 0;
};

/// The repository containing `path` (the working directory in production).
class RepositoryGitSource final : public GitSource {
 public:
  explicit RepositoryGitSource(std::string path) : path_(std::move(path)) {}
  /// Uses an open repository (sharing its status pass with other callers).
  explicit RepositoryGitSource(git::Repository repository)
      : repository_(std::move(repository)) {}
  Result<git::HeadInfo> Head() const override;

 private:
  std::string path_;
  std::optional<git::Repository> repository_;
};

struct Overrides {
  std::string commit;  // --commit
  std::string branch;  // --branch
};

/// Detects the platform and resolves the context. Never fails: what cannot
/// be known stays empty and is explained in `warnings`.
CiContext DetectContext(const Env& env, const FileSystem& fs, const GitSource& git,
                        const Overrides& overrides);

}  // namespace bakery::ci
