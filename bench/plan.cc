// bench/plan: `bakery-build --plan` on a generated repository with 20,000
// tracked files and 50 images (chains of parents, every image with 200 input
// files), against the emulator, next to hashing the same inputs with
// `sha256sum` in the same run. Targets: under 100 ms warm, at least 10x
// faster than the baseline. `--smoke` uses 2,000 files and 10 images.
#include <stdlib.h>
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "common/testing/emulator.h"
#include "common/testing/temp_dir.h"

namespace {

namespace fs = std::filesystem;

struct Shape {
  int images = 50;
  int files_per_image = 200;
  int shared_files = 10000;
};

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
            fmt::format("# {} file {}\nsetting_{} = {}\n", name, f, f, f * 7919));
    }
  }
  for (int f = 0; f < shape.shared_files; ++f) {
    Write(root / "shared" / fmt::format("d{:03}", f / 100) / fmt::format("s{:03}.txt", f % 100),
          fmt::format("unrelated file {}\n", f));
  }
  Write(root / "bakery.yml", config);
}

double RunMs(const std::string& command) {
  auto start = std::chrono::steady_clock::now();
  if (Shell(command + " >/dev/null 2>&1") != 0) {
    fmt::print(stderr, "failed: {}\n", command);
    std::exit(1);
  }
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
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
  bakery::testing_util::TempDir dir;
  fs::path repo = dir.path();
  Generate(repo, shape);
  std::string git = fmt::format("cd '{}' && git -c user.email=b@e -c user.name=bench", repo.string());
  if (Shell(git + " init -q -b main && " + git + " add -A && " + git + " commit -q -m gen") != 0) {
    return 1;
  }
  int tracked = shape.images * (shape.files_per_image + 2) + shape.shared_files + 1;
  // The baseline a Makefile or script would do: hash every input of every image.
  std::ofstream list(repo / ".inputs");
  for (int i = 0; i < shape.images; ++i) {
    std::string name = fmt::format("img{:02}", i);
    list << "packer/" << name << "/image.pkr.hcl\nscripts/" << name << ".sh\n";
    for (int f = 0; f < shape.files_per_image; ++f) {
      list << fmt::format("files/{}/f{:03}.conf\n", name, f);
    }
  }
  list.close();
  bakery::testing_util::Emulator emulator;
  for (const auto& [name, value] : emulator.Environment()) setenv(name.c_str(), value.c_str(), 1);
  fs::current_path(repo);
  std::string plan = fmt::format("'{}' --plan", (bin / "bakery-build").string());
  std::string baseline = "xargs sha256sum < .inputs";
  // The fixed part: loading bakery-build and its shared libraries (libcurl
  // alone pulls in 30) before any work.
  std::string start_only = fmt::format("'{}' --help", (bin / "bakery-build").string());

  // The 20,000 new files written back first, then both sides measured in
  // alternation, so a noisy machine slows both alike.
  Shell("sync");
  RunMs(plan);  // warm: page cache, dentries
  RunMs(baseline);
  const int rounds = smoke ? 3 : 9;
  std::vector<double> bakery_ms, baseline_ms, start_ms;
  for (int i = 0; i < rounds; ++i) {
    bakery_ms.push_back(RunMs(plan));
    baseline_ms.push_back(RunMs(baseline));
    start_ms.push_back(RunMs(start_only));
  }
  fs::current_path("/");

  double ours = Median(bakery_ms);
  double theirs = Median(baseline_ms);
  fmt::print("bakery-build --plan: {} images, {} tracked files, {} inputs (median of {}, warm)\n",
             shape.images, tracked, shape.images * (shape.files_per_image + 2), rounds);
  fmt::print("  bakery-build --plan (process start, config, templates, git index, stats, catalog)"
             "  {:7.1f} ms (target < 100 ms)\n", ours);
  fmt::print("    of which process start (`bakery-build --help`)"
             "                                    {:7.1f} ms\n", Median(start_ms));
  fmt::print("  sha256sum of the same inputs (baseline)"
             "                                           {:7.1f} ms\n", theirs);
  fmt::print("  ratio {:.1f}x faster (target >= 10x)\n", theirs / ours);
  fmt::print("  under 100 ms: {}; 10x: {}\n", ours < 100 ? "met" : "NOT met",
             theirs / ours >= 10 ? "met" : "NOT met");
  return 0;
}
