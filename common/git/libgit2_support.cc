#include "common/git/libgit2_support.h"

#include "common/base/shared_library.h"

namespace bakery::git::internal {
namespace {

Result<Libgit2> Resolve(const SharedLibrary& library) {
  Libgit2 api;
#define BAKERY_RESOLVE(name)                                                      \
  if (Result<void> found = library.Resolve("git_" #name, api.name); !found) { \
    return std::unexpected(std::move(found.error()));                             \
  }
  BAKERY_LIBGIT2_FUNCTIONS(BAKERY_RESOLVE)
#undef BAKERY_RESOLVE
  return api;
}

}  // namespace

const Result<Libgit2>& LoadLibgit2() {
  static const Result<Libgit2> api = []() -> Result<Libgit2> {
    Result<SharedLibrary> library = SharedLibrary::Open(
        BAKERY_LIBGIT2_SONAME, "install the libgit2 of your distribution (scripts/install-deps)");
    if (!library) return std::unexpected(std::move(library.error()));
    Result<Libgit2> resolved = Resolve(*library);
    if (resolved) resolved->libgit2_init();
    return resolved;
  }();
  return api;
}

std::string LastError(int code) {
  const git_error* error = Api().error_last();
  return error && error->message ? error->message : "libgit2 error " + std::to_string(code);
}

Result<OwnedRepository> OpenRepository(const std::string& workdir) {
  const Result<Libgit2>& api = LoadLibgit2();
  if (!api) return std::unexpected(api.error());
  git_repository* raw = nullptr;
  if (int code = api->repository_open(&raw, workdir.c_str()); code != 0) {
    return Fail(ErrorKind::kFailed, "opening the git repository at {}: {}", workdir,
                LastError(code));
  }
  return OwnedRepository(raw);
}

}  // namespace bakery::git::internal
