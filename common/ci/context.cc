#include "common/ci/context.h"

#include <regex>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/base/strings.h"

namespace bakery::ci {
namespace {

bool IsSha(std::string_view text) {
  static const std::regex kSha("[0-9a-f]{40}");
  return std::regex_match(text.begin(), text.end(), kSha);
}

std::string StripPrefix(std::string_view text, std::string_view prefix) {
  return std::string(StartsWith(text, prefix) ? text.substr(prefix.size()) : text);
}

std::string Get(const Env& env, std::string_view name) { return env.Get(name).value_or(""); }

// Fills commit, version and dirty from git where the platform left gaps.
void ApplyGit(CiContext& context, const GitSource& git, bool take_branch) {
  auto head = git.Head();
  if (!head) {
    if (context.commit.empty()) context.warnings.push_back(head.error().message);
    return;
  }
  if (context.commit.empty()) context.commit = head->commit;
  if (take_branch && context.branch.empty()) context.branch = head->branch;
  if (context.repository.empty()) {
    context.repository = git::RepositorySlug(head->origin_url).value_or("");
  }
  // describe names HEAD: only trust it when HEAD is the commit being built.
  if (head->commit == context.commit) {
    context.version = head->describe;
    context.dirty = head->dirty;
  }
}

void FromPullRequestPayload(CiContext& context, const Env& env, const FileSystem& fs) {
  std::string path = Get(env, "GITHUB_EVENT_PATH");
  auto text = path.empty() ? Result<std::string>(Fail(ErrorKind::kBadInput, "GITHUB_EVENT_PATH is unset"))
                           : fs.ReadFile(path);
  nlohmann::json payload;
  if (text) payload = nlohmann::json::parse(*text, nullptr, false);
  const auto* pr = payload.is_object() && payload.contains("pull_request") ? &payload["pull_request"]
                                                                          : nullptr;
  if (pr && pr->is_object()) {
    auto head = pr->value("head", nlohmann::json::object());
    context.commit = head.value("sha", "");
    if (context.branch.empty()) context.branch = head.value("ref", "");
    if (pr->contains("number") && (*pr)["number"].is_number_integer()) {
      context.pull_request = std::to_string((*pr)["number"].get<long>());
    }
  }
  if (context.commit.empty()) {
    context.warnings.push_back(fmt::format(
        "pull request head commit not found in the event payload ({}); using GITHUB_SHA, "
        "which is GitHub's merge commit",
        text ? path : text.error().message));
    context.commit = Get(env, "GITHUB_SHA");
  }
}

void FromGitHub(CiContext& context, const Env& env, const FileSystem& fs) {
  context.event = Get(env, "GITHUB_EVENT_NAME");
  context.repository = Get(env, "GITHUB_REPOSITORY");
  context.run_id = Get(env, "GITHUB_RUN_ID");
  context.actor = Get(env, "GITHUB_ACTOR");
  std::string server = env.GetNonEmpty("GITHUB_SERVER_URL").value_or("https://github.com");
  if (!context.repository.empty() && !context.run_id.empty()) {
    context.run_url = fmt::format("{}/{}/actions/runs/{}", server, context.repository,
                                  context.run_id);
  }
  if (StartsWith(context.event, "pull_request")) {
    context.branch = Get(env, "GITHUB_HEAD_REF");
    FromPullRequestPayload(context, env, fs);
    return;
  }
  context.commit = Get(env, "GITHUB_SHA");
  std::string ref_name = Get(env, "GITHUB_REF_NAME");
  if (Get(env, "GITHUB_REF_TYPE") == "tag") {
    context.tag = ref_name;
  } else {
    context.branch = ref_name;
  }
}

std::string CodeBuildBranch(const Env& env, CiContext& context) {
  std::string head_ref = Get(env, "CODEBUILD_WEBHOOK_HEAD_REF");
  if (StartsWith(head_ref, "refs/tags/")) {
    context.tag = StripPrefix(head_ref, "refs/tags/");
    return "";
  }
  if (!head_ref.empty()) return StripPrefix(head_ref, "refs/heads/");
  std::string trigger = Get(env, "CODEBUILD_WEBHOOK_TRIGGER");
  if (StartsWith(trigger, "branch/")) return trigger.substr(7);
  if (StartsWith(trigger, "tag/")) {
    context.tag = trigger.substr(4);
    return "";
  }
  std::string source = Get(env, "CODEBUILD_SOURCE_VERSION");
  // "refs/heads/main^{sha}" is CodeBuild's fast-download form.
  source = source.substr(0, source.find("^{"));
  if (source.empty() || IsSha(source) || StartsWith(source, "pr/")) return "";
  if (StartsWith(source, "refs/tags/")) {
    context.tag = StripPrefix(source, "refs/tags/");
    return "";
  }
  return StripPrefix(source, "refs/heads/");
}

std::string CodeBuildEvent(const Env& env) {
  std::string trigger = Get(env, "CODEBUILD_WEBHOOK_TRIGGER");
  if (trigger.empty()) return "manual";
  if (StartsWith(trigger, "pr/")) return "pull_request";
  std::string event = Get(env, "CODEBUILD_WEBHOOK_EVENT");
  if (event == "PUSH") return "push";
  return "webhook";
}

void FromCodeBuild(CiContext& context, const Env& env) {
  context.event = CodeBuildEvent(env);
  context.run_id = Get(env, "CODEBUILD_BUILD_ID");
  context.actor = Get(env, "CODEBUILD_INITIATOR");
  context.commit = Get(env, "CODEBUILD_RESOLVED_SOURCE_VERSION");
  std::string source = Get(env, "CODEBUILD_SOURCE_VERSION");
  if (context.commit.empty() && IsSha(source)) context.commit = source;
  std::string trigger = Get(env, "CODEBUILD_WEBHOOK_TRIGGER");
  if (StartsWith(trigger, "pr/")) context.pull_request = trigger.substr(3);
  context.branch = CodeBuildBranch(env, context);
  context.repository = git::RepositorySlug(Get(env, "CODEBUILD_SOURCE_REPO_URL")).value_or("");
  std::string region = Get(env, "AWS_REGION");
  context.run_url = fmt::format(
      "https://console.aws.amazon.com/codebuild/home?region={}#/builds/{}/view/new", region,
      context.run_id);
}

}  // namespace

Result<git::HeadInfo> RepositoryGitSource::Head() const {
  if (repository_) return repository_->Head();
  auto repository = git::Repository::Discover(path_);
  if (!repository) return std::unexpected(repository.error());
  return repository->Head();
}

CiContext DetectContext(const Env& env, const FileSystem& fs, const GitSource& git,
                        const Overrides& overrides) {
  CiContext context;
  context.platform = DetectPlatform(env);
  switch (context.platform) {
    case Platform::kGitHubActions: FromGitHub(context, env, fs); break;
    case Platform::kCodeBuild: FromCodeBuild(context, env); break;
    case Platform::kLocal: context.event = "local"; break;
  }
  if (!overrides.commit.empty()) context.commit = overrides.commit;
  if (!overrides.branch.empty()) context.branch = overrides.branch;
  // CodeBuild checks out a detached HEAD: never take its branch from git.
  ApplyGit(context, git, context.platform == Platform::kLocal);
  if (context.version.empty() && context.commit.size() >= 7) {
    context.version = context.commit.substr(0, 7);
  }
  return context;
}

}  // namespace bakery::ci
