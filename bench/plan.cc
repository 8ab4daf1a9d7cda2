// bench/plan: `bakery-build --plan` on a generated repository with 20,000
// tracked files and 50 images (chains of parents, every image with 200 input
// files), against the emulator, next to hashing the same inputs with
// `sha256sum` in the same run. Targets: under 100 ms warm, at least 10x
// faster than the baseline, with inputs sized like real configuration files.
// The same repository with 30-byte inputs is measured too and reported as
// the worst case. `--smoke` uses 2,000 files and 10 images.
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "common/testing/emulator.h"
#include "common/testing/temp_dir.h"

namespace {

namespace fs = std::filesystem;

struct Shape {
  int images = 50;
  int files_per_image = 200;
  int shared_files = 10000;
  bool tiny_inputs = false;  // 30 bytes each instead of realistic sizes
};

// What an image's inputs weigh: the size of each file follows the files under
// /etc on a Debian 12 system (configuration an image ships), one size per 5%
// quantile (median 0.8 KB, mean 3.7 KB). A repository of 30-byte files would
// measure only the cost of opening a file, which no real input has.
constexpr int kInputSizes[] = {0,   38,   72,   111,  146,  219,  339,  443,   566,   754,
                               874, 1117, 1267, 1568, 2133, 2940, 4060, 8692, 11861, 35871};

std::string InputContent(const std::string& image, int file, bool tiny) {
  std::string content = fmt::format("# {} file {}\n", image, file);
  int size = tiny ? 30 : kInputSizes[(file * 7 + image.back()) % std::size(kInputSizes)];
  for (int line = 0; std::ssize(content) < size; ++line) {
    content += fmt::format("setting_{}_{} = {}\n", file, line, line * 7919);
  }
  return content;
}

void Write(const fs::path& path, const std::string& content) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << content;
}

int Shell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

void Generate(const fs::path& root, const Shape& shape) {
  std::string config = "version: 1\ndefaults:\n  regions: [us-east-1]\nimages:\n";
  for (int i = 0; i < shape.images; ++i) {
    std::string name = fmt::format("img{:02}", i);
    config += fmt::format("  {}:\n    template: packer/{}\n    inputs: [files/{}]\n", name, name,
                          name);
    if (i % 5 != 0) config += fmt::format("    parent: img{:02}\n", i - 1);
    Write(root / "packer" / name / "image.pkr.hcl",
          fmt::format("variable \"source_ami\" {{\n  type    = string\n  default = \"ami-1\"\n}}\n"
                      "source \"amazon-ebs\" \"{0}\" {{\n  source_ami   = var.source_ami\n"
                      "  communicator = \"none\"\n}}\nbuild {{\n  sources = [\"source.amazon-ebs.{0}\"]\n"
                      "  provisioner \"shell\" {{\n    script = \"${{path.root}}/../../scripts/{0}.sh\"\n"
                      "  }}\n}}\n", name));
    Write(root / "scripts" / (name + ".sh"), fmt::format("#!/bin/sh\necho {}\n", name));
    for (int f = 0; f < shape.files_per_image; ++f) {
      Write(root / "files" / name / fmt::format("f{:03}.conf", f),
            InputContent(name, f, shape.tiny_inputs));
    }
  }
  for (int f = 0; f < shape.shared_files; ++f) {
    Write(root / "shared" / fmt::format("d{:03}", f / 100) / fmt::format("s{:03}.txt", f % 100),
          fmt::format("unrelated file {}\n", f));
  }
  Write(root / "bakery.yml", config);
}

// Runs `argv` (no shell: its start-up would be timed with either side) in
// the current directory, stdin from `input`, output discarded; milliseconds.
double RunMs(const std::vector<std::string>& argv, const char* input = "/dev/null") {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, input, O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&files, 2, "/dev/null", O_WRONLY, 0);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int status = 0;
  bool ran = posix_spawnp(&pid, args[0], &files, nullptr, args.data(), environ) == 0 &&
             waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  auto end = std::chrono::steady_clock::now();
  posix_spawn_file_actions_destroy(&files);
  if (!ran) {
    fmt::print(stderr, "failed: {}\n", fmt::join(argv, " "));
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(end - start).count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

struct Measured {
  double bakery_ms = 0;
  double baseline_ms = 0;
  double start_ms = 0;
};

// A repository of `shape` at `repo`, committed, with the list of every
// image's inputs the baseline hashes.
void Create(const fs::path& repo, const Shape& shape) {
  Generate(repo, shape);
  std::string git =
      fmt::format("cd '{}' && git -c user.email=b@e -c user.name=bench", repo.string());
  if (Shell(git + " init -q -b main && " + git + " add -A && " + git + " commit -q -m gen") != 0) {
    std::exit(1);
  }
  // The baseline a Makefile or script would do: hash every input of every image.
  std::ofstream list(repo / ".inputs");
  for (int i = 0; i < shape.images; ++i) {
    std::string name = fmt::format("img{:02}", i);
    list << "packer/" << name << "/image.pkr.hcl\nscripts/" << name << ".sh\n";
    for (int f = 0; f < shape.files_per_image; ++f) {
      list << fmt::format("files/{}/f{:03}.conf\n", name, f);
    }
  }
}

// Both sides in `repo`, against the emulator.
Measured Measure(const fs::path& bin, const fs::path& repo, int rounds) {
  fs::current_path(repo);
  std::string build = (bin / "bakery-build").string();
  std::vector<std::string> plan = {build, "--plan"};
  std::vector<std::string> baseline = {"xargs", "sha256sum"};  // stdin: .inputs
  // The fixed part: loading bakery-build and its shared libraries before any work.
  std::vector<std::string> start_only = {build, "--help"};
  // The new files written back first, then both sides measured in
  // alternation, so a noisy machine slows both alike.
  Shell("sync");
  RunMs(plan);  // warm: page cache, dentries
  RunMs(baseline, ".inputs");
  std::vector<double> bakery_ms, baseline_ms, start_ms;
  for (int i = 0; i < rounds; ++i) {
    bakery_ms.push_back(RunMs(plan));
    baseline_ms.push_back(RunMs(baseline, ".inputs"));
    start_ms.push_back(RunMs(start_only));
  }
  fs::current_path("/");
  return {Median(bakery_ms), Median(baseline_ms), Median(start_ms)};
}

}  // namespace

int main(int argc, char** argv) {
  bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  if (argc > 2 && std::strcmp(argv[1], "--generate") == 0) {  // for profiling by hand
    Generate(argv[2], Shape{});
    return Shell(fmt::format("cd '{}' && git init -q -b main && git add -A && git -c "
                             "user.email=b@e -c user.name=bench commit -q -m gen", argv[2]));
  }
  Shape shape = smoke ? Shape{10, 100, 1000} : Shape{};
  fs::path bin = fs::canonical(fs::path(argv[0]).parent_path() / ".." / "bin");
  bakery::testing_util::Emulator emulator;
  for (const auto& [name, value] : emulator.Environment()) setenv(name.c_str(), value.c_str(), 1);
  const int rounds = smoke ? 3 : 9;
  Shape tiny = shape;
  tiny.tiny_inputs = true;
  // Both repositories exist before either is measured: deleting 20,000 files
  // keeps the disk busy (online discard) for a while after.
  bakery::testing_util::TempDir real_dir, tiny_dir;
  Create(real_dir.path(), shape);
  Create(tiny_dir.path(), tiny);
  Measured real = Measure(bin, real_dir.path(), rounds);
  Measured worst = Measure(bin, tiny_dir.path(), rounds);

  int tracked = shape.images * (shape.files_per_image + 2) + shape.shared_files + 1;
  double ratio = real.baseline_ms / real.bakery_ms;
  fmt::print("bakery-build --plan: {} images, {} tracked files, {} inputs (median of {}, warm)\n",
             shape.images, tracked, shape.images * (shape.files_per_image + 2), rounds);
  fmt::print("  inputs sized like /etc (median 0.8 KB, mean 3.7 KB):\n");
  fmt::print("    bakery-build --plan (process start, config, templates, git index, stats, "
             "catalog)  {:7.1f} ms (target < 100 ms)\n", real.bakery_ms);
  fmt::print("      of which process start (`bakery-build --help`)"
             "                                  {:7.1f} ms\n", real.start_ms);
  fmt::print("    sha256sum of the same inputs (baseline)"
             "                                         {:7.1f} ms\n", real.baseline_ms);
  fmt::print("    ratio {:.1f}x faster (target >= 10x)\n", ratio);
  fmt::print("  30-byte inputs (the worst case: hashing costs little more than a stat):\n");
  fmt::print("    bakery-build --plan {:.1f} ms, sha256sum {:.1f} ms, ratio {:.1f}x\n",
             worst.bakery_ms, worst.baseline_ms, worst.baseline_ms / worst.bakery_ms);
  fmt::print("  under 100 ms: {}; 10x: {}\n", real.bakery_ms < 100 ? "met" : "NOT met",
             ratio >= 10 ? "met" : "NOT met");
  return 0;
}
