// Runs every case of AWS's SigV4 test suite (tests/fixtures/sigv4/v4, from
// awslabs/aws-c-auth, Apache-2.0) through both signing forms and checks the
// canonical request, string to sign and signature separately.
#include "common/aws/sigv4.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

namespace fs = std::filesystem;

const fs::path kSuite = fs::path(BAKERY_SOURCE_DIR) / "tests/fixtures/sigv4/v4";

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

SystemTime ParseTimestamp(const std::string& text) {  // "2015-08-30T12:36:00Z"
  std::tm tm{};
  strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// request.txt: "METHOD target HTTP/1.1", header lines (a line starting with
// whitespace continues the previous value), a blank line, the body.
HttpRequest ParseRequestFile(const std::string& text) {
  HttpRequest request;
  request.scheme = "https";
  size_t body_start = text.find("\n\n");
  std::string head = text.substr(0, body_start);
  if (body_start != std::string::npos) request.body = text.substr(body_start + 2);
  std::vector<std::string> lines = Split(head, '\n');
  std::string_view first = lines[0];
  size_t space = first.find(' ');
  request.method = std::string(first.substr(0, space));
  std::string_view target = first.substr(space + 1, first.rfind(' ') - space - 1);
  size_t question = target.find('?');
  request.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) request.query = target.substr(question + 1);
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (line.empty()) continue;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      request.headers.back().value += "\n" + line;
      continue;
    }
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::string value = line.substr(colon + 1);
    if (ToLower(name) == "host") {
      request.host = value;
    } else {
      request.headers.push_back({name, value});
    }
  }
  return request;
}

struct SuiteCase {
  HttpRequest request;
  SigningParams params;
};

SuiteCase LoadCase(const fs::path& dir) {
  nlohmann::json context = nlohmann::json::parse(ReadText(dir / "context.json"));
  SuiteCase loaded;
  loaded.request = ParseRequestFile(ReadText(dir / "request.txt"));
  const auto& credentials = context["credentials"];
  loaded.params.keys = {credentials["access_key_id"], credentials["secret_access_key"],
                        credentials.value("token", "")};
  loaded.params.region = context["region"];
  loaded.params.service = context["service"];
  loaded.params.time = ParseTimestamp(context["timestamp"]);
  loaded.params.normalize_path = context.value("normalize", true);
  loaded.params.add_content_sha256 = context.value("sign_body", false);
  loaded.params.omit_session_token = context.value("omit_session_token", false);
  loaded.params.expires = std::chrono::seconds(context.value("expiration_in_seconds", 3600));
  return loaded;
}

std::vector<std::string> CaseNames() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(kSuite)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SigV4SuiteTest : public testing::TestWithParam<std::string> {};

TEST(SigV4Suite, HasAllThirtyEightCases) { EXPECT_EQ(CaseNames().size(), 38u); }

TEST_P(SigV4SuiteTest, HeaderForm) {
  fs::path dir = kSuite / GetParam();
  SuiteCase suite_case = LoadCase(dir);
  Signature signature = SignHeaders(suite_case.request, suite_case.params);
  EXPECT_EQ(signature.canonical_request, ReadText(dir / "header-canonical-request.txt"));
  EXPECT_EQ(signature.string_to_sign, ReadText(dir / "header-string-to-sign.txt"));
  EXPECT_EQ(signature.signature, ReadText(dir / "header-signature.txt"));
  std::string signed_request = ReadText(dir / "header-signed-request.txt");
  EXPECT_NE(signed_request.find("Authorization:" + *suite_case.request.Header("Authorization")),
            std::string::npos);
}

TEST_P(SigV4SuiteTest, QueryForm) {
  fs::path dir = kSuite / GetParam();
  SuiteCase suite_case = LoadCase(dir);
  suite_case.params.add_content_sha256 = false;  // a header-form option only
  Signature signature = PresignQuery(suite_case.request, suite_case.params);
  EXPECT_EQ(signature.canonical_request, ReadText(dir / "query-canonical-request.txt"));
  EXPECT_EQ(signature.string_to_sign, ReadText(dir / "query-string-to-sign.txt"));
  EXPECT_EQ(signature.signature, ReadText(dir / "query-signature.txt"));
  // The request as sent carries the same parameters as AWS's signed request.
  std::string first_line = Split(ReadText(dir / "query-signed-request.txt"), '\n')[0];
  std::string target = first_line.substr(0, first_line.rfind(' '));
  EXPECT_EQ(CanonicalQuery(suite_case.request.query),
            CanonicalQuery(target.substr(target.find('?') + 1)));
}

INSTANTIATE_TEST_SUITE_P(Aws, SigV4SuiteTest, testing::ValuesIn(CaseNames()),
                         [](const testing::TestParamInfo<std::string>& test_case) {
                           std::string name = test_case.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

TEST(SigV4, UnsignedPayloadIsSignedLiterally) {
  HttpRequest request;
  request.host = "example.amazonaws.com";
  request.body = "ignored";
  SigningParams params{.keys = {"AKID", "secret", ""}, .region = "us-east-1",
                       .service = "s3", .time = ParseTimestamp("2015-08-30T12:36:00Z")};
  params.unsigned_payload = true;
  Signature signature = SignHeaders(request, params);
  EXPECT_TRUE(signature.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
}

TEST(SigV4, CanonicalUriEncodesEachByteOnce) {
  EXPECT_EQ(CanonicalUri("/a b/%41/", false), "/a%20b/%2541/");
  EXPECT_EQ(CanonicalUri("/a/./b/../c//", true), "/a/c/");
  EXPECT_EQ(CanonicalUri("", true), "/");
}

TEST(SigV4, CanonicalQuerySortsByKeyThenValue) {
  EXPECT_EQ(CanonicalQuery("b=2&a=2&a=1&c"), "a=1&a=2&b=2&c=");
}

}  // namespace
}  // namespace bakery::aws
