#include "common/aws/shared_config.h"

#include <gtest/gtest.h>

namespace bakery::aws {
namespace {

SharedConfig ParseBoth(const std::string& config_text, const std::string& credentials_text) {
  SharedConfig config;
  EXPECT_TRUE(ParseSharedFile(config_text, "config", true, config).has_value());
  EXPECT_TRUE(ParseSharedFile(credentials_text, "credentials", false, config).has_value());
  return config;
}

TEST(SharedConfig, ReadsProfilesServicesAndNestedSettings) {
  SharedConfig config = ParseBoth(
      "# comment\n[default]\nregion = eu-west-1\n\n[profile ci]\nregion = us-east-2 ; inline\n"
      "role_arn = arn:aws:iam::1:role/x\nsource_profile = base\nservices = local\n"
      "[services local]\nec2 =\n  endpoint_url = http://localhost:4566\n"
      "[sso-session corp]\nsso_region = x\n[notaprofile]\nregion = nope\n",
      "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = s#cret\n"
      "[default]\nregion = ap-south-1\n");
  ASSERT_NE(config.FindProfile("default"), nullptr);
  EXPECT_EQ(config.FindProfile("default")->Get("region"), "ap-south-1");  // credentials file wins
  const Profile* ci = config.FindProfile("ci");
  ASSERT_NE(ci, nullptr);
  EXPECT_EQ(ci->Get("region"), "us-east-2");
  EXPECT_EQ(ci->origin, "config:5");
  EXPECT_EQ(config.ServiceEndpoint(*ci, "ec2"), "http://localhost:4566");
  EXPECT_EQ(config.ServiceEndpoint(*ci, "sts"), std::nullopt);
  EXPECT_EQ(config.FindProfile("base")->Get("aws_secret_access_key"), "s#cret");
  EXPECT_EQ(config.FindProfile("notaprofile"), nullptr);
  EXPECT_EQ(config.FindProfile("corp"), nullptr);
}

TEST(SharedConfig, ReportsSyntaxErrorsWithPositions) {
  struct Case { const char* text; const char* error; };
  for (Case c : {Case{"[default\nregion = x\n", "config:1:8: section header is missing its closing ']'"},
                 Case{"[default]\nregion x\n", "config:2:1: expected \"key = value\", found \"region x\""},
                 Case{"region = x\n", "config:1:1: setting \"region\" appears before any [section] header"}}) {
    SharedConfig config;
    Result<void> parsed = ParseSharedFile(c.text, "config", true, config);
    ASSERT_FALSE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed.error().ToString(), c.error);
  }
}

TEST(SharedConfig, SelectsProfileByPrecedence) {
  struct Case { std::map<std::string, std::string> env; std::string flag; std::string want; };
  for (const Case& c : {Case{{}, "", "default"},
                        Case{{{"AWS_PROFILE", "a"}}, "", "a"},
                        Case{{{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}}, "", "b"},
                        Case{{{"AWS_PROFILE", "a"}}, "flag", "flag"}}) {
    EXPECT_EQ(SelectedProfileName(MapEnv(c.env), c.flag), c.want);
  }
}

TEST(SharedConfig, DefaultPathsFollowHome) {
  MapEnv env(std::map<std::string, std::string>{{"HOME", "/home/u"}});
  EXPECT_EQ(ConfigFilePath(env), "/home/u/.aws/config");
  EXPECT_EQ(CredentialsFilePath(env), "/home/u/.aws/credentials");
  env.Set("AWS_CONFIG_FILE", "/etc/aws.conf");
  EXPECT_EQ(ConfigFilePath(env), "/etc/aws.conf");
}

}  // namespace
}  // namespace bakery::aws
