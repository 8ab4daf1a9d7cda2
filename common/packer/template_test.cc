#include "common/packer/template.h"

#include <gtest/gtest.h>

#include "common/packer/inputs.h"
#include "common/testing/temp_dir.h"

namespace bakery::packer {
namespace {

using testing_util::TempDir;

constexpr const char* kTemplate = R"(packer {
  required_version = ">= 1.9.0"
  required_plugins {
    amazon = {
      version = ">= 1.2.8"
      source  = "github.com/hashicorp/amazon"
    }
    ansible = {
      source = "github.com/hashicorp/ansible"
    }
  }
}

variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "version" {
  type = string
}

variable "token" {
  type      = string
  sensitive = true
  default   = ""
  validation {
    condition     = length(var.token) == 0
    error_message = "no"
  }
}

locals {
  scripts = "${local.dir}/scripts"
  dir     = path.root
  name    = "web-${var.version}"
}

local "stamp" {
  expression = formatdate("YYYY", timestamp())
  sensitive  = true
}

data "amazon-ami" "ubuntu" {
  region = var.region
}

source "amazon-ebs" "ubuntu" {
  ami_name = local.name
  region   = var.region
}

build {
  name    = "web"
  sources = ["source.amazon-ebs.ubuntu", source.amazon-ebs.missing]

  source "source.amazon-ebs.ubuntu" {
    name = "second"
  }

  provisioner "file" {
    source      = "${path.root}/files/nginx.conf"
    destination = "/tmp/nginx.conf"
  }
  provisioner "file" {
    direction   = "download"
    source      = "/var/log/cloud-init.log"
    destination = "out/"
  }
  provisioner "shell" {
    scripts = ["${local.scripts}/base.sh", "scripts/app.sh"]
    only    = ["amazon-ebs.ubuntu"]
  }
  provisioner "shell" {
    script = "scripts/${formatdate("YYYY", timestamp())}.sh"
    except = ["amazon-ebs.second"]
  }
  provisioner "ansible" {
    playbook_file = "../ansible/web.yml"
    galaxy_file   = "../ansible/requirements.yml"
    roles_path    = "../ansible/roles:../shared/roles"
  }
  post-processor "manifest" {}
  post-processors {
    post-processor "compress" {}
    post-processor "checksum" {}
  }
}
)";

TEST(PackerTemplate, Model) {
  TempDir dir;
  dir.Write("packer/web.pkr.hcl", kTemplate);
  dir.Write("packer/web.auto.pkrvars.hcl", "version = \"1.2.3\"\n");
  Result<Template> t = Template::Load(dir.path() + "/packer");
  ASSERT_TRUE(t) << t.error().ToString();
  EXPECT_EQ(t->required_version(), ">= 1.9.0");
  ASSERT_EQ(t->RequiredPlugins().size(), 2u);
  EXPECT_EQ(t->RequiredPlugins()[0].version, ">= 1.2.8");
  EXPECT_EQ(t->RequiredPlugins()[1].name, "ansible");
  EXPECT_EQ(t->RequiredPlugins()[1].version, "");
  EXPECT_EQ(t->DeclaredVariables(), (std::vector<std::string>{"region", "version", "token"}));
  EXPECT_TRUE(t->variables()[2].sensitive);
  EXPECT_EQ(t->variables()[2].validations, 1);
  EXPECT_EQ(t->variables()[1].default_expr, nullptr);
  ASSERT_EQ(t->locals().size(), 4u);
  EXPECT_TRUE(t->locals()[3].sensitive);
  // Packer runs in the template directory (bakery-build does), so path.root is ".".
  EXPECT_EQ(t->scope().locals.at("scripts").Dump(), "\"./scripts\"");
  EXPECT_EQ(t->scope().locals.at("name").Dump(), "\"web-1.2.3\"");
  EXPECT_EQ(t->data_sources()[0].Ref(), "amazon-ami.ubuntu");
  ASSERT_EQ(t->sources().size(), 1u);
  const Build& build = t->builds().at(0);
  EXPECT_EQ(build.name, "web");
  ASSERT_EQ(build.sources.size(), 3u);
  EXPECT_EQ(build.sources[1].ref, "amazon-ebs.missing");
  EXPECT_EQ(build.sources[2].name, "second");
  ASSERT_EQ(build.provisioners.size(), 5u);
  EXPECT_EQ(build.provisioners[2].only, std::vector<std::string>{"amazon-ebs.ubuntu"});
  EXPECT_EQ(build.provisioners[3].except, std::vector<std::string>{"amazon-ebs.second"});
  ASSERT_EQ(build.post_processors.size(), 3u);
  EXPECT_EQ(build.post_processors[0].chain, 0);
  EXPECT_EQ(build.post_processors[2].chain, 1);
  ASSERT_EQ(t->diagnostics().size(), 1u);
  EXPECT_EQ(t->diagnostics()[0].Format(),
            dir.path() +
                "/packer/web.pkr.hcl:55:42: error: unknown source "
                "\"source.amazon-ebs.missing\"; declare it with a source block "
                "(did you mean 'source.amazon-ebs.ubuntu'?)");
}

TEST(PackerTemplate, DiscoverInputs) {
  TempDir dir;
  dir.Write("packer/web.pkr.hcl", kTemplate);
  dir.Write("packer/web.auto.pkrvars.hcl", "version = \"1.2.3\"\n");
  dir.Write("prod.pkrvars.hcl", "region = \"us-east-1\"\n");
  std::string root = dir.path() + "/packer";
  Result<TemplateInputs> inputs =
      DiscoverInputs(root, VariableInputs{{dir.path() + "/prod.pkrvars.hcl"}, {}});
  ASSERT_TRUE(inputs) << inputs.error().ToString();
  std::vector<std::string> files;
  for (const InputFile& file : inputs->files) files.push_back(file.kind + " " + file.path);
  std::string d = dir.path();
  EXPECT_EQ(files, (std::vector<std::string>{
                       "template " + d + "/packer/web.pkr.hcl",
                       "var file " + d + "/packer/web.auto.pkrvars.hcl",
                       "var file " + d + "/prod.pkrvars.hcl",
                       "file provisioner source " + d + "/packer/files/nginx.conf",
                       "shell script " + d + "/packer/scripts/base.sh",
                       "shell script " + d + "/packer/scripts/app.sh",
                       "ansible playbook " + d + "/ansible/web.yml",
                       "ansible galaxy file " + d + "/ansible/requirements.yml",
                       "ansible roles " + d + "/ansible/roles",
                       "ansible roles " + d + "/shared/roles",
                   }));
  ASSERT_EQ(inputs->unknown.size(), 1u);
  EXPECT_EQ(inputs->unknown[0].attribute, "provisioner \"shell\" script");
  EXPECT_EQ(inputs->unknown[0].reason, "timestamp() is known only at build time");
  EXPECT_EQ(inputs->unknown[0].range.ToString(), d + "/packer/web.pkr.hcl:75:14");
}

TEST(PackerTemplate, VariableValuesFromFilesAndFlags) {
  TempDir dir;
  dir.Write("t.pkr.hcl", R"(variable "n" { type = number }
variable "regions" { type = list(string) }
variable "s" { type = string }
variable "a" { default = "x" }
)");
  dir.Write("v.pkrvars.hcl", "a = \"from-file\"\nn = 1\n");
  Result<Template> t = Template::Load(
      dir.path() + "/t.pkr.hcl",
      {{dir.path() + "/v.pkrvars.hcl"}, {{"n", "2"}, {"regions", "[\"a\", \"b\"]"}, {"s", "[x"}}});
  ASSERT_TRUE(t);
  EXPECT_EQ(t->scope().variables.at("a").Dump(), "\"from-file\"");
  EXPECT_EQ(t->scope().variables.at("n").Dump(), "2");
  EXPECT_EQ(t->scope().variables.at("regions").Dump(), "[\"a\", \"b\"]");
  EXPECT_EQ(t->scope().variables.at("s").Dump(), "\"[x\"");
  EXPECT_EQ(t->supplied().size(), 4u);
}

TEST(PackerTemplate, LegacyJson) {
  TempDir dir;
  dir.Write("legacy.json", R"({
  "variables": {"region": "us-east-1", "version": null, "token": ""},
  "sensitive-variables": ["token"],
  "builders": [{
    "type": "amazon-ebs",
    "ami_name": "web-{{user `version`}}-{{timestamp}}",
    "region": "{{user `region`}}",
    "source_ami_filter": {"owners": ["099720109477"], "most_recent": true},
    "launch_block_device_mappings": [{"device_name": "/dev/sda1"}]
  }],
  "provisioners": [
    {"type": "shell", "script": "{{template_dir}}/scripts/base.sh", "execute_command": "{{ .Vars }} sh '{{ .Path }}'"},
    {"type": "file", "source": "files/app.conf", "destination": "/tmp/", "only": ["amazon-ebs"]}
  ],
  "post-processors": ["manifest", [{"type": "compress"}, {"type": "checksum"}]]
})");
  Result<Template> t = Template::Load(dir.path() + "/legacy.json", {{}, {{"version", "7"}}});
  ASSERT_TRUE(t);
  EXPECT_TRUE(t->files()[0]->legacy);
  EXPECT_TRUE(t->diagnostics().empty()) << hcl::FormatAll(t->diagnostics());
  EXPECT_EQ(t->DeclaredVariables(), (std::vector<std::string>{"region", "version", "token"}));
  EXPECT_EQ(t->variables()[1].default_expr, nullptr);
  EXPECT_TRUE(t->variables()[2].sensitive);
  ASSERT_EQ(t->sources().size(), 1u);
  EXPECT_EQ(t->sources()[0].Ref(), "amazon-ebs.amazon-ebs");
  EXPECT_EQ(t->sources()[0].body->blocks.size(), 2u);
  const hcl::Attribute* region = t->sources()[0].body->FindAttribute("region");
  EXPECT_EQ(t->Evaluate(*region->expr).Dump(), "\"us-east-1\"");
  const hcl::Attribute* name = t->sources()[0].body->FindAttribute("ami_name");
  EXPECT_EQ(t->Evaluate(*name->expr).Dump(), "(unknown: timestamp() is known only at build time)");
  EXPECT_EQ(name->range.ToString(), dir.path() + "/legacy.json:6:5");
  const Build& build = t->builds()[0];
  EXPECT_EQ(build.provisioners.size(), 2u);
  EXPECT_EQ(build.provisioners[1].only, std::vector<std::string>{"amazon-ebs"});
  EXPECT_EQ(build.post_processors.size(), 3u);
  EXPECT_EQ(build.post_processors[2].chain, 1);
  const hcl::Attribute* command =
      build.provisioners[0].block->body.FindAttribute("execute_command");
  EXPECT_EQ(t->Evaluate(*command->expr).Dump(), "\"{{ .Vars }} sh '{{ .Path }}'\"");
  TemplateInputs inputs = DiscoverInputs(*t);
  ASSERT_EQ(inputs.files.size(), 3u);
  EXPECT_EQ(inputs.files[1].path, dir.path() + "/scripts/base.sh");
  EXPECT_EQ(inputs.files[2].path, dir.path() + "/files/app.conf");
}

TEST(PackerTemplate, LoadErrors) {
  TempDir dir;
  Result<Template> missing = Template::Load(dir.path() + "/nope");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "loading template " + dir.path() + "/nope: no such file or directory");
  Result<Template> empty = Template::Load(dir.path());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().message, "loading template " + dir.path() +
                                       ": the directory holds no *.pkr.hcl or *.pkr.json file");
  dir.Write("bad.pkr.hcl", "source \"a\" \"b\" {\n  x = \n}\n");
  Result<TemplateInputs> inputs = DiscoverInputs(dir.path(), {});
  ASSERT_FALSE(inputs);
  EXPECT_EQ(inputs.error().kind, ErrorKind::kBadInput);
  EXPECT_EQ(inputs.error().location->line, 2);
}

TEST(PackerTemplate, EveryFixtureLoadsWithoutDiagnostics) {
  std::string fixtures = std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/hcl";
  for (const char* name : {"/amazon-ebs.pkr.hcl", "/amazon-ebs.pkr.json", "/multi-build.pkr.hcl"}) {
    Result<Template> t = Template::Load(fixtures + name);
    ASSERT_TRUE(t) << name;
    EXPECT_EQ(hcl::FormatAll(t->diagnostics()), "") << name;
    EXPECT_FALSE(t->builds().empty()) << name;
  }
}

}  // namespace
}  // namespace bakery::packer
