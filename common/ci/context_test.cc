#include "common/ci/context.h"

#include <gtest/gtest.h>

#include "common/testing/git_test_repo.h"

namespace bakery::ci {
namespace {

const std::string kHead = "1111111111111111111111111111111111111111";
const std::string kMerge = "2222222222222222222222222222222222222222";
const std::string kPrHead = "3333333333333333333333333333333333333333";

class FakeGit final : public GitSource {
 public:
  explicit FakeGit(std::optional<git::HeadInfo> head) : head_(std::move(head)) {}
  Result<git::HeadInfo> Head() const override {
    if (!head_) return Fail(ErrorKind::kBadInput, "/src is not inside a git repository");
    return *head_;
  }

 private:
  std::optional<git::HeadInfo> head_;
};

git::HeadInfo LocalHead() {
  return {kHead, "feature/x", false, true, "v1.4.0-3-g1111111-dirty",
          "https://github.com/acme/images.git"};
}

struct Expected {
  std::string event, commit, branch, tag, pull_request, repository, run_id, run_url, version;
  size_t warnings = 0;
};

struct ContextCase {
  std::string name;
  std::map<std::string, std::string> env;
  std::string payload;  // written to /event.json when non-empty
  std::optional<git::HeadInfo> git;
  Expected expected;
};

const std::map<std::string, std::string> kGitHub = {
    {"GITHUB_ACTIONS", "true"},       {"GITHUB_REPOSITORY", "acme/images"},
    {"GITHUB_RUN_ID", "42"},          {"GITHUB_SERVER_URL", "https://github.com"},
    {"GITHUB_EVENT_PATH", "/event.json"}};
const std::string kRunUrl = "https://github.com/acme/images/actions/runs/42";

std::map<std::string, std::string> With(std::map<std::string, std::string> base,
                                        std::map<std::string, std::string> more) {
  for (auto& [k, v] : more) base[k] = v;
  return base;
}

const std::string kPrPayload =
    R"({"number": 7, "pull_request": {"number": 7, "head": {"ref": "feature/x", "sha": ")" +
    kPrHead + R"("}, "base": {"ref": "main", "sha": ")" + kHead + R"("}}})";

const std::map<std::string, std::string> kCodeBuild = {
    {"CODEBUILD_BUILD_ID", "images:b1e6"}, {"AWS_REGION", "eu-west-1"},
    {"CODEBUILD_SOURCE_REPO_URL", "https://github.com/acme/images.git"}};
const std::string kCodeBuildUrl =
    "https://console.aws.amazon.com/codebuild/home?region=eu-west-1#/builds/images:b1e6/view/new";

std::vector<ContextCase> Cases() {
  return {
      {"github_push",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_SHA", kHead},
                      {"GITHUB_REF", "refs/heads/main"}, {"GITHUB_REF_NAME", "main"},
                      {"GITHUB_REF_TYPE", "branch"}}),
       "", std::nullopt,
       {"push", kHead, "main", "", "", "acme/images", "42", kRunUrl, "1111111", 0}},
      {"github_pull_request_uses_head_not_merge",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_SHA", kMerge},
                      {"GITHUB_REF", "refs/pull/7/merge"}, {"GITHUB_REF_NAME", "7/merge"},
                      {"GITHUB_HEAD_REF", "feature/x"}, {"GITHUB_BASE_REF", "main"}}),
       kPrPayload, std::nullopt,
       {"pull_request", kPrHead, "feature/x", "", "7", "acme/images", "42", kRunUrl, "3333333",
        0}},
      {"github_pull_request_target",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "pull_request_target"}, {"GITHUB_SHA", kHead},
                      {"GITHUB_HEAD_REF", "feature/x"}, {"GITHUB_REF_NAME", "main"}}),
       kPrPayload, std::nullopt,
       {"pull_request_target", kPrHead, "feature/x", "", "7", "acme/images", "42", kRunUrl,
        "3333333", 0}},
      {"github_pull_request_without_payload_warns",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "pull_request"}, {"GITHUB_SHA", kMerge},
                      {"GITHUB_HEAD_REF", "feature/x"}, {"GITHUB_EVENT_PATH", "/missing.json"}}),
       "", std::nullopt,
       {"pull_request", kMerge, "feature/x", "", "", "acme/images", "42", kRunUrl, "2222222", 1}},
      {"github_schedule",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "schedule"}, {"GITHUB_SHA", kHead},
                      {"GITHUB_REF_NAME", "main"}, {"GITHUB_REF_TYPE", "branch"}}),
       R"({"schedule": "0 4 * * 1"})", std::nullopt,
       {"schedule", kHead, "main", "", "", "acme/images", "42", kRunUrl, "1111111", 0}},
      {"github_dispatch_on_tag",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "workflow_dispatch"}, {"GITHUB_SHA", kHead},
                      {"GITHUB_REF_NAME", "v2.0.0"}, {"GITHUB_REF_TYPE", "tag"}}),
       "", std::nullopt,
       {"workflow_dispatch", kHead, "", "v2.0.0", "", "acme/images", "42", kRunUrl, "1111111", 0}},
      {"github_push_takes_describe_from_matching_checkout",
       With(kGitHub, {{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_SHA", kHead},
                      {"GITHUB_REF_NAME", "main"}, {"GITHUB_REF_TYPE", "branch"}}),
       "", LocalHead(),
       {"push", kHead, "main", "", "", "acme/images", "42", kRunUrl, "v1.4.0-3-g1111111-dirty",
        0}},
      {"codebuild_webhook_push",
       With(kCodeBuild, {{"CODEBUILD_RESOLVED_SOURCE_VERSION", kHead},
                         {"CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/main"},
                         {"CODEBUILD_WEBHOOK_TRIGGER", "branch/main"},
                         {"CODEBUILD_WEBHOOK_EVENT", "PUSH"}}),
       "", std::nullopt,
       {"push", kHead, "main", "", "", "acme/images", "images:b1e6", kCodeBuildUrl, "1111111", 0}},
      {"codebuild_webhook_pull_request",
       With(kCodeBuild, {{"CODEBUILD_RESOLVED_SOURCE_VERSION", kPrHead},
                         {"CODEBUILD_SOURCE_VERSION", "pr/12"},
                         {"CODEBUILD_WEBHOOK_HEAD_REF", "refs/heads/feature/x"},
                         {"CODEBUILD_WEBHOOK_BASE_REF", "refs/heads/main"},
                         {"CODEBUILD_WEBHOOK_TRIGGER", "pr/12"},
                         {"CODEBUILD_WEBHOOK_EVENT", "PULL_REQUEST_UPDATED"}}),
       "", std::nullopt,
       {"pull_request", kPrHead, "feature/x", "", "12", "acme/images", "images:b1e6",
        kCodeBuildUrl, "3333333", 0}},
      {"codebuild_manual_branch_with_sha_suffix",
       With(kCodeBuild, {{"CODEBUILD_RESOLVED_SOURCE_VERSION", kHead},
                         {"CODEBUILD_SOURCE_VERSION", "refs/heads/release^{" + kHead + "}"}}),
       "", std::nullopt,
       {"manual", kHead, "release", "", "", "acme/images", "images:b1e6", kCodeBuildUrl,
        "1111111", 0}},
      {"codebuild_manual_by_sha_has_no_branch_and_ignores_detached_git",
       With(kCodeBuild, {{"CODEBUILD_SOURCE_VERSION", kHead}}),
       "", git::HeadInfo{kHead, "detached", true, false, "v1.0.0", ""},
       {"manual", kHead, "", "", "", "acme/images", "images:b1e6", kCodeBuildUrl, "v1.0.0", 0}},
      {"local_reads_git", {}, "", LocalHead(),
       {"local", kHead, "feature/x", "", "", "acme/images", "", "", "v1.4.0-3-g1111111-dirty",
        0}},
      {"local_without_git_warns", {}, "", std::nullopt,
       {"local", "", "", "", "", "", "", "", "", 1}},
  };
}

class ContextTest : public testing::TestWithParam<ContextCase> {};

TEST_P(ContextTest, Resolves) {
  const ContextCase& c = GetParam();
  MapEnv env(c.env);
  InMemoryFileSystem fs;
  if (!c.payload.empty()) {
    ASSERT_TRUE(fs.WriteFile("/event.json", c.payload));
  }
  FakeGit git(c.git);
  CiContext context = DetectContext(env, fs, git, {});
  EXPECT_EQ(context.event, c.expected.event);
  EXPECT_EQ(context.commit, c.expected.commit);
  EXPECT_EQ(context.branch, c.expected.branch);
  EXPECT_EQ(context.tag, c.expected.tag);
  EXPECT_EQ(context.pull_request, c.expected.pull_request);
  EXPECT_EQ(context.repository, c.expected.repository);
  EXPECT_EQ(context.run_id, c.expected.run_id);
  EXPECT_EQ(context.run_url, c.expected.run_url);
  EXPECT_EQ(context.version, c.expected.version);
  EXPECT_EQ(context.warnings.size(), c.expected.warnings);
}

INSTANTIATE_TEST_SUITE_P(Table, ContextTest, testing::ValuesIn(Cases()),
                         [](const auto& test_case) { return test_case.param.name; });

TEST(Context, OverridesWin) {
  MapEnv env(With(kGitHub, {{"GITHUB_EVENT_NAME", "push"}, {"GITHUB_SHA", kHead},
                            {"GITHUB_REF_NAME", "main"}}));
  InMemoryFileSystem fs;
  FakeGit git(std::nullopt);
  CiContext context = DetectContext(env, fs, git, {kPrHead, "hotfix"});
  EXPECT_EQ(context.commit, kPrHead);
  EXPECT_EQ(context.branch, "hotfix");
}

TEST(Context, LocalOnRealRepoDetachedAndDirty) {
  testing_util::GitTestRepo repo;
  repo.Write("a", "1");
  std::string sha = repo.CommitAll("one");
  repo.Git("checkout -q --detach HEAD");
  repo.Write("a", "2");
  MapEnv env;
  InMemoryFileSystem fs;
  CiContext context = DetectContext(env, fs, RepositoryGitSource(repo.path()), {});
  EXPECT_EQ(context.platform, Platform::kLocal);
  EXPECT_EQ(context.commit, sha);
  EXPECT_EQ(context.branch, "detached");
  EXPECT_TRUE(context.dirty);
  EXPECT_EQ(context.version, sha.substr(0, 7) + "-dirty");
}

}  // namespace
}  // namespace bakery::ci
