// bench/validate: bakery-validate's parse + lint against `packer validate`.
// Writes N realistic amazon-ebs templates (variables, locals, a source AMI
// filter, tags, four provisioners, a manifest post-processor; written for
// Packer 1.6 so Debian's packer accepts them), then in the same run:
//   1. loads and lints all N in-process (Template::Load + lint::Lint),
//   2. runs `packer validate` on each of the same N,
// and prints both times and the ratio. Targets: 200 templates under
// 200 ms, at least 50x faster than Packer. `--smoke` uses 20 templates.
#include <fmt/format.h>

#include <chrono>
#include <cstring>
#include <string>

#include "common/base/subprocess.h"
#include "common/lint/lint.h"
#include "common/packer/template.h"
#include "common/testing/temp_dir.h"

namespace bakery {
namespace {

// {0} is the template's index: names, sizes and scripts differ per template.
constexpr const char* kTemplate = R"(variable "version" {{
  type    = string
  default = "1.{0}.0"
}}

variable "region" {{
  type    = string
  default = "us-east-1"
}}

variable "extra_packages" {{
  type    = list(string)
  default = ["curl", "jq", "htop"]
}}

locals {{
  name  = "svc{0}"
  stamp = formatdate("YYYYMMDDhhmmss", timestamp())
  tags = {{
    Service = local.name
    Version = var.version
    Team    = "platform"
  }}
}}

source "amazon-ebs" "svc{0}" {{
  ami_name      = "${{local.name}}-${{var.version}}-${{local.stamp}}"
  instance_type = "t3.micro"
  region        = var.region
  encrypt_boot  = true
  ssh_username  = "ubuntu"

  source_ami_filter {{
    filters = {{
      name                = "ubuntu/images/hvm-ssd/ubuntu-jammy-22.04-amd64-server-*"
      root-device-type    = "ebs"
      virtualization-type = "hvm"
    }}
    owners      = ["099720109477"]
    most_recent = true
  }}

  launch_block_device_mappings {{
    device_name           = "/dev/sda1"
    volume_size           = {1}
    volume_type           = "gp2"
    delete_on_termination = true
  }}

  tags     = merge(local.tags, {{ Name = local.name }})
  run_tags = local.tags
}}

build {{
  name    = "svc{0}"
  sources = ["source.amazon-ebs.svc{0}"]

  provisioner "shell" {{
    inline = ["cloud-init status --wait"]
  }}

  provisioner "file" {{
    source      = "files/app.conf"
    destination = "/tmp/app.conf"
  }}

  provisioner "shell" {{
    environment_vars = ["PACKAGES=${{join(" ", var.extra_packages)}}", "VERSION=${{var.version}}"]
    scripts          = ["scripts/base.sh", "scripts/app.sh"]
    execute_command  = "sudo -E sh -eux '{{{{.Path}}}}'"
  }}

  provisioner "shell" {{
    inline = [
      "sudo apt-get clean",
      "sudo truncate -s 0 /etc/machine-id",
      "rm -f ~/.ssh/authorized_keys ~/.bash_history",
    ]
  }}

  post-processor "manifest" {{
    output = "manifest-svc{0}.json"
  }}
}}
)";

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<std::string> WriteTemplates(const testing_util::TempDir& dir, int count) {
  std::vector<std::string> paths;
  for (int i = 0; i < count; ++i) {
    std::string image = fmt::format("images/svc{}", i);
    dir.Write(image + "/svc.pkr.hcl", fmt::format(kTemplate, i, 8 + i % 32));
    dir.Write(image + "/files/app.conf", "listen 8080;\n");
    dir.Write(image + "/scripts/base.sh", "#!/bin/sh\napt-get update\n");
    dir.Write(image + "/scripts/app.sh", "#!/bin/sh\napt-get install -y $PACKAGES\n");
    paths.push_back(dir.path() + "/" + image);
  }
  return paths;
}

// Loads and lints every template; the number of findings (0 expected).
Result<size_t> LintAll(const std::vector<std::string>& paths) {
  RealFileSystem fs;
  lint::LintOptions options;
  size_t findings = 0;
  for (const std::string& path : paths) {
    Result<packer::Template> t = packer::Template::Load(path);
    if (!t) return std::unexpected(t.error());
    findings += lint::Lint(*t, options, fs).size();
  }
  return findings;
}

int Run(int count) {
  testing_util::TempDir dir;
  std::vector<std::string> paths = WriteTemplates(dir, count);
  (void)LintAll({paths[0]});  // warm the page cache and static tables
  auto start = std::chrono::steady_clock::now();
  Result<size_t> findings = LintAll(paths);
  double bakery_seconds = Seconds(start);
  if (!findings || *findings != 0) {
    fmt::print(
        stderr, "bakery lint: {}\n",
        findings ? fmt::format("{} unexpected findings", *findings) : findings.error().ToString());
    return 1;
  }
  PosixProcessRunner processes;
  start = std::chrono::steady_clock::now();
  for (const std::string& path : paths) {
    ProcessSpec spec{{"/usr/bin/packer", "validate", "svc.pkr.hcl"}};
    spec.cwd = path;
    spec.env = std::map<std::string, std::string>{
        {"PATH", "/usr/bin:/bin"}, {"HOME", dir.path()}, {"CHECKPOINT_DISABLE", "1"}};
    Result<ProcessResult> result = processes.Run(spec);
    if (!result || !result->Succeeded()) {
      fmt::print(stderr, "packer validate {}: {}\n", path,
                 result ? result->out + result->err : result.error().ToString());
      return 1;
    }
  }
  double packer_seconds = Seconds(start);
  fmt::print("parse + lint of {} templates vs packer validate (same templates, same run):\n",
             count);
  fmt::print(
      "  bakery (Template::Load + lint::Lint)  {:9.1f} ms  ({:.2f} ms per template; target: "
      "200 templates < 200 ms)\n",
      bakery_seconds * 1000, bakery_seconds * 1000 / count);
  fmt::print("  packer validate (baseline)            {:9.1f} ms\n", packer_seconds * 1000);
  fmt::print("  ratio                                 {:9.1f}x faster (target >= 50x)\n",
             packer_seconds / bakery_seconds);
  return 0;
}

}  // namespace
}  // namespace bakery

int main(int argc, char** argv) {
  bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
  return bakery::Run(smoke ? 20 : 200);
}
