#include "common/base/shared_library.h"

#include <dlfcn.h>

namespace bakery {

Result<SharedLibrary> SharedLibrary::Open(const std::string& soname,
                                          const std::string& install_hint) {
  // RTLD_LAZY: the library's own dependencies bind their symbols when first
  // called, not all at load.
  void* handle = dlopen(soname.c_str(), RTLD_LAZY | RTLD_LOCAL);
  if (handle == nullptr) {
    const char* reason = dlerror();
    return Fail(ErrorKind::kFailed, "loading {}: {}; {}", soname,
                reason != nullptr ? reason : "unknown error", install_hint);
  }
  return SharedLibrary(handle, soname);
}

void* SharedLibrary::Symbol(const char* name) const { return dlsym(handle_, name); }

Result<void> SharedLibrary::Missing(const char* name) const {
  return Fail(ErrorKind::kFailed, "{} has no function {}: a different version than bakery was "
              "built against; rebuild bakery", soname_, name);
}

}  // namespace bakery
