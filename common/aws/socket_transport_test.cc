// SocketTransport against a real HTTP/1.1 server, TLS server and proxy
// (tests/http-fixture/server.py): framing, keep-alive, failures and their
// kinds, certificate checks, CONNECT tunnels and proxy credentials.
#include "common/aws/socket_transport.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "common/testing/http_fixture.h"

namespace bakery::aws {
namespace {

using testing_util::HttpFixture;
using testing_util::HttpFixtureOptions;

HttpRequest Get(const std::string& url) { return *RequestForUrl("GET", url); }

TransportResult Send(SocketTransport& http, const HttpRequest& request,
                     const TransportOptions& options = {}) {
  return http.Send(request, options);
}

nlohmann::json Echo(const TransportResult& result) {
  EXPECT_TRUE(result.response) << (result.error ? result.error->message : "");
  if (!result.response) return {};
  return nlohmann::json::parse(result.response->body);
}

// A port nothing listens on: bound, then closed.
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address));
  socklen_t length = sizeof(address);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

TEST(SocketTransport, SendsTheRequestAsGiven) {
  HttpFixture server;
  SocketTransport http;
  HttpRequest request = *RequestForUrl("POST", server.origin() + "/echo?Action=Describe&x=1");
  request.SetHeader("Content-Type", "application/x-www-form-urlencoded");
  request.SetHeader("X-Amz-Date", "20261202T000000Z");
  request.body = "Version=2016-11-15";
  nlohmann::json echo = Echo(Send(http, request));
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["target"], "/echo?Action=Describe&x=1");
  EXPECT_EQ(echo["body"], "Version=2016-11-15");
  std::vector<std::vector<std::string>> headers = echo["headers"];
  ASSERT_GE(headers.size(), 4u);
  EXPECT_EQ(headers[0], (std::vector<std::string>{"Host", request.host}));
  EXPECT_EQ(headers[1], (std::vector<std::string>{"Content-Type",
                                                  "application/x-www-form-urlencoded"}));
  EXPECT_EQ(headers[2], (std::vector<std::string>{"X-Amz-Date", "20261202T000000Z"}));
  EXPECT_EQ(headers[3], (std::vector<std::string>{"Content-Length", "18"}));
}

TEST(SocketTransport, KeepsTheConnectionForTheNextRequest) {
  HttpFixture server;
  SocketTransport http;
  EXPECT_EQ(Echo(Send(http, Get(server.origin() + "/echo")))["connection_id"], 1);
  EXPECT_EQ(Echo(Send(http, Get(server.origin() + "/echo")))["connection_id"], 1);
  // A body that ends with the connection (on connection 1) leaves nothing to reuse.
  TransportResult closed = Send(http, Get(server.origin() + "/close-delimited"));
  ASSERT_TRUE(closed.response);
  EXPECT_EQ(closed.response->body, "until the end");
  EXPECT_EQ(Echo(Send(http, Get(server.origin() + "/echo")))["connection_id"], 2);
}

TEST(SocketTransport, ReplacesAConnectionTheServerClosedWhileIdle) {
  HttpFixture server;
  SocketTransport http;
  TransportResult bye = Send(http, Get(server.origin() + "/close-after"));
  ASSERT_TRUE(bye.response);
  EXPECT_EQ(bye.response->body, "bye");
  std::this_thread::sleep_for(std::chrono::milliseconds(50));  // the close arrives
  EXPECT_EQ(Echo(Send(http, Get(server.origin() + "/echo")))["connection_id"], 2);
}

TEST(SocketTransport, ReadsEveryBodyFraming) {
  HttpFixture server;
  SocketTransport http;
  struct Case {
    std::string path;
    int status;
    std::string body;
  };
  for (const Case& c : {Case{"/chunked", 200, "hello, chunked world"},
                        Case{"/early-hints", 200, "after hints"},
                        Case{"/status/204", 204, ""},
                        Case{"/status/503", 503, "status 503"},
                        Case{"/headers-folded", 200, "ok"},
                        Case{"/nothing-here", 404, "not found"}}) {
    TransportResult result = Send(http, Get(server.origin() + c.path));
    ASSERT_TRUE(result.response) << c.path << ": " << result.error->message;
    EXPECT_EQ(result.response->status, c.status) << c.path;
    EXPECT_EQ(result.response->body, c.body) << c.path;
  }
  TransportResult large = Send(http, Get(server.origin() + "/large"));
  ASSERT_TRUE(large.response);
  ASSERT_EQ(large.response->body.size(), 3'000'000u);
  EXPECT_EQ(large.response->body.substr(2'999'990), "0123456789");
  TransportResult folded = Send(http, Get(server.origin() + "/headers-folded"));
  EXPECT_EQ(folded.response->Header("X-Long")->size(), 10'000u);
}

TEST(SocketTransport, ClassifiesFailures) {
  HttpFixture server;
  SocketTransport http;
  TransportResult refused = Send(http, Get("http://127.0.0.1:" + std::to_string(ClosedPort())));
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->failure, TransportFailure::kConnect);
  EXPECT_NE(refused.error->message.find("Connection refused"), std::string::npos);

  TransportResult unresolved = Send(http, Get("http://no-such-host.invalid/"));
  ASSERT_TRUE(unresolved.error);
  EXPECT_EQ(unresolved.error->failure, TransportFailure::kConnect);
  EXPECT_NE(unresolved.error->message.find("could not resolve host no-such-host.invalid"),
            std::string::npos);

  TransportResult reset = Send(http, Get(server.origin() + "/reset"));
  ASSERT_TRUE(reset.error);
  EXPECT_EQ(reset.error->failure, TransportFailure::kReset) << reset.error->message;

  auto started = std::chrono::steady_clock::now();
  TransportOptions quick;
  quick.total_timeout = std::chrono::milliseconds(300);
  TransportResult stalled = Send(http, Get(server.origin() + "/stall"), quick);
  ASSERT_TRUE(stalled.error);
  EXPECT_EQ(stalled.error->failure, TransportFailure::kTimeout);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(3));
}

TEST(SocketTransport, VerifiesTheServerCertificate) {
  HttpFixture server({.tls = true});
  SocketTransport http;
  TransportOptions trusted;
  trusted.ca_bundle = server.ca_file();
  EXPECT_EQ(Echo(Send(http, Get(server.origin() + "/echo"), trusted))["method"], "GET");
  // The certificate names 127.0.0.1 too: checked as an address, without SNI.
  std::string by_address = "https://127.0.0.1:" + std::to_string(server.port()) + "/chunked";
  TransportResult chunked = Send(http, Get(by_address), trusted);
  ASSERT_TRUE(chunked.response) << chunked.error->message;
  EXPECT_EQ(chunked.response->body, "hello, chunked world");

  for (const std::string& bundle : {server.other_ca_file(), std::string()}) {
    TransportOptions untrusted;
    untrusted.ca_bundle = bundle;
    TransportResult refused = Send(http, Get(server.origin() + "/echo"), untrusted);
    ASSERT_TRUE(refused.error) << "CA bundle \"" << bundle << "\"";
    EXPECT_EQ(refused.error->failure, TransportFailure::kTls);
    EXPECT_NE(refused.error->message.find("certificate verify failed"), std::string::npos)
        << refused.error->message;
  }
  TransportOptions missing;
  missing.ca_bundle = "/nonexistent/ca.pem";
  TransportResult unreadable = Send(http, Get(server.origin() + "/echo"), missing);
  ASSERT_TRUE(unreadable.error);
  EXPECT_NE(unreadable.error->message.find("/nonexistent/ca.pem (AWS_CA_BUNDLE)"),
            std::string::npos);
}

TEST(SocketTransport, TlsToAPlainHttpServerFailsTheHandshakeOnce) {
  HttpFixture plain;
  SocketTransport http;
  TransportResult result =
      Send(http, Get("https://127.0.0.1:" + std::to_string(plain.port()) + "/echo"));
  ASSERT_TRUE(result.error);
  EXPECT_EQ(result.error->failure, TransportFailure::kTls);
  const std::string& message = result.error->message;
  EXPECT_TRUE(message.starts_with("TLS handshake with 127.0.0.1: ")) << message;
  EXPECT_EQ(message.find("TLS handshake", 1), std::string::npos) << message;
}

TEST(SocketTransport, RelaysPlainHttpAndTunnelsHttpsThroughTheProxy) {
  HttpFixture origin;
  HttpFixture tls_origin({.tls = true});
  HttpFixture proxy({.proxy = true, .proxy_auth = "bakery:s3cr3t p@ss"});
  SocketTransport http;
  TransportOptions options;
  options.proxy = "http://bakery:s3cr3t%20p%40ss@127.0.0.1:" + std::to_string(proxy.port());
  options.ca_bundle = tls_origin.ca_file();
  nlohmann::json relayed = Echo(Send(http, Get(origin.origin() + "/echo"), options));
  EXPECT_EQ(relayed["target"], "/echo");
  nlohmann::json tunneled = Echo(Send(http, Get(tls_origin.origin() + "/echo"), options));
  EXPECT_EQ(tunneled["target"], "/echo");
  std::vector<std::string> seen = proxy.LoggedRequests();
  ASSERT_EQ(seen.size(), 2u);
  EXPECT_EQ(seen[0], "GET " + origin.origin() + "/echo HTTP/1.1");
  EXPECT_EQ(seen[1], "CONNECT localhost:" + std::to_string(tls_origin.port()) + " HTTP/1.1");

  options.no_proxy = "example.com, 127.0.0.1";
  Echo(Send(http, Get(origin.origin() + "/echo"), options));
  EXPECT_EQ(proxy.LoggedRequests().size(), 2u) << "NO_PROXY host went through the proxy";
}

TEST(SocketTransport, ProxyRefusalNamesTheProxyNotItsCredentials) {
  HttpFixture tls_origin({.tls = true});
  HttpFixture proxy({.proxy = true, .proxy_auth = "bakery:right"});
  SocketTransport http;
  TransportOptions options;
  options.proxy = "http://bakery:wrong-secret@127.0.0.1:" + std::to_string(proxy.port());
  options.ca_bundle = tls_origin.ca_file();
  TransportResult refused = Send(http, Get(tls_origin.origin() + "/echo"), options);
  ASSERT_TRUE(refused.error);
  EXPECT_EQ(refused.error->failure, TransportFailure::kConnect);
  EXPECT_NE(refused.error->message.find("proxy 127.0.0.1:" + std::to_string(proxy.port()) +
                                        " refused a tunnel"), std::string::npos)
      << refused.error->message;
  EXPECT_NE(refused.error->message.find("407"), std::string::npos);
  EXPECT_EQ(refused.error->message.find("wrong-secret"), std::string::npos);
}

TEST(SocketTransport, ServesManyThreadsAtOnce) {
  HttpFixture server;
  SocketTransport http;
  std::vector<std::thread> threads;
  std::atomic<int> answered = 0;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 15; ++i) {
        TransportResult result = http.Send(Get(server.origin() + "/echo"), {});
        if (result.response && result.response->status == 200) ++answered;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(answered, 90);
}

}  // namespace
}  // namespace bakery::aws
