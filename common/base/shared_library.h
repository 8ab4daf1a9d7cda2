#pragma once
// A shared library loaded when first needed (dlopen) instead of linked. For
// the heavy ones only some runs use: libgit2, libssl and libcrypto with what they pull
// in are dozens of libraries, and loading them at start cost every bakery
// process milliseconds before main, also `--help` and plans that never
// touch them.

#include <string>

#include "common/base/error.h"

namespace bakery {

class SharedLibrary {
 public:
  /// Loads `soname`; it stays loaded for the life of the process. kFailed
  /// with the loader's reason and `install_hint` when it can't be.
  static Result<SharedLibrary> Open(const std::string& soname, const std::string& install_hint);

  /// Looks up the function `name` into `function` (whose type the caller
  /// takes from the library's header). kFailed when the library has none.
  template <typename Function>
  Result<void> Resolve(const char* name, Function& function) const {
    void* symbol = Symbol(name);
    if (symbol == nullptr) return Missing(name);
    function = reinterpret_cast<Function>(symbol);
    return {};
  }

  const std::string& soname() const { return soname_; }

 private:
  SharedLibrary(void* handle, std::string soname) : handle_(handle), soname_(std::move(soname)) {}
  void* Symbol(const char* name) const;
  Result<void> Missing(const char* name) const;

  void* handle_ = nullptr;
  std::string soname_;
};

}  // namespace bakery
