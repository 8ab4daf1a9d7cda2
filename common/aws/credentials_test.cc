// The provider chain against local stand-ins: files in temp dirs, a real
// local HTTP server for the container endpoint and IMDS, real subprocesses
// for credential_process, and a recording RoleAssumer (the STS side is
// tested against the emulator in sts_emulator_test.cc).
#include "common/aws/credentials.h"

#include <gtest/gtest.h>

#include "common/aws/socket_transport.h"
#include "common/testing/local_http_server.h"
#include "common/testing/temp_dir.h"

namespace bakery::aws {
namespace {

using testing_util::LocalHttpServer;
using testing_util::RecordedRequest;
using testing_util::TempDir;

std::string CredentialJson(const std::string& key, const std::string& extra = "") {
  return R"({"AccessKeyId":")" + key +
         R"(","SecretAccessKey":"secret-)" + key +
         R"(","Token":"token-)" + key + R"(","Expiration":"2030-01-01T00:00:00Z")" + extra + "}";
}

// Answers like IMDSv2 (or v1 when `refuse_token`) and a container agent.
HttpResponse MetadataAnswer(const RecordedRequest& request, bool refuse_token) {
  if (request.method == "PUT" && request.target == "/latest/api/token") {
    if (refuse_token) return {403, {}, ""};
    return {200, {}, "imds-token"};
  }
  if (request.target == "/creds") return {200, {}, CredentialJson("AKIDCONTAINER")};
  bool authorized = refuse_token || request.Header("x-aws-ec2-metadata-token") == "imds-token";
  if (!authorized) return {401, {}, ""};
  if (request.target == "/latest/meta-data/iam/security-credentials/") return {200, {}, "builder\n"};
  if (request.target == "/latest/meta-data/iam/security-credentials/builder") {
    return {200, {}, CredentialJson("AKIDIMDS")};
  }
  return {404, {}, ""};
}

class RecordingAssumer final : public RoleAssumer {
 public:
  Result<Credentials> AssumeRole(const Credentials& source, const AssumeRoleRequest& request) override {
    calls.push_back("AssumeRole " + request.role_arn + " from " + source.keys.access_key_id +
                    " session " + request.session_name + " external " + request.external_id);
    return Credentials{{"AKIDASSUMED", "s", "t"}, {}, "", ""};
  }
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request) override {
    calls.push_back("AssumeRoleWithWebIdentity " + request.role_arn + " token " + request.token);
    return Credentials{{"AKIDWEB", "s", "t"}, {}, "", ""};
  }
  std::vector<std::string> calls;
};

class CredentialsTest : public ::testing::Test {
 protected:
  CredentialsTest()
      : server_([this](const RecordedRequest& r) { return MetadataAnswer(r, refuse_token_); }),
        clock_(SystemTime{}) {
    env_.Set("HOME", dir_.path());
    env_.Set("AWS_CONFIG_FILE", dir_.path() + "/config");
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.path() + "/credentials");
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");
  }

  CredentialDeps Deps(std::string profile = "") {
    return CredentialDeps{&env_, &files_, &clock_, &http_, &processes_, &assumer_,
                          std::move(profile)};
  }
  Result<Credentials> Resolve(std::string profile = "") {
    return ResolveCredentials(Deps(std::move(profile)), DefaultProviders());
  }

  void EnableEnvKeys() {
    env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
    env_.Set("AWS_SECRET_ACCESS_KEY", "secret-env");
  }
  void EnableWebIdentity() {
    env_.Set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_.Write("token", "jwt-token\n"));
    env_.Set("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/gha");
  }
  void EnableProfile() {
    dir_.Write("credentials", "[default]\naws_access_key_id = AKIDPROFILE\n"
                              "aws_secret_access_key = secret-profile\n");
  }
  void EnableContainer() { env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_.url() + "/creds"); }
  void EnableImds() {
    env_.Unset("AWS_EC2_METADATA_DISABLED");
    env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_.url());
  }

  TempDir dir_;
  MapEnv env_;
  RealFileSystem files_;
  bool refuse_token_ = false;
  LocalHttpServer server_;
  FakeClock clock_;
  SocketTransport http_;
  PosixProcessRunner processes_;
  RecordingAssumer assumer_;
};

TEST_F(CredentialsTest, PrecedenceBetweenProviders) {
  struct Case {
    const char* name;
    bool env, web, profile, container, imds;
    const char* explicit_profile;
    const char* winner;
  };
  for (const Case& c : {Case{"all", true, true, true, true, true, "", "AKIDENV"},
                        Case{"no env", false, true, true, true, true, "", "AKIDWEB"},
                        Case{"profile next", false, false, true, true, true, "", "AKIDPROFILE"},
                        Case{"container next", false, false, false, true, true, "", "AKIDCONTAINER"},
                        Case{"imds last", false, false, false, false, true, "", "AKIDIMDS"},
                        Case{"--profile skips env", true, false, true, true, true, "default",
                             "AKIDPROFILE"}}) {
    env_ = MapEnv();
    env_.Set("AWS_CONFIG_FILE", dir_.path() + "/config-" + c.name);
    env_.Set("AWS_SHARED_CREDENTIALS_FILE", dir_.path() + "/credentials");
    env_.Set("AWS_EC2_METADATA_DISABLED", "true");
    std::remove((dir_.path() + "/credentials").c_str());
    if (c.env) EnableEnvKeys();
    if (c.web) EnableWebIdentity();
    if (c.profile) EnableProfile();
    if (c.container) EnableContainer();
    if (c.imds) EnableImds();
    Result<Credentials> credentials = Resolve(c.explicit_profile);
    ASSERT_TRUE(credentials.has_value()) << c.name << ": " << credentials.error().message;
    EXPECT_EQ(credentials->keys.access_key_id, c.winner) << c.name;
  }
}

TEST_F(CredentialsTest, NothingFoundNamesEverySource) {
  Result<Credentials> credentials = Resolve();
  ASSERT_FALSE(credentials.has_value());
  std::string want = "no AWS credentials found. Sources tried, in order:\n"
                     "  - environment: AWS_ACCESS_KEY_ID is not set\n"
                     "  - web identity (environment): AWS_WEB_IDENTITY_TOKEN_FILE is not set\n"
                     "  - shared config profile: profile \"default\" has no credentials in " +
                     dir_.path() + "/config or " + dir_.path() + "/credentials\n"
                     "  - container credentials: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and "
                     "_FULL_URI are not set\n"
                     "  - EC2 instance metadata: disabled by AWS_EC2_METADATA_DISABLED\n";
  EXPECT_TRUE(credentials.error().message.starts_with(want)) << credentials.error().message;
}

TEST_F(CredentialsTest, EnvironmentNeedsBothKeys) {
  env_.Set("AWS_ACCESS_KEY_ID", "AKIDENV");
  Result<Credentials> credentials = Resolve();
  ASSERT_FALSE(credentials.has_value());
  EXPECT_EQ(credentials.error().message,
            "resolving AWS credentials from environment: AWS_ACCESS_KEY_ID is set but "
            "AWS_SECRET_ACCESS_KEY is not; set both or neither");
}

TEST_F(CredentialsTest, WebIdentityFromEnvironmentReadsTheTokenFile) {
  EnableWebIdentity();
  env_.Set("AWS_ROLE_SESSION_NAME", "run-42");
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value());
  EXPECT_EQ(credentials->source, "web identity (arn:aws:iam::123456789012:role/gha)");
  EXPECT_EQ(assumer_.calls, std::vector<std::string>{
      "AssumeRoleWithWebIdentity arn:aws:iam::123456789012:role/gha token jwt-token"});
  env_.Unset("AWS_ROLE_ARN");
  EXPECT_EQ(Resolve().error().message,
            "resolving AWS credentials from web identity (environment): "
            "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set the role to assume");
}

TEST_F(CredentialsTest, ProfileAssumesRoleFromSourceProfile) {
  dir_.Write("config", "[profile deploy]\nrole_arn = arn:aws:iam::1:role/deploy\n"
                       "source_profile = base\nrole_session_name = bakery-ci\nexternal_id = xyz\n");
  dir_.Write("credentials", "[base]\naws_access_key_id = AKIDBASE\naws_secret_access_key = b\n");
  env_.Set("AWS_PROFILE", "deploy");
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->keys.access_key_id, "AKIDASSUMED");
  EXPECT_EQ(credentials->source, "profile \"deploy\" (assume role arn:aws:iam::1:role/deploy)");
  EXPECT_EQ(assumer_.calls, std::vector<std::string>{
      "AssumeRole arn:aws:iam::1:role/deploy from AKIDBASE session bakery-ci external xyz"});
}

TEST_F(CredentialsTest, ProfileCredentialSourceEnvironment) {
  dir_.Write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n");
  EnableEnvKeys();
  Result<Credentials> credentials = Resolve("default");  // --profile: env is not used directly
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->keys.access_key_id, "AKIDASSUMED");
  EXPECT_TRUE(assumer_.calls.at(0).find("from AKIDENV") != std::string::npos);
}

TEST_F(CredentialsTest, ProfileErrors) {
  struct Case { const char* config; const char* profile; const char* error; };
  for (Case c : {
           Case{"[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
                "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n", "a",
                "profile \"a\" is part of a source_profile cycle"},
           Case{"[profile a]\nrole_arn = arn:aws:iam::1:role/a\n", "a",
                "has role_arn but neither source_profile, credential_source nor web_identity_token_file"},
           Case{"[profile a]\nrole_arn = arn:aws:iam::1:role/a\ncredential_source = Laptop\n", "a",
                "credential_source \"Laptop\" is not one of Environment, Ec2InstanceMetadata, EcsContainer"},
           Case{"[profile a]\nsso_session = corp\n", "a",
                "profile \"a\" uses IAM Identity Center (SSO), which bakery does not read"},
           Case{"[profile a]\nregion = x\n", "zzz", "profile \"zzz\" is not defined in"}}) {
    dir_.Write("config", c.config);
    env_.Set("AWS_PROFILE", c.profile);
    Result<Credentials> credentials = Resolve();
    ASSERT_FALSE(credentials.has_value()) << c.config;
    EXPECT_NE(credentials.error().message.find(c.error), std::string::npos)
        << credentials.error().message;
  }
}

TEST_F(CredentialsTest, CredentialProcessRunsTheCommand) {
  std::string script = dir_.Write("helper.sh",
      "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKIDPROC\", "
      "\"SecretAccessKey\": \"p\", \"SessionToken\": \"t\", "
      "\"Expiration\": \"2030-01-01T00:00:00Z\"}'\n");
  std::string failing = dir_.Write("fail.sh", "#!/bin/sh\necho 'sso expired' >&2\nexit 3\n");
  std::string wrong = dir_.Write("wrong.sh", "#!/bin/sh\necho '{\"Version\": 2}'\n");
  dir_.Write("config", "[default]\ncredential_process = sh \"" + script + "\" --profile x\n"
                       "[profile failing]\ncredential_process = sh " + failing + "\n"
                       "[profile wrong]\ncredential_process = sh " + wrong + "\n");
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->keys.access_key_id, "AKIDPROC");
  EXPECT_EQ(credentials->source, "profile \"default\" (credential_process)");
  ASSERT_TRUE(credentials->expiration.has_value());
  env_.Set("AWS_PROFILE", "failing");
  EXPECT_EQ(Resolve().error().message,
            "resolving AWS credentials from shared config profile: profile \"failing\" "
            "(credential_process): the command \"sh\" failed (exit status 3): sso expired");
  env_.Set("AWS_PROFILE", "wrong");
  EXPECT_EQ(Resolve().error().message,
            "resolving AWS credentials from shared config profile: profile \"wrong\" "
            "(credential_process): the command's output is not a JSON object with \"Version\": 1");
}

TEST_F(CredentialsTest, ContainerFullUriSendsTheTokenFromItsFile) {
  EnableContainer();
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir_.Write("eks-token", "pod-token\n"));
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored");
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->keys.session_token, "token-AKIDCONTAINER");
  EXPECT_EQ(server_.requests().back().Header("Authorization"), "pod-token");
}

TEST_F(CredentialsTest, ContainerRefusesForeignHostsAndLineBreaks) {
  env_.Set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds");
  EXPECT_NE(Resolve().error().message.find("must use https or a loopback/container-agent host"),
            std::string::npos);
  EnableContainer();
  env_.Set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nX-Evil: 1");
  EXPECT_NE(Resolve().error().message.find("contains a line break"), std::string::npos);
}

TEST_F(CredentialsTest, InstanceMetadataV2UsesASessionToken) {
  EnableImds();
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(credentials->source, "EC2 instance metadata (role builder)");
  std::vector<RecordedRequest> requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].method, "PUT");
  EXPECT_EQ(requests[0].Header("x-aws-ec2-metadata-token-ttl-seconds"), "21600");
  EXPECT_EQ(requests[2].Header("x-aws-ec2-metadata-token"), "imds-token");
}

TEST_F(CredentialsTest, InstanceMetadataFallsBackToV1UnlessDisabled) {
  EnableImds();
  refuse_token_ = true;
  Result<Credentials> credentials = Resolve();
  ASSERT_TRUE(credentials.has_value()) << credentials.error().message;
  EXPECT_EQ(server_.requests().back().Header("x-aws-ec2-metadata-token"), "");
  env_.Set("AWS_EC2_METADATA_V1_DISABLED", "true");
  EXPECT_EQ(Resolve().error().message,
            "resolving AWS credentials from EC2 instance metadata: instance metadata at " +
                server_.url() + " refused a session token (HTTP 403)");
}

TEST_F(CredentialsTest, UnreachableMetadataIsQuickAndNotAnError) {
  env_.Unset("AWS_EC2_METADATA_DISABLED");
  env_.Set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9");
  Result<Credentials> credentials = Resolve();
  ASSERT_FALSE(credentials.has_value());
  EXPECT_NE(credentials.error().message.find("EC2 instance metadata: no answer from "
                                             "http://127.0.0.1:9 within 1000ms"),
            std::string::npos);
}

int resolutions = 0;
Result<ProviderAttempt> CountingProvider(const CredentialDeps& deps) {
  ++resolutions;
  return ProviderAttempt{Credentials{{"AKIDCOUNT", "s", ""}, deps.clock->Now() + std::chrono::minutes(30),
                                     "counting", ""}, ""};
}

TEST_F(CredentialsTest, CacheRefreshesFiveMinutesBeforeExpiry) {
  resolutions = 0;
  CredentialCache cache(Deps(), {{"counting", CountingProvider}});
  ASSERT_TRUE(cache.Get().has_value());
  clock_.Advance(std::chrono::minutes(24));
  ASSERT_TRUE(cache.Get().has_value());
  EXPECT_EQ(resolutions, 1);
  clock_.Advance(std::chrono::minutes(2));  // 4 minutes left: refresh
  ASSERT_TRUE(cache.Get().has_value());
  EXPECT_EQ(resolutions, 2);
  cache.Invalidate();
  ASSERT_TRUE(cache.Get().has_value());
  EXPECT_EQ(resolutions, 3);
}

TEST(Credentials, MaskedAccessKeyIdShowsOnlyTheEnds) {
  Credentials credentials{{"AKIAIOSFODNN7EXAMPLE", "secret", ""}, {}, "", ""};
  EXPECT_EQ(credentials.MaskedAccessKeyId(), "AKIA…MPLE");
}

}  // namespace
}  // namespace bakery::aws
