// STS role assumption through the credential chain and SSM calls, against
// the emulator.
#include <thread>

#include "common/aws/emulator_test_support.h"
#include "common/testing/temp_dir.h"

namespace bakery::aws {
namespace {

using nlohmann::json;

TEST_F(EmulatorTest, ProfileAssumesRoleThroughSts) {
  testing_util::TempDir dir;
  dir.Write("config", "[profile deploy]\nrole_arn = arn:aws:iam::123456789012:role/deployer\n"
                      "source_profile = keys\nrole_session_name = bakery-test\n");
  dir.Write("credentials", std::string("[keys]\naws_access_key_id = ") +
                               testing_util::kEmulatorAccessKey + "\naws_secret_access_key = " +
                               testing_util::kEmulatorSecretKey + "\n");
  env_.Unset("AWS_ACCESS_KEY_ID");
  env_.Unset("AWS_SECRET_ACCESS_KEY");
  env_.Set("AWS_CONFIG_FILE", dir.path() + "/config");
  env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir.path() + "/credentials");
  env_.Set("AWS_PROFILE", "deploy");
  OpenSession();
  Result<CallerIdentity> identity = session_->StsIn("us-east-1").GetCallerIdentity();
  ASSERT_TRUE(identity.has_value()) << identity.error().message;
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/deployer/bakery-test");
  Result<Credentials> credentials = session_->CurrentCredentials();
  EXPECT_TRUE(credentials->keys.access_key_id.starts_with("ASIA"));
  EXPECT_FALSE(credentials->keys.session_token.empty());
  EXPECT_TRUE(credentials->expiration.has_value());
  EXPECT_EQ(credentials->source,
            "profile \"deploy\" (assume role arn:aws:iam::123456789012:role/deployer)");
}

TEST_F(EmulatorTest, WebIdentityFromTheEnvironmentIsUnsigned) {
  testing_util::TempDir dir;
  emulator_.Control("config", json::parse(R"({"web_identity_token": "oidc-jwt"})"));
  env_.Unset("AWS_ACCESS_KEY_ID");
  env_.Unset("AWS_SECRET_ACCESS_KEY");
  env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir.Write("token", "oidc-jwt"));
  env_.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/gha");
  env_.Set("AWS_ROLE_SESSION_NAME", "run-7");
  OpenSession();
  Result<CallerIdentity> identity = session_->StsIn("us-east-1").GetCallerIdentity();
  ASSERT_TRUE(identity.has_value()) << identity.error().message;
  EXPECT_EQ(identity->arn, "arn:aws:sts::123456789012:assumed-role/gha/run-7");
  dir.Write("token", "forged");
  OpenSession();
  Result<CallerIdentity> refused = session_->StsIn("us-east-1").GetCallerIdentity();
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("InvalidIdentityToken"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(refused.error().message.find("forged"), std::string::npos) << "the token is a secret";
}

TEST_F(EmulatorTest, SsmParametersRoundTrip) {
  Ssm ssm = session_->SsmIn("us-east-1");
  ASSERT_EQ(ssm.PutParameter("/bakery/web/prod", "ami-1").value_or(0), 1);
  ASSERT_EQ(ssm.PutParameter("/bakery/web/prod", "ami-2").value_or(0), 2);
  ASSERT_TRUE(ssm.PutParameter("/bakery/db/prod/eu", "ami-3").has_value());
  Result<std::optional<Parameter>> got = ssm.GetParameter("/bakery/web/prod");
  ASSERT_TRUE(got.has_value() && got->has_value());
  EXPECT_EQ((*got)->value, "ami-2");
  EXPECT_EQ((*got)->version, 2);
  EXPECT_EQ(ssm.GetParameter("/missing").value(), std::nullopt);
  for (int i = 0; i < 12; ++i) ssm.PutParameter("/bakery/many/p" + std::to_string(i), "v");
  EXPECT_EQ(ssm.GetParametersByPath("/bakery", true)->size(), 14u) << "follows NextToken";
  EXPECT_EQ(ssm.GetParametersByPath("/bakery/web", false)->size(), 1u);
  ASSERT_TRUE(ssm.DeleteParameter("/bakery/web/prod").has_value());
  Result<void> again = ssm.DeleteParameter("/bakery/web/prod");
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().code, "ParameterNotFound");
}

TEST_F(EmulatorTest, SsmRunCommandOnAnInstance) {
  json seeded = emulator_.Control("seed", json::parse(
      R"({"region": "us-east-1", "instances": [{"image_id": "ami-00000000000000001"}]})"));
  std::string instance = seeded["instances"][0];
  for (int i = 0; i < 50; ++i) {  // pending → running takes the emulator's start delay
    auto described = ec2().DescribeInstances({.instance_ids = {instance}});
    if (described && described->at(0).state == "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Ssm ssm = session_->SsmIn("us-east-1");
  Result<std::vector<ManagedInstance>> managed = ssm.DescribeInstanceInformation({instance});
  ASSERT_TRUE(managed.has_value()) << managed.error().message;
  Result<std::string> command = ssm.SendCommand({instance}, {"echo hello", "echo oops >&2"});
  ASSERT_TRUE(command.has_value()) << command.error().message;
  CommandInvocation invocation;
  for (int i = 0; i < 100; ++i) {
    Result<CommandInvocation> polled = ssm.GetCommandInvocation(*command, instance);
    ASSERT_TRUE(polled.has_value()) << polled.error().message;
    invocation = *polled;
    if (invocation.status != "InProgress" && invocation.status != "Pending") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(invocation.status, "Success");
  EXPECT_EQ(invocation.response_code, 0);
  EXPECT_EQ(invocation.stdout_text, "hello\n");
  EXPECT_EQ(invocation.stderr_text, "oops\n");
}

}  // namespace
}  // namespace bakery::aws
