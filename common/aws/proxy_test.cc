// HTTPS_PROXY and NO_PROXY as curl reads them, and host[:port] splitting.
#include "common/aws/proxy.h"

#include <gtest/gtest.h>

namespace bakery::aws {
namespace {

// --- ParseProxy --------------------------------------------------------------

struct ProxyCase {
  std::string url;
  std::string host;
  int port;
  std::string authorization;
  std::string display;
};

void PrintTo(const ProxyCase& c, std::ostream* out) { *out << c.url; }

class ProxyParseTest : public testing::TestWithParam<ProxyCase> {};

TEST_P(ProxyParseTest, HostPortAndCredentials) {
  const ProxyCase& c = GetParam();
  Result<ProxyServer> proxy = ParseProxy(c.url);
  ASSERT_TRUE(proxy) << proxy.error().message;
  EXPECT_EQ(proxy->host, c.host);
  EXPECT_EQ(proxy->port, c.port);
  EXPECT_EQ(proxy->authorization, c.authorization);
  EXPECT_EQ(proxy->Display(), c.display);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProxyParseTest,
    testing::Values(
        ProxyCase{"http://proxy.corp:3128", "proxy.corp", 3128, "", "proxy.corp:3128"},
        ProxyCase{"HTTP://Proxy.Corp:8080", "Proxy.Corp", 8080, "", "Proxy.Corp:8080"},
        ProxyCase{"proxy.corp:3128", "proxy.corp", 3128, "", "proxy.corp:3128"},
        ProxyCase{"http://proxy.corp", "proxy.corp", 1080, "", "proxy.corp:1080"},
        ProxyCase{"proxy.corp", "proxy.corp", 1080, "", "proxy.corp:1080"},
        ProxyCase{"http://proxy.corp:3128/", "proxy.corp", 3128, "", "proxy.corp:3128"},
        ProxyCase{"http://10.0.0.1:8888/", "10.0.0.1", 8888, "", "10.0.0.1:8888"},
        ProxyCase{"http://user:secret@proxy.corp:3128", "proxy.corp", 3128,
                  "Basic dXNlcjpzZWNyZXQ=", "proxy.corp:3128"},
        // "al@ice:p@ss:w/d", decoded before encoding.
        ProxyCase{"http://al%40ice:p%40ss%3Aw%2Fd@proxy.corp:3128/", "proxy.corp", 3128,
                  "Basic YWxAaWNlOnBAc3M6dy9k", "proxy.corp:3128"},
        // An unencoded '@' in the password: the last one ends the credentials.
        ProxyCase{"user:p@ss@proxy.corp", "proxy.corp", 1080, "Basic dXNlcjpwQHNz",
                  "proxy.corp:1080"},
        // An unencoded '/' in the password: still the credentials, not a path.
        ProxyCase{"http://user:pa/ss@proxy.corp:3128", "proxy.corp", 3128,
                  "Basic dXNlcjpwYS9zcw==", "proxy.corp:3128"},
        ProxyCase{"http://[::1]:3128", "::1", 3128, "", "[::1]:3128"},
        ProxyCase{"[2001:db8::7]", "2001:db8::7", 1080, "", "[2001:db8::7]:1080"},
        ProxyCase{"http://u:s3cr3tPW@[::1]:3128/", "::1", 3128, "Basic dTpzM2NyM3RQVw==",
                  "[::1]:3128"}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

struct RejectedProxyCase {
  std::string url;
  std::string message;  // a substring of the error
};

void PrintTo(const RejectedProxyCase& c, std::ostream* out) { *out << c.url; }

class ProxyRejectTest : public testing::TestWithParam<RejectedProxyCase> {};

TEST_P(ProxyRejectTest, NamesTheProblem) {
  const RejectedProxyCase& c = GetParam();
  Result<ProxyServer> proxy = ParseProxy(c.url);
  ASSERT_FALSE(proxy) << proxy->Display();
  EXPECT_EQ(proxy.error().kind, ErrorKind::kBadInput);
  EXPECT_NE(proxy.error().message.find(c.message), std::string::npos) << proxy.error().message;
  EXPECT_NE(proxy.error().message.find("HTTPS_PROXY"), std::string::npos)
      << proxy.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, ProxyRejectTest,
    testing::Values(RejectedProxyCase{"https://proxy.corp:3128", "https:// proxies are not supported"},
                    RejectedProxyCase{"HTTPS://proxy.corp", "https:// proxies are not supported"},
                    RejectedProxyCase{"socks5://proxy.corp:1080", "socks5:// proxies are not supported"},
                    RejectedProxyCase{"socks5h://u:pw@proxy.corp", "socks5h://"},
                    RejectedProxyCase{"http://proxy.corp:99999", "port must be a number"},
                    RejectedProxyCase{"http://proxy.corp:0", "port must be a number"},
                    RejectedProxyCase{"http://proxy.corp:port", "port must be a number"},
                    RejectedProxyCase{"proxy.corp:3128x", "port must be a number"},
                    RejectedProxyCase{"http://", "no host"},
                    RejectedProxyCase{"http://:3128", "no host"},
                    RejectedProxyCase{"http://user:pw@/", "no host"},
                    RejectedProxyCase{"http://[::1:3128", "'[' without ']'"}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

TEST(ProxyCredentials, NeverInMessagesOrDisplay) {
  const std::string password = "s3cr3tPW";
  for (const char* url :
       {"https://u:s3cr3tPW@proxy.corp:3128", "socks5://u:s3cr3tPW@proxy.corp",
        "http://u:s3cr3tPW@proxy.corp:99999", "http://u:s3cr3tPW@proxy.corp:x",
        "http://u:s3cr3tPW@", "http://u:s3cr3tPW@:3128", "http://u:s3cr3tPW@[::1",
        "http://u:s3cr3tPW@[::1]x", "u:s3cr3tPW@proxy.corp:65536",
        "http://u:s3cr3tPW@proxy.corp:3128", "http://u:s3cr3tPW@[::1]/",
        "http://u:s3%63r3tPW@proxy.corp:1"}) {
    SCOPED_TRACE(url);
    Result<ProxyServer> proxy = ParseProxy(url);
    std::string shown = proxy ? proxy->Display() : proxy.error().message;
    EXPECT_FALSE(shown.empty());
    EXPECT_EQ(shown.find(password), std::string::npos) << shown;
    EXPECT_EQ(shown.find("s3%63r3tPW"), std::string::npos) << shown;
    EXPECT_EQ(shown.find("dTpzM2NyM3RQVw"), std::string::npos) << shown;  // base64 of u:…
    if (proxy) {
      EXPECT_EQ(proxy->authorization, "Basic dTpzM2NyM3RQVw==");
    }
  }
}

// --- ExemptFromProxy ---------------------------------------------------------

struct ExemptCase {
  std::string host;
  std::string no_proxy;
  bool exempt;
};

void PrintTo(const ExemptCase& c, std::ostream* out) {
  *out << '"' << c.host << "\" with NO_PROXY \"" << c.no_proxy << '"';
}

class ExemptFromProxyTest : public testing::TestWithParam<ExemptCase> {};

TEST_P(ExemptFromProxyTest, CurlRules) {
  const ExemptCase& c = GetParam();
  EXPECT_EQ(ExemptFromProxy(c.host, c.no_proxy), c.exempt);
}

INSTANTIATE_TEST_SUITE_P(
    Table, ExemptFromProxyTest,
    testing::Values(
        ExemptCase{"example.com", "example.com", true},
        ExemptCase{"api.example.com", "example.com", true},
        ExemptCase{"a.b.example.com", "example.com", true},
        ExemptCase{"api.example.com", ".example.com", true},
        ExemptCase{"example.com", ".example.com", true},
        ExemptCase{"badexample.com", "example.com", false},
        ExemptCase{"badexample.com", ".example.com", false},
        ExemptCase{"example.com.evil.net", "example.com", false},
        ExemptCase{"example.com", "api.example.com", false},
        ExemptCase{"example.org", "example.com", false},
        ExemptCase{"anything.at.all", "*", true},
        ExemptCase{"anything.at.all", "other.net, * ", true},
        ExemptCase{"example.com", "  other.net ,\texample.com  ", true},
        ExemptCase{"API.Example.COM", "example.com", true},
        ExemptCase{"api.example.com", "EXAMPLE.Com", true},
        ExemptCase{"example.com", "example.com:443", true},
        ExemptCase{"api.example.com", ".example.com:8443", true},
        ExemptCase{"::1", "[::1]", true},
        ExemptCase{"::1", "[::1]:8080", true},
        ExemptCase{"::1", "::1", true},
        ExemptCase{"::2", "[::1]", false},
        ExemptCase{"2001:db8::1", "localhost,[2001:DB8::1]", true},
        ExemptCase{"10.0.0.1", "10.0.0.1", true},
        ExemptCase{"10.0.0.12", "10.0.0.1", false},
        ExemptCase{"169.254.169.254", "localhost,127.0.0.1,169.254.169.254", true},
        ExemptCase{"example.com", "", false},
        ExemptCase{"example.com", " , ,", false},
        ExemptCase{"example.com", ".", false},
        ExemptCase{"example.com", "com.", false}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

// --- SplitHostPort -----------------------------------------------------------

struct SplitCase {
  std::string authority;
  int default_port;
  std::string host;  // empty: rejected
  int port;
  std::string message;  // when rejected, a substring of the error
};

void PrintTo(const SplitCase& c, std::ostream* out) { *out << '"' << c.authority << '"'; }

class SplitHostPortTest : public testing::TestWithParam<SplitCase> {};

TEST_P(SplitHostPortTest, HostAndPort) {
  const SplitCase& c = GetParam();
  Result<HostPort> split = SplitHostPort(c.authority, c.default_port);
  if (c.host.empty()) {
    ASSERT_FALSE(split) << split->host << " " << split->port;
    EXPECT_EQ(split.error().kind, ErrorKind::kBadInput);
    EXPECT_NE(split.error().message.find(c.message), std::string::npos) << split.error().message;
    EXPECT_NE(split.error().message.find(c.authority), std::string::npos)
        << "names the input: " << split.error().message;
    return;
  }
  ASSERT_TRUE(split) << split.error().message;
  EXPECT_EQ(split->host, c.host);
  EXPECT_EQ(split->port, c.port);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SplitHostPortTest,
    testing::Values(
        SplitCase{"example.com", 443, "example.com", 443, ""},
        SplitCase{"example.com", 80, "example.com", 80, ""},
        SplitCase{"example.com:8443", 443, "example.com", 8443, ""},
        SplitCase{"localhost:1", 443, "localhost", 1, ""},
        SplitCase{"localhost:65535", 443, "localhost", 65535, ""},
        SplitCase{"127.0.0.1:9000", 80, "127.0.0.1", 9000, ""},
        SplitCase{"[::1]", 443, "::1", 443, ""},
        SplitCase{"[::1]:8080", 443, "::1", 8080, ""},
        SplitCase{"[2001:db8::1]:65535", 443, "2001:db8::1", 65535, ""},
        SplitCase{"example.com:0", 443, "", 0, "port must be a number from 1 to 65535"},
        SplitCase{"example.com:65536", 443, "", 0, "port must be a number from 1 to 65535"},
        SplitCase{"example.com:x", 443, "", 0, "port must be a number from 1 to 65535"},
        SplitCase{"example.com:80x", 443, "", 0, "port must be a number from 1 to 65535"},
        SplitCase{"example.com:-1", 443, "", 0, "port must be a number from 1 to 65535"},
        SplitCase{"example.com:99999999999", 443, "", 0, "port must be a number"},
        SplitCase{"[::1]:0", 443, "", 0, "port must be a number"},
        SplitCase{"[::1]:x", 443, "", 0, "port must be a number"},
        SplitCase{"", 443, "", 0, "no host"},
        SplitCase{":443", 443, "", 0, "no host"},
        SplitCase{"[]", 443, "", 0, "no host"},
        SplitCase{"[]:443", 443, "", 0, "no host"},
        SplitCase{"[::1", 443, "", 0, "'[' without ']'"},
        SplitCase{"[::1]8080", 443, "", 0, "expected ':port' after ']'"}),
    [](const auto& test_case) { return "case" + std::to_string(test_case.index); });

}  // namespace
}  // namespace bakery::aws
