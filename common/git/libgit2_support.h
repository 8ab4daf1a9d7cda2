#pragma once
// What the git module's libgit2 wrappers share. Include it only from
// common/git/*.cc: libgit2's types stay inside the module.

#include <git2.h>

#include <memory>
#include <mutex>
#include <string>

#include "common/base/error.h"

namespace bakery::git::internal {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Deleter<T, Free>>;
using OwnedRepository = Owned<git_repository, git_repository_free>;

inline std::string LastError(int code) {
  const git_error* error = git_error_last();
  return error && error->message ? error->message : "libgit2 error " + std::to_string(code);
}

/// Opens the repository of the work tree `workdir`, initialising libgit2 on
/// first use (its start-up loads the system's CA certificates: only callers
/// that need libgit2 pay for it).
inline Result<OwnedRepository> OpenRepository(const std::string& workdir) {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
  git_repository* raw = nullptr;
  if (int code = git_repository_open(&raw, workdir.c_str()); code != 0) {
    return Fail(ErrorKind::kFailed, "opening the git repository at {}: {}", workdir,
                LastError(code));
  }
  return OwnedRepository(raw);
}

}  // namespace bakery::git::internal
