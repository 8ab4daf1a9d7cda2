#include "steps/validate/validate.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "common/testing/temp_dir.h"

namespace bakery::validate {
namespace {

using testing_util::TempDir;

constexpr const char* kClean = R"(variable "version" {
  type    = string
  default = "1.0.0"
}

source "null" "box" {
  communicator = "none"
}

build {
  sources = ["source.null.box"]
}
)";

constexpr const char* kChild = R"(variable "version" {
  type    = string
  default = "1.0.0"
}

source "null" "box" {
  communicator = "none"
}

build {
  sources = ["source.null.box"]

  provisioner "shell-local" {
    inline = ["echo ${var.version}"]
    only   = ["null.bx"]
  }
}
)";

struct Outcome {
  int exit = 0;
  std::string out;
  std::string err;
};

Outcome RunIn(const ValidateOptions& options, const std::string& config_path,
              std::map<std::string, std::string> env_vars = {}) {
  MapEnv env(std::move(env_vars));
  RealFileSystem fs;
  FakeClock clock(SystemTime{});
  PosixProcessRunner processes;
  std::ostringstream out, err;
  ci::OutputOptions output_options;
  if (env.Get("GITHUB_ACTIONS")) output_options.platform = ci::Platform::kGitHubActions;
  auto output = ci::MakeOutput(output_options, env, fs, out);
  cli::StepContext context{env, fs, clock, processes, out, err, *output, {}};
  context.common.config_path = config_path;
  Outcome run;
  run.exit = ToInt(RunValidate(options, context));
  run.out = out.str();
  run.err = err.str();
  return run;
}

TEST(ValidateStep, BakeryYmlChecks) {
  TempDir dir;
  dir.Write("packer/base/base.pkr.hcl", kClean);
  dir.Write("packer/web/web.pkr.hcl", kChild);
  dir.Write("bakery.yml", R"(version: 1
images:
  base:
    template: packer/base
  web:
    template: packer/web
    parent: base
  gone:
    template: packer/gone
  a:
    template: packer/base
    parent: b
  b:
    template: packer/base
    parent: a
validate:
  rules: { build-only-unknown: warning, nope: error }
)");
  ValidateOptions options;
  options.no_packer = true;
  Outcome run = RunIn(options, dir.path() + "/bakery.yml");
  std::string d = dir.path();
  EXPECT_EQ(run.out,
            d + "/bakery.yml: error: validate.rules: unknown rule \"nope\" [config]\n" + d +
                "/bakery.yml:5:1: error: images.web: the parent's AMI is passed as variable "
                "\"source_ami\", which " +
                d + "/packer/web does not declare [parent-variable]\n" + d +
                "/bakery.yml:8:1: error: images.gone.template: " + d +
                "/packer/gone does not exist [config]\n" + d +
                "/bakery.yml:10:1: error: images.a.parent: the parents form a cycle: a -> b -> a "
                "[config]\n" +
                d +
                "/bakery.yml:10:1: error: images.a: the parent's AMI is passed as variable "
                "\"source_ami\", which " +
                d + "/packer/base does not declare [parent-variable]\n" + d +
                "/bakery.yml:13:1: error: images.b: the parent's AMI is passed as variable "
                "\"source_ami\", which " +
                d + "/packer/base does not declare [parent-variable]\n" + d +
                "/packer/web/web.pkr.hcl:15:15: warning: only \"null.bx\" matches no source of "
                "the build (did you mean 'null.box'?) [build-only-unknown]\n"
                "4 templates checked: 6 errors, 1 warning\n");
  EXPECT_EQ(run.exit, 1);
}

TEST(ValidateStep, ExitCodesAndStrict) {
  TempDir dir;
  dir.Write("t/web.pkr.hcl", kChild);
  dir.Write("clean/c.pkr.hcl", kClean);
  ValidateOptions options;
  options.no_packer = true;
  options.paths = {dir.path() + "/clean"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 0);
  options.paths = {dir.path() + "/t"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 1);
  Outcome missing = RunIn({{dir.path() + "/nope"}, "text", false, true}, "none.yml");
  EXPECT_EQ(missing.exit, 2);
  EXPECT_EQ(missing.err, "bakery-validate: loading template " + dir.path() +
                             "/nope: no such file or directory\n");
  dir.Write("bad.yml", "images:\n  web:\n    templte: x\n");
  Outcome bad_config = RunIn(options, dir.path() + "/bad.yml");
  EXPECT_EQ(bad_config.exit, 2);
  EXPECT_NE(bad_config.out.find("bad.yml:3:5: error:"), std::string::npos) << bad_config.out;
  dir.Write("w/w.pkr.hcl",
            "packer {\n  required_plugins {\n    a = { source = \"x/y/a\" }\n  }\n}\n");
  options.paths = {dir.path() + "/w"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 0);
  options.strict = true;
  EXPECT_EQ(RunIn(options, "none.yml").exit, 1);
}

TEST(ValidateStep, VarFilesAndVariables) {
  TempDir dir;
  dir.Write("t/t.pkr.hcl", "variable \"region\" { type = string }\n");
  dir.Write("broken.pkrvars.hcl", "region = \n");
  ValidateOptions options;
  options.no_packer = true;
  options.paths = {dir.path() + "/t"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 1);
  EXPECT_EQ(RunIn(options, "none.yml", {{"PKR_VAR_region", "eu-west-1"}}).exit, 0);
  options.vars = {"region=eu-west-1"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 0);
  options.paths = {dir.path() + "/broken.pkrvars.hcl"};
  Outcome run = RunIn(options, "none.yml");
  EXPECT_EQ(run.exit, 1);
  EXPECT_TRUE(run.out.starts_with(dir.path() + "/broken.pkrvars.hcl:1:10: error:")) << run.out;
  options.vars = {"oops"};
  EXPECT_EQ(RunIn(options, "none.yml").exit, 2);
}

TEST(ValidateStep, SarifAndJson) {
  TempDir dir;
  dir.Write("t/web.pkr.hcl", kChild);
  ValidateOptions options;
  options.no_packer = true;
  options.paths = {dir.path() + "/t"};
  options.format = "sarif";
  Outcome sarif = RunIn(options, "none.yml");
  nlohmann::json doc = nlohmann::json::parse(sarif.out);
  EXPECT_EQ(doc["version"], "2.1.0");
  const nlohmann::json& result = doc["runs"][0]["results"][0];
  EXPECT_EQ(result["ruleId"], "build-only-unknown");
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["region"]["startLine"], 15);
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            dir.path() + "/t/web.pkr.hcl");
  EXPECT_EQ(doc["runs"][0]["tool"]["driver"]["rules"].size(), lint::Rules().size());
  options.format = "json";
  nlohmann::json json = nlohmann::json::parse(RunIn(options, "none.yml").out);
  EXPECT_EQ(json["errors"], 1);
  EXPECT_EQ(json["findings"][0]["column"], 15);
  EXPECT_EQ(json["findings"][0]["hint"], lint::FindRule("build-only-unknown")->hint);
}

TEST(ValidateStep, GitHubAnnotations) {
  TempDir dir;
  dir.Write("t/web.pkr.hcl", kChild);
  ValidateOptions options;
  options.no_packer = true;
  options.paths = {dir.path() + "/t"};
  Outcome run = RunIn(options, "none.yml", {{"GITHUB_ACTIONS", "true"}});
  EXPECT_EQ(run.out,
            "::error file=" + dir.path() +
                "/t/web.pkr.hcl,line=15,col=15,"
                "title=build-only-unknown::only \"null.bx\" matches no source of the build "
                "(did you mean 'null.box'?)\n1 template checked: 1 error, 0 warnings\n");
}

struct PackerCase {
  const char* output;
  const char* findings;
};

TEST(ValidateStep, ParsesPackerValidateOutput) {
  const std::vector<PackerCase> cases = {
      {"Error: Unsupported argument\n\n  on web.pkr.hcl line 7, in source \"null\" \"box\":\n"
       "   7:   bogus = 1\n\nAn argument named \"bogus\" is not expected here.\n\n",
       "d/web.pkr.hcl:7:1: error: Unsupported argument: An argument named \"bogus\" is not "
       "expected here. [packer-validate]\n"},
      {"Warning: Deprecated\n\n  on x.pkr.hcl line 2:\n   2: x\n\nUse y.\n",
       "d/x.pkr.hcl:2:1: warning: Deprecated: Use y. [packer-validate]\n"},
      {"Template validation failed. Errors are shown below.\n\nErrors validating build "
       "'amazon-ebs'. 1 error(s) occurred:\n\n* An ssh_username must be specified\n",
       "d/t.json: error: An ssh_username must be specified [packer-validate]\n"},
      {"The configuration is valid.\n", ""},
  };
  for (const PackerCase& c : cases) {
    std::string out;
    for (const lint::Finding& f : ParsePackerValidate(c.output, "d", "d/t.json"))
      out += f.Format() + "\n";
    EXPECT_EQ(out, c.findings) << c.output;
  }
}

TEST(ValidateStep, RealPackerFindings) {
  if (!RealFileSystem().Exists("/usr/bin/packer")) GTEST_SKIP() << "no /usr/bin/packer";
  TempDir dir;
  dir.Write("t/box.pkr.hcl",
            "source \"null\" \"box\" {\n  communicator = \"none\"\n"
            "  bogus = 1\n}\n\nbuild {\n  sources = [\"source.null.box\"]\n}\n");
  dir.Write("t/fmt.pkr.hcl", "variable \"x\" {\ndefault = 1\n}\n");
  ValidateOptions options;
  options.paths = {dir.path() + "/t"};
  options.packer = "/usr/bin/packer";
  Outcome run = RunIn(options, "none.yml");
  std::string d = dir.path() + "/t";
  EXPECT_EQ(run.out, d +
                         "/box.pkr.hcl:1:1: warning: packer fmt would reformat this file "
                         "[packer-fmt]\n" +
                         d +
                         "/box.pkr.hcl:3:1: error: Unsupported argument: An argument named "
                         "\"bogus\" is not expected here. [packer-validate]\n" +
                         d +
                         "/fmt.pkr.hcl:1:1: warning: packer fmt would reformat this file "
                         "[packer-fmt]\n1 template checked: 1 error, 2 warnings\n");
  EXPECT_EQ(run.exit, 1);
  options.packer = dir.path() + "/no-such-packer";
  Outcome skipped = RunIn(options, "none.yml");
  EXPECT_EQ(skipped.err,
            "bakery-validate: " + dir.path() +
                "/no-such-packer cannot be run: "
                "skipping packer validate and packer fmt (--no-packer silences this)\n");
}

}  // namespace
}  // namespace bakery::validate
