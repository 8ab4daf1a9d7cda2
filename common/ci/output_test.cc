#include "common/ci/output.h"

#include <sstream>

#include <gtest/gtest.h>

namespace bakery::ci {
namespace {

class OutputTest : public testing::Test {
 protected:
  std::unique_ptr<Output> Make(Platform platform, bool tty = false) {
    OutputOptions options{platform, tty, [] { return std::string("ghadelimiter_fixed"); }};
    return MakeOutput(options, env, fs, human);
  }
  MapEnv env;
  InMemoryFileSystem fs;
  std::ostringstream human;
};

TEST_F(OutputTest, GitHubWritesCommandsOutputsAndSummary) {
  env.Set("GITHUB_OUTPUT", "/gh/output");
  env.Set("GITHUB_STEP_SUMMARY", "/gh/summary");
  auto output = Make(Platform::kGitHubActions);
  output->BeginGroup("Build base");
  output->Info("==> amazon-ebs.base: done");
  output->EndGroup();
  output->Annotate({Severity::kWarning, "no cleanup\nat the end", "packer/base.pkr.hcl", 12, 3,
                    0, 0, "BK002"});
  output->Mask("s3cr3t");
  ASSERT_TRUE(output->SetOutput("ami-id", "ami-0123"));
  ASSERT_TRUE(output->SetOutput("builds", "[\n1]"));
  ASSERT_TRUE(output->AppendSummary("## bakery\n"));
  EXPECT_EQ(human.str(),
            "::group::Build base\n==> amazon-ebs.base: done\n::endgroup::\n"
            "::warning file=packer/base.pkr.hcl,line=12,col=3,title=BK002::no cleanup%0Aat the "
            "end\n::add-mask::s3cr3t\n");
  EXPECT_EQ(fs.files().at("/gh/output"),
            "ami-id=ami-0123\nbuilds<<ghadelimiter_fixed\n[\n1]\nghadelimiter_fixed\n");
  EXPECT_EQ(fs.files().at("/gh/summary"), "## bakery\n");
}

TEST_F(OutputTest, GitHubWithoutOutputFilesWritesNothing) {
  auto output = Make(Platform::kGitHubActions);
  EXPECT_TRUE(output->SetOutput("ami-id", "ami-1"));
  EXPECT_TRUE(output->AppendSummary("x"));
  EXPECT_TRUE(fs.files().empty());
}

TEST_F(OutputTest, CodeBuildExportsToEnvFile) {
  env.Set("BAKERY_ENV_FILE", "/cb/env");
  auto output = Make(Platform::kCodeBuild);
  ASSERT_TRUE(output->SetOutput("ami-id", "ami-0123"));
  ASSERT_TRUE(output->SetOutput("ami-ids", "{\"a\":\"b c\"}"));
  ASSERT_TRUE(output->AppendSummary("| a |\n"));
  output->Annotate({Severity::kError, "bad", "x.hcl", 1, 2, 0, 0, ""});
  EXPECT_EQ(fs.files().at("/cb/env"),
            "export AMI_ID='ami-0123'\nexport AMI_IDS='{\"a\":\"b c\"}'\n");
  EXPECT_EQ(fs.files().at("/cb/summary.md"), "| a |\n");
  EXPECT_EQ(human.str(), "x.hcl:1:2: error: bad\n");
}

TEST_F(OutputTest, TerminalColoursOnlyOnTtyWithoutNoColor) {
  Annotation annotation{Severity::kError, "bad", "x.hcl", 1, 2, 0, 0, "BK001"};
  Make(Platform::kLocal, /*tty=*/false)->Annotate(annotation);
  Make(Platform::kLocal, /*tty=*/true)->Annotate(annotation);
  env.Set("NO_COLOR", "1");
  Make(Platform::kLocal, /*tty=*/true)->Annotate(annotation);
  EXPECT_EQ(human.str(),
            "x.hcl:1:2: error: bad [BK001]\n"
            "x.hcl:1:2: \033[1;31merror\033[0m: bad [BK001]\n"
            "x.hcl:1:2: error: bad [BK001]\n");
}

TEST_F(OutputTest, PlainAnnotationWithoutPosition) {
  EXPECT_EQ(PlainAnnotation({Severity::kNotice, "fyi", "", 0, 0, 0, 0, ""}, false),
            "notice: fyi");
  EXPECT_EQ(PlainAnnotation({Severity::kWarning, "w", "f", 3, 0, 0, 0, ""}, false),
            "f:3: warning: w");
}

}  // namespace
}  // namespace bakery::ci
