// bakery-inspect --whoami end to end against the emulator: what it prints,
// and that no secret reaches any output stream or CI file, on success and
// on every failure path.
#include "steps/inspect/whoami.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/testing/emulator.h"
#include "common/testing/temp_dir.h"
#include "steps/inspect/inspect.h"

namespace bakery::inspect {
namespace {

using nlohmann::json;

constexpr const char* kKey = "ASIABAKERYWHOAMI0001";
constexpr const char* kSecret = "whoami/secret/never/printed/0123456789";
constexpr const char* kToken = "whoami-session-token-never-printed";

std::string Slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class WhoamiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    emulator_.Control("config", json::parse(fmt::format(
        R"({{"credentials": [{{"access_key": "{}", "secret_key": "{}", "session_token": "{}"}}]}})",
        kKey, kSecret, kToken)));
    env_ = MapEnv(emulator_.Environment("eu-west-1"));
    env_.Set("AWS_ACCESS_KEY_ID", kKey);
    env_.Set("AWS_SECRET_ACCESS_KEY", kSecret);
    env_.Set("AWS_SESSION_TOKEN", kToken);
    env_.Set("GITHUB_ACTIONS", "true");
    env_.Set("GITHUB_OUTPUT", dir_.Write("output", ""));
    env_.Set("GITHUB_STEP_SUMMARY", dir_.Write("summary", ""));
    env_.Set("GITHUB_ENV", dir_.Write("env", ""));
  }

  int Run(std::vector<const char*> args) {
    args.insert(args.begin(), "bakery-inspect");
    cli::StepIo io{env_, fs_, clock_, processes_, out_, err_};
    return cli::RunStep(InspectStep(), static_cast<int>(args.size()), args.data(), io);
  }

  void ExpectNoSecrets() {
    for (const std::string& text : {out_.str(), err_.str(), Slurp(dir_.path() + "/output"),
                                    Slurp(dir_.path() + "/summary"), Slurp(dir_.path() + "/env")}) {
      EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
      EXPECT_EQ(text.find(kToken), std::string::npos) << text;
      EXPECT_EQ(text.find(kKey), std::string::npos) << "only the masked key id: " << text;
    }
  }

  testing_util::Emulator emulator_;
  testing_util::TempDir dir_;
  MapEnv env_;
  RealFileSystem fs_;
  SystemClock clock_;
  PosixProcessRunner processes_;
  std::ostringstream out_, err_;
};

TEST_F(WhoamiTest, PrintsWhereEverythingComesFrom) {
  ASSERT_EQ(Run({"--whoami", "--verbose"}), 0) << err_.str();
  std::string out = out_.str();
  EXPECT_NE(out.find("region        eu-west-1 (from AWS_REGION)"), std::string::npos) << out;
  EXPECT_NE(out.find("ec2 endpoint  " + emulator_.endpoint() + " (from AWS_ENDPOINT_URL)"),
            std::string::npos) << out;
  EXPECT_NE(out.find("credentials   environment variables"), std::string::npos) << out;
  EXPECT_NE(out.find("access key    ASIA…0001, with session token"), std::string::npos) << out;
  EXPECT_NE(out.find("account       123456789012"), std::string::npos) << out;
  EXPECT_NE(err_.str().find("aws: 1 calls, 1 attempts"), std::string::npos) << err_.str();
  EXPECT_NE(Slurp(dir_.path() + "/output").find("aws-account-id=123456789012\n"), std::string::npos);
  ExpectNoSecrets();
}

TEST_F(WhoamiTest, JsonOutput) {
  ASSERT_EQ(Run({"--whoami", "--output", "json"}), 0) << err_.str();
  json report = json::parse(out_.str());
  EXPECT_EQ(report["account"], "123456789012");
  EXPECT_EQ(report["credentials"]["session_token"], true);
  EXPECT_EQ(report["region_source"], "AWS_REGION");
  ExpectNoSecrets();
}

TEST_F(WhoamiTest, FailuresKeepSecretsOut) {
  env_.Set("AWS_SECRET_ACCESS_KEY", std::string(kSecret) + "-wrong");
  EXPECT_EQ(Run({"--whoami", "--verbose"}), 1);
  EXPECT_NE(err_.str().find("SignatureDoesNotMatch"), std::string::npos) << err_.str();
  env_.Set("AWS_SECRET_ACCESS_KEY", kSecret);
  emulator_.Control("config", json::parse(
      R"({"faults": {"seed": 1, "rules": {"GetCallerIdentity": {"error_rate": 1.0}}}})"));
  EXPECT_EQ(Run({"--whoami", "--verbose"}), 1);
  EXPECT_NE(err_.str().find("InternalError"), std::string::npos) << err_.str();
  EXPECT_NE(err_.str().find("after 3 attempts"), std::string::npos) << err_.str();
  ExpectNoSecrets();
}

}  // namespace
}  // namespace bakery::inspect
