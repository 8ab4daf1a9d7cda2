#include "common/cli/dispatch.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <unistd.h>

#include <fmt/format.h>

#include "common/base/strings.h"
#include "common/base/version.h"

namespace bakery::cli {
namespace {

constexpr std::string_view kPrefix = "bakery-";

std::string SelfDirectory(const char* argv0) {
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) self = std::filesystem::absolute(argv0, ec);
  return self.parent_path().string();
}

void PrintHelp(const std::vector<std::string>& steps) {
  fmt::print(
      "bakery {} — bake AWS machine images with Packer from CI, keep the estate clean.\n\n"
      "usage: bakery STEP [ARGS...]   (runs bakery-STEP)\n"
      "       bakery help | --help | --version\n\nsteps:\n",
      Version());
  for (const auto& step : steps) fmt::print("  {}\n", step);
  fmt::print("\n`bakery STEP --help` shows a step's options and examples.\n");
}

}  // namespace

std::vector<std::string> ListSteps(const std::string& dir) {
  std::vector<std::string> steps;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (!StartsWith(name, kPrefix) || name.size() == kPrefix.size()) continue;
    if (::access(entry.path().c_str(), X_OK) != 0 || entry.is_directory()) continue;
    steps.push_back(name.substr(kPrefix.size()));
  }
  std::ranges::sort(steps);
  return steps;
}

int Dispatch(int argc, char** argv) {
  const std::string dir = SelfDirectory(argv[0]);
  const std::vector<std::string> steps = ListSteps(dir);
  std::string_view first = argc > 1 ? argv[1] : "help";
  if (first == "help" || first == "--help" || first == "-h") {
    PrintHelp(steps);
    return 0;
  }
  if (first == "--version" || first == "version") {
    fmt::print("bakery {}\n", Version());
    return 0;
  }
  if (std::ranges::find(steps, first) == steps.end()) {
    fmt::print(stderr, "bakery: '{}' is not a step{}; `bakery help` lists them\n", first,
               DidYouMean(first, steps));
    return 2;
  }
  std::string program = fmt::format("{}/{}{}", dir, kPrefix, first);
  std::vector<char*> args{program.data()};
  for (int i = 2; i < argc; ++i) args.push_back(argv[i]);
  args.push_back(nullptr);
  ::execv(program.c_str(), args.data());
  fmt::print(stderr, "bakery: running {}: {}\n", program, std::strerror(errno));
  return 1;
}

}  // namespace bakery::cli
