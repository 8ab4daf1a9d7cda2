#include "common/git/repository.h"

#include <mutex>
#include <optional>
#include <regex>
#include <set>

#include "common/git/discover.h"
#include "common/git/libgit2_support.h"

namespace bakery::git {
namespace {

using internal::LastError;
using internal::Libgit2;
using internal::Owned;

std::string OidString(const git_oid* oid) {
  const Libgit2& git = internal::Api();
  char buffer[GIT_OID_HEXSZ + 1];
  git.oid_tostr(buffer, sizeof buffer, oid);
  return buffer;
}

}  // namespace

struct Repository::Impl {
  internal::OwnedRepository repo;
  std::string workdir;
  // One status pass serves Head().dirty and the describe suffix: each pass
  // stats every file of the work tree.
  std::mutex status_mutex;
  std::optional<Result<std::set<std::string>>> changed;  // index vs work tree
  bool staged = false;                                    // HEAD vs index differs
};

Result<Repository> Repository::Discover(const std::string& path) {
  Result<GitLocation> location = FindWorkTree(path);
  if (!location) return std::unexpected(std::move(location.error()));
  Result<internal::OwnedRepository> repo = internal::OpenRepository(location->workdir);
  if (!repo) return std::unexpected(std::move(repo.error()));
  auto impl = std::make_shared<Impl>();
  impl->repo = std::move(*repo);
  impl->workdir = location->workdir;
  return Repository(std::move(impl));
}

const std::string& Repository::workdir() const { return impl_->workdir; }

namespace {

// `git describe --tags --always`; the "-dirty" suffix is added by the caller
// from the cached status instead of a second status pass.
std::string Describe(git_repository* repo) {
  const Libgit2& git = internal::Api();
  git_object* head = nullptr;
  if (git.revparse_single(&head, repo, "HEAD") != 0) return {};
  Owned<git_object, &Libgit2::object_free> commit(head);
  git_describe_options options = GIT_DESCRIBE_OPTIONS_INIT;
  options.describe_strategy = GIT_DESCRIBE_TAGS;
  options.show_commit_oid_as_fallback = 1;
  git_describe_result* raw = nullptr;
  if (git.describe_commit(&raw, commit.get(), &options) != 0) return {};
  Owned<git_describe_result, &Libgit2::describe_result_free> result(raw);
  git_describe_format_options format = GIT_DESCRIBE_FORMAT_OPTIONS_INIT;
  git_buf buffer = GIT_BUF_INIT;
  std::string text;
  if (git.describe_format(&buffer, result.get(), &format) == 0) text = buffer.ptr;
  git.buf_dispose(&buffer);
  return text;
}

std::string OriginUrl(git_repository* repo) {
  const Libgit2& git = internal::Api();
  git_remote* raw = nullptr;
  if (git.remote_lookup(&raw, repo, "origin") != 0) return {};
  Owned<git_remote, &Libgit2::remote_free> remote(raw);
  const char* url = git.remote_url(remote.get());
  return url ? url : "";
}

}  // namespace

Result<HeadInfo> Repository::Head() const {
  const Libgit2& git = internal::Api();
  git_repository* repo = impl_->repo.get();
  HeadInfo info;
  info.origin_url = OriginUrl(repo);
  info.detached = git.repository_head_detached(repo) == 1;
  git_reference* raw = nullptr;
  int code = git.repository_head(&raw, repo);
  Result<std::set<std::string>> changed = ChangedFiles();
  if (!changed) return std::unexpected(changed.error());
  info.dirty = !changed->empty() || impl_->staged;
  if (code == GIT_EUNBORNBRANCH || code == GIT_ENOTFOUND) {
    info.branch = "(no commits)";
    return info;
  }
  if (code != 0) return Fail(ErrorKind::kFailed, "reading git HEAD: {}", LastError(code));
  Owned<git_reference, &Libgit2::reference_free> head(raw);
  if (const git_oid* oid = git.reference_target(head.get())) info.commit = OidString(oid);
  info.branch = info.detached ? "detached" : git.reference_shorthand(head.get());
  info.describe = Describe(repo);
  if (info.dirty && !info.describe.empty()) info.describe += "-dirty";
  return info;
}

Result<std::set<std::string>> Repository::ChangedFiles() const {
  const Libgit2& git = internal::Api();
  std::lock_guard lock(impl_->status_mutex);
  if (impl_->changed) return *impl_->changed;
  git_status_options options = GIT_STATUS_OPTIONS_INIT;
  options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS |
                  GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
  git_status_list* raw_list = nullptr;
  int code = git.status_list_new(&raw_list, impl_->repo.get(), &options);
  if (code != 0) {
    impl_->changed = Fail(ErrorKind::kFailed, "reading git status: {}", LastError(code));
    return *impl_->changed;
  }
  Owned<git_status_list, &Libgit2::status_list_free> list(raw_list);
  std::set<std::string> changed;
  for (size_t i = 0, n = git.status_list_entrycount(list.get()); i < n; ++i) {
    const git_status_entry* entry = git.status_byindex(list.get(), i);
    if (entry->head_to_index) impl_->staged = true;
    // Only the work tree matters for content: a staged file whose working copy
    // equals the index is fingerprinted by its index blob id.
    const git_diff_delta* delta = entry->index_to_workdir;
    if (delta && delta->new_file.path) changed.insert(delta->new_file.path);
    if (delta && delta->old_file.path) changed.insert(delta->old_file.path);
  }
  impl_->changed = changed;
  return changed;
}

std::optional<std::string> RepositorySlug(const std::string& remote_url) {
  static const std::regex kSlug(
      R"((?:https?://[^/]+/|ssh://git@[^/]+/|git@[^:]+:)([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+?)(?:\.git)?/?)");
  std::smatch match;
  if (!std::regex_match(remote_url, match, kSlug)) return std::nullopt;
  return match[1].str();
}

}  // namespace bakery::git
