#include "common/aws/config.h"

#include <gtest/gtest.h>

namespace bakery::aws {
namespace {

constexpr const char* kConfig =
    "[default]\nregion = eu-central-1\n"
    "[profile local]\nregion = ap-northeast-1\nendpoint_url = http://profile:1\n"
    "[profile svc]\nservices = s\n[services s]\nec2 =\n  endpoint_url = http://section:2\n";

Result<AwsConfig> Load(std::map<std::string, std::string> vars, AwsConfigFlags flags = {}) {
  InMemoryFileSystem files;
  (void)files.WriteFile("/aws/config", kConfig);
  vars["AWS_CONFIG_FILE"] = "/aws/config";
  vars["AWS_SHARED_CREDENTIALS_FILE"] = "/aws/credentials";
  return LoadAwsConfig(MapEnv(vars), files, flags);
}

TEST(AwsConfig, RegionPrecedence) {
  struct Case { std::map<std::string, std::string> env; std::string flag; std::string region; std::string source; };
  for (const Case& c : {
           Case{{}, "", "eu-central-1", "profile \"default\""},
           Case{{{"AWS_DEFAULT_REGION", "us-west-1"}}, "", "us-west-1", "AWS_DEFAULT_REGION"},
           Case{{{"AWS_DEFAULT_REGION", "us-west-1"}, {"AWS_REGION", "us-west-2"}}, "", "us-west-2", "AWS_REGION"},
           Case{{{"AWS_REGION", "us-west-2"}}, "sa-east-1", "sa-east-1", "--region"},
           Case{{{"AWS_PROFILE", "local"}}, "", "ap-northeast-1", "profile \"local\""}}) {
    Result<AwsConfig> config = Load(c.env, {c.flag, ""});
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(config->region, c.region);
    EXPECT_EQ(config->region_source, c.source);
  }
}

TEST(AwsConfig, EndpointPrecedence) {
  struct Case { std::map<std::string, std::string> env; std::string ec2; std::string sts; };
  for (const Case& c : {
           Case{{}, "https://ec2.eu-central-1.amazonaws.com", "https://sts.eu-central-1.amazonaws.com"},
           Case{{{"AWS_ENDPOINT_URL", "http://global:9"}}, "http://global:9", "http://global:9"},
           Case{{{"AWS_ENDPOINT_URL", "http://global:9"}, {"AWS_ENDPOINT_URL_EC2", "http://ec2:9"}},
                "http://ec2:9", "http://global:9"},
           Case{{{"AWS_PROFILE", "svc"}, {"AWS_REGION", "eu-central-1"}}, "http://section:2",
                "https://sts.eu-central-1.amazonaws.com"},
           Case{{{"AWS_PROFILE", "local"}, {"AWS_REGION", "eu-central-1"}}, "http://profile:1", "http://profile:1"},
           Case{{{"AWS_PROFILE", "local"}, {"AWS_ENDPOINT_URL", "http://global:9"}, {"AWS_REGION", "eu-central-1"}},
                "http://global:9", "http://global:9"},
           Case{{{"AWS_ENDPOINT_URL", "http://global:9"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}},
                "https://ec2.eu-central-1.amazonaws.com", "https://sts.eu-central-1.amazonaws.com"}}) {
    Result<AwsConfig> config = Load(c.env);
    ASSERT_TRUE(config.has_value()) << config.error().message;
    EXPECT_EQ(EndpointFor(*config, "ec2", "eu-central-1"), c.ec2);
    EXPECT_EQ(EndpointFor(*config, "sts", "eu-central-1"), c.sts);
  }
}

TEST(AwsConfig, PartitionDefaults) {
  EXPECT_EQ(DefaultEndpoint("ec2", "cn-north-1"), "https://ec2.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(DefaultEndpoint("ec2", "us-gov-west-1"), "https://ec2.us-gov-west-1.amazonaws.com");
  EXPECT_EQ(PartitionOf("us-gov-west-1"), "aws-us-gov");
  EXPECT_EQ(PartitionOf("cn-northwest-1"), "aws-cn");
  EXPECT_EQ(PartitionOf("eu-west-1"), "aws");
}

TEST(AwsConfig, RetrySettingsAndErrors) {
  Result<AwsConfig> config = Load({{"AWS_MAX_ATTEMPTS", "5"}, {"AWS_RETRY_MODE", "adaptive"}});
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->max_attempts, 5);
  EXPECT_EQ(config->retry_mode, RetryMode::kAdaptive);
  EXPECT_EQ(Load({{"AWS_MAX_ATTEMPTS", "x"}}).error().message,
            "AWS_MAX_ATTEMPTS \"x\" is not a non-negative integer");
  EXPECT_EQ(Load({{"AWS_RETRY_MODE", "fast"}}).error().message,
            "AWS_RETRY_MODE \"fast\" is not standard, adaptive or legacy");
  EXPECT_EQ(Load({}, {"", "nope"}).error().message,
            "profile \"nope\" (from --profile) is not defined in /aws/config or /aws/credentials");
}

TEST(AwsConfig, ProxyAndCaBundle) {
  Result<AwsConfig> config = Load({{"HTTPS_PROXY", "http://proxy:3128"}, {"NO_PROXY", "localhost"},
                                   {"AWS_CA_BUNDLE", "/etc/ca.pem"}});
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->transport.proxy, "http://proxy:3128");
  EXPECT_EQ(config->transport.no_proxy, "localhost");
  EXPECT_EQ(config->transport.ca_bundle, "/etc/ca.pem");
}

}  // namespace
}  // namespace bakery::aws
