// AwsClient over a scripted transport and a fake clock: encoding, error
// shapes, retry decisions, skew correction, credential refresh, secrecy.
#include "common/aws/client.h"

#include <gtest/gtest.h>

#include "common/testing/local_http_server.h"

namespace bakery::aws {
namespace {

using testing_util::Answer;
using testing_util::FakeTransport;

constexpr const char* kSecret = "SECRETsecretSECRETsecret0123456789abcdef";
constexpr const char* kToken = "TOKENtokenTOKENtoken";

constexpr const char* kEc2Error =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>{}</Code>"
    "<Message>{}</Message></Error></Errors><RequestID>req-1</RequestID></Response>";

std::string Ec2Error(const std::string& code, const std::string& message = "nope") {
  return fmt::format(fmt::runtime(kEc2Error), code, message);
}

class StaticCredentials final : public CredentialSource {
 public:
  Result<Credentials> Get() override {
    ++gets;
    return Credentials{{"AKIDTEST", kSecret, kToken}, {}, "test", ""};
  }
  void Invalidate() override { ++invalidations; }
  int gets = 0;
  int invalidations = 0;
};

class ClientTest : public ::testing::Test {
 protected:
  ClientTest() : clock_(SystemTime(std::chrono::seconds(1'700'000'000))) {
    config_.endpoints["ec2"] = "http://ec2.test";
    config_.endpoints["sts"] = "http://sts.test";
    config_.endpoints["ssm"] = "http://ssm.test";
  }

  AwsClient MakeClient(FakeTransport& transport) {
    return AwsClient(AwsClientDeps{&config_, &transport, &clock_, &credentials_, nullptr,
                                   [] { return 0.5; },
                                   [this](const std::string& line) { trace_ += line + "\n"; }});
  }

  static AwsRequest DescribeImages() {
    return AwsRequest{.service = "ec2", .action = "DescribeImages", .region = "eu-west-1",
                      .params = {{"Owner.1", "self"}}};
  }

  AwsConfig config_;
  FakeClock clock_;
  StaticCredentials credentials_;
  std::string trace_;
};

TEST_F(ClientTest, EncodesAndSignsQueryCalls) {
  FakeTransport transport([](const HttpRequest&) {
    return Answer(200, "<DescribeImagesResponse><requestId>r-9</requestId></DescribeImagesResponse>");
  });
  AwsClient client = MakeClient(transport);
  Result<AwsResponse> response = client.Send(DescribeImages());
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->request_id, "r-9");
  const HttpRequest& sent = transport.sent.at(0);
  EXPECT_EQ(sent.Url(), "http://ec2.test/");
  EXPECT_EQ(sent.body, "Action=DescribeImages&Version=2016-11-15&Owner.1=self");
  EXPECT_EQ(sent.Header("X-Amz-Date"), "20231114T221320Z");
  EXPECT_EQ(sent.Header("X-Amz-Security-Token"), kToken);
  EXPECT_TRUE(sent.Header("Authorization")->starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDTEST/20231114/eu-west-1/ec2/aws4_request, "
      "SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="));
}

TEST_F(ClientTest, EncodesJsonCallsForSsm) {
  FakeTransport transport([](const HttpRequest&) { return Answer(200, "{}"); });
  AwsClient client = MakeClient(transport);
  AwsRequest request{.service = "ssm", .action = "GetParameter", .region = "us-east-1"};
  request.json = R"({"Name":"/a"})";
  ASSERT_TRUE(client.Send(request).has_value());
  EXPECT_EQ(transport.sent.at(0).Header("X-Amz-Target"), "AmazonSSM.GetParameter");
  EXPECT_EQ(transport.sent.at(0).Header("Content-Type"), "application/x-amz-json-1.1");
}

TEST_F(ClientTest, ErrorsNameCallEndpointCodeMessageAndRequestId) {
  struct Case { TransportResult answer; std::string service; std::string error; std::string code; };
  std::vector<Case> cases = {
      {Answer(400, Ec2Error("InvalidAMIID.Malformed", "Invalid id: \"ami-x\"")), "ec2",
       "ec2 DescribeImages in eu-west-1 at http://ec2.test: InvalidAMIID.Malformed: Invalid id: "
       "\"ami-x\" (HTTP 400, request id req-1)", "InvalidAMIID.Malformed"},
      {Answer(200, Ec2Error("UnauthorizedOperation")), "ec2",
       "ec2 DescribeImages in eu-west-1 at http://ec2.test: UnauthorizedOperation: nope "
       "(HTTP 200, request id req-1)", "UnauthorizedOperation"},
      {Answer(403, "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
                   "<Message>not allowed</Message></Error><RequestId>sts-1</RequestId>"
                   "</ErrorResponse>"), "sts",
       "sts DescribeImages in eu-west-1 at http://sts.test: AccessDenied: not allowed "
       "(HTTP 403, request id sts-1)", "AccessDenied"},
      {Answer(400, R"({"__type":"com.amazonaws.ssm#ParameterNotFound","message":"gone"})",
              {{"x-amzn-RequestId", "ssm-1"}}), "ssm",
       "ssm DescribeImages in eu-west-1 at http://ssm.test: ParameterNotFound: gone "
       "(HTTP 400, request id ssm-1)", "ParameterNotFound"},
      {Answer(403, "<!DOCTYPE html><html><head><title>Access Denied by Corp Proxy</title>",
              {{"Content-Type", "text/html"}}), "ec2",
       "ec2 DescribeImages in eu-west-1 at http://ec2.test: HTTP 403: the endpoint answered with "
       "an HTML page, not an AWS response (a proxy or captive portal in between?): \"Access Denied "
       "by Corp Proxy\" (HTTP 403, request id none)", ""},
  };
  for (const Case& c : cases) {
    FakeTransport transport([&](const HttpRequest&) { return c.answer; });
    AwsClient client = MakeClient(transport);
    AwsRequest request = DescribeImages();
    request.service = c.service;
    Result<AwsResponse> response = client.Send(request);
    ASSERT_FALSE(response.has_value()) << c.error;
    EXPECT_EQ(response.error().message, c.error);
    EXPECT_EQ(response.error().code, c.code);
    EXPECT_EQ(transport.sent.size(), 1u) << "client errors are not retried";
  }
}

TEST_F(ClientTest, TruncatedXmlIsAnUnreadableResponse) {
  FakeTransport transport([](const HttpRequest&) {
    return Answer(200, "<DescribeImagesResponse><requestId>r-7</requestId><imagesSet><item>");
  });
  AwsClient client = MakeClient(transport);
  Result<XmlElement> response = client.Query(DescribeImages());
  ASSERT_FALSE(response.has_value());
  EXPECT_EQ(response.error().message,
            "ec2 DescribeImages in eu-west-1: unreadable response (malformed XML at line 1 column "
            "67: Start-end tags mismatch; request id r-7)");
}

TEST_F(ClientTest, RetriesTransientFailuresWithBackoff) {
  int calls = 0;
  FakeTransport transport([&](const HttpRequest&) {
    if (++calls == 1) return Answer(503, Ec2Error("Unavailable"));
    if (calls == 2) {
      TransportResult reset;
      reset.error = TransportError{TransportFailure::kReset, "Connection reset by peer"};
      return reset;
    }
    return Answer(200, "<ok/>");
  });
  AwsClient client = MakeClient(transport);
  ASSERT_TRUE(client.Send(DescribeImages()).has_value());
  CallStats stats = client.Stats();
  EXPECT_EQ(stats.attempts, 3);
  EXPECT_EQ(stats.transient_retries, 2);
  // 0.5 × 50ms × 2^0 + 0.5 × 50ms × 2^1
  EXPECT_EQ(clock_.TotalSlept(), std::chrono::milliseconds(25 + 50));
}

TEST_F(ClientTest, ThrottlingBacksOffFromOneSecondAndGivesUpAfterMaxAttempts) {
  FakeTransport transport([](const HttpRequest&) {
    return Answer(503, Ec2Error("RequestLimitExceeded", "Request limit exceeded."));
  });
  AwsClient client = MakeClient(transport);
  Result<AwsResponse> response = client.Send(DescribeImages());
  ASSERT_FALSE(response.has_value());
  EXPECT_TRUE(response.error().message.ends_with("(HTTP 503, request id req-1) after 3 attempts"));
  EXPECT_EQ(client.Stats().throttled_retries, 2);
  EXPECT_EQ(clock_.TotalSlept(), std::chrono::milliseconds(500 + 1000));
}

TEST_F(ClientTest, RetryQuotaRunsOutUnderSustainedFailure) {
  FakeTransport transport([](const HttpRequest&) { return Answer(500, Ec2Error("InternalError")); });
  AwsClient client = MakeClient(transport);
  // Each failed call spends 2 transient retries (28 tokens); 500 tokens last 17 calls.
  for (int i = 0; i < 18; ++i) (void)client.Send(DescribeImages());
  long before = client.Stats().attempts;
  (void)client.Send(DescribeImages());
  EXPECT_EQ(client.Stats().attempts - before, 1) << "no retry once the quota is empty";
}

TEST_F(ClientTest, CorrectsClockSkewFromTheDateHeaderOnce) {
  std::vector<std::string> dates;
  FakeTransport transport([&](const HttpRequest& request) {
    dates.push_back(*request.Header("X-Amz-Date"));
    if (dates.size() == 1) {
      return Answer(400, Ec2Error("RequestTimeTooSkewed", "too skewed"),
                    {{"Date", "Tue, 14 Nov 2023 23:13:20 GMT"}});
    }
    return Answer(200, "<ok/>");
  });
  AwsClient client = MakeClient(transport);
  ASSERT_TRUE(client.Send(DescribeImages()).has_value());
  EXPECT_EQ(dates, (std::vector<std::string>{"20231114T221320Z", "20231114T231320Z"}));
  EXPECT_EQ(client.Stats().skew_corrections, 1);
}

TEST_F(ClientTest, ExpiredCredentialsAreRefreshedOnce) {
  int calls = 0;
  FakeTransport transport([&](const HttpRequest&) {
    return ++calls == 1 ? Answer(400, Ec2Error("ExpiredToken")) : Answer(200, "<ok/>");
  });
  AwsClient client = MakeClient(transport);
  ASSERT_TRUE(client.Send(DescribeImages()).has_value());
  EXPECT_EQ(credentials_.invalidations, 1);
  EXPECT_EQ(credentials_.gets, 2);
}

TEST_F(ClientTest, SecretsNeverReachErrorsOrTraces) {
  std::vector<TransportResult> answers = {
      Answer(403, Ec2Error("SignatureDoesNotMatch", "bad signature")),
      Answer(500, Ec2Error("InternalError")), Answer(400, "<html>oops</html>"),
      Answer(200, "<truncated")};
  for (const TransportResult& answer : answers) {
    FakeTransport transport([&](const HttpRequest&) { return answer; });
    AwsClient client = MakeClient(transport);
    Result<XmlElement> response = client.Query(DescribeImages());
    ASSERT_FALSE(response.has_value());
    for (const std::string& text : {response.error().message, trace_}) {
      EXPECT_EQ(text.find(kSecret), std::string::npos) << text;
      EXPECT_EQ(text.find(kToken), std::string::npos) << text;
    }
  }
}

TEST(ErrorBody, ParsesEveryShape) {
  HttpResponse ec2{400, {}, Ec2Error("X", "y")};
  EXPECT_EQ(ParseErrorBody(ec2).code, "X");
  EXPECT_EQ(ParseErrorBody(ec2).request_id, "req-1");
  HttpResponse json{400, {{"x-amzn-RequestId", "j"}}, R"({"__type":"Foo","message":"m"})"};
  EXPECT_EQ(ParseErrorBody(json).code, "Foo");
  EXPECT_EQ(ParseErrorBody(json).request_id, "j");
  HttpResponse empty{502, {}, ""};
  EXPECT_EQ(ParseErrorBody(empty).code, "");
}

}  // namespace
}  // namespace bakery::aws
