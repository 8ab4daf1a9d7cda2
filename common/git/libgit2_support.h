#pragma once
// What the git module's libgit2 wrappers share. Include it only from
// common/git/*.cc: libgit2's types stay inside the module.
//
// libgit2 is loaded when first needed, not linked (see
// common/base/shared_library.h): a plan reads the index itself and needs
// libgit2 only for .gitignore rules of untracked files; only a real build
// reads HEAD and the dirty state through it.

#include <git2.h>

#include <memory>
#include <string>

#include "common/base/error.h"

namespace bakery::git::internal {

#define BAKERY_LIBGIT2_FUNCTIONS(X)                                                             \
  X(libgit2_init) X(error_last) X(repository_open) X(repository_free) X(repository_head)        \
  X(repository_head_detached) X(revparse_single) X(object_free) X(describe_commit)              \
  X(describe_format) X(describe_result_free) X(buf_dispose) X(remote_lookup) X(remote_url)      \
  X(remote_free) X(reference_target) X(reference_shorthand) X(reference_free) X(oid_tostr)      \
  X(status_list_new) X(status_list_entrycount) X(status_byindex) X(status_list_free)            \
  X(ignore_path_is_ignored)

/// libgit2's functions, each typed as its header declares it.
struct Libgit2 {
#define BAKERY_DECLARE(name) decltype(&::git_##name) name = nullptr;
  BAKERY_LIBGIT2_FUNCTIONS(BAKERY_DECLARE)
#undef BAKERY_DECLARE
};

/// Loads and initialises libgit2 once per process (its start-up also loads
/// the system's CA certificates: only callers that need it pay for it).
const Result<Libgit2>& LoadLibgit2();

/// libgit2, for code holding a libgit2 object: one exists only after
/// LoadLibgit2 succeeded.
inline const Libgit2& Api() { return *LoadLibgit2(); }

template <typename T, auto Free>
struct Deleter {
  void operator()(T* pointer) const { (Api().*Free)(pointer); }
};
/// A libgit2 object freed by its Libgit2 member `Free`.
template <typename T, auto Free>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;
using OwnedRepository = Owned<git_repository, &Libgit2::repository_free>;

std::string LastError(int code);

/// Opens the repository of the work tree `workdir`, loading libgit2 first.
Result<OwnedRepository> OpenRepository(const std::string& workdir);

}  // namespace bakery::git::internal
