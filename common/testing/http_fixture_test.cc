// Proves the HTTP fixture works using nothing but POSIX sockets and the
// openssl CLI, so HTTP client tests can trust it.

#include "common/testing/http_fixture.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace bakery::testing_util {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class RawConnection {
 public:
  explicit RawConnection(int port) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    timeval timeout{.tv_sec = 10, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~RawConnection() { close(fd_); }

  bool connected() const { return connected_; }

  void Send(const std::string& data) {
    ASSERT_EQ(send(fd_, data.data(), data.size(), MSG_NOSIGNAL), static_cast<ssize_t>(data.size()));
  }

  /// Reads one response head (or a whole response when it has a
  /// Content-Length); returns what was read, "" on EOF/timeout.
  std::string ReadResponse() {
    std::string data;
    char chunk[4096];
    while (true) {
      size_t head_end = data.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        size_t at = data.find("Content-Length: ");
        if (at == std::string::npos || at > head_end) break;
        size_t length = std::stoul(data.substr(at + 16));
        if (data.size() >= head_end + 4 + length) break;
      }
      ssize_t n = recv(fd_, chunk, sizeof(chunk), 0);
      if (n <= 0) break;
      data.append(chunk, static_cast<size_t>(n));
    }
    return data;
  }

 private:
  int fd_ = -1;
  bool connected_ = false;
};

int RunShell(const std::string& command) {
  int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(HttpFixture, PlainEchoKeepsConnectionsApart) {
  HttpFixture server;
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.origin(), "http://127.0.0.1:" + std::to_string(server.port()));
  EXPECT_EQ(server.ca_file(), "");

  RawConnection first(server.port());
  ASSERT_TRUE(first.connected());
  first.Send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  std::string answer = first.ReadResponse();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, HasSubstr("\"connection_id\": 1"));
  EXPECT_THAT(answer, HasSubstr("[[\"Host\", \"x\"]]"));

  // Keep-alive: the same connection answers again with the same id.
  first.Send("GET /echo?again=1 HTTP/1.1\r\nHost: x\r\n\r\n");
  answer = first.ReadResponse();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 200"));
  EXPECT_THAT(answer, HasSubstr("\"query\": \"again=1\""));
  EXPECT_THAT(answer, HasSubstr("\"connection_id\": 1"));

  RawConnection second(server.port());
  second.Send("GET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(second.ReadResponse(), StartsWith("HTTP/1.1 404"));

  // Ids count connections that sent a request: the fixture's readiness probe
  // (a bare connect) does not take one.
  EXPECT_THAT(server.LoggedRequests(), Contains("GET /echo HTTP/1.1"));
  EXPECT_THAT(server.LoggedRequests(), Contains("GET /nowhere HTTP/1.1"));
}

TEST(HttpFixture, ProxyDemandsCredentials) {
  HttpFixture origin;
  HttpFixture proxy({.proxy = true, .proxy_auth = "user:pass"});
  ASSERT_GT(proxy.port(), 0);

  RawConnection anonymous(proxy.port());
  anonymous.Send("GET http://127.0.0.1:1/ HTTP/1.1\r\nHost: 127.0.0.1:1\r\n\r\n");
  std::string answer = anonymous.ReadResponse();
  EXPECT_THAT(answer, StartsWith("HTTP/1.1 407"));
  EXPECT_THAT(answer, HasSubstr("Proxy-Authenticate: Basic realm=\"test\""));

  // With credentials (base64 of user:pass), CONNECT opens a tunnel to the origin.
  RawConnection tunnel(proxy.port());
  std::string authority = "127.0.0.1:" + std::to_string(origin.port());
  tunnel.Send("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority +
              "\r\nProxy-Authorization: Basic dXNlcjpwYXNz\r\n\r\n");
  EXPECT_THAT(tunnel.ReadResponse(), StartsWith("HTTP/1.1 200"));
  tunnel.Send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(tunnel.ReadResponse(), StartsWith("HTTP/1.1 200"));

  EXPECT_THAT(proxy.LoggedRequests(), Contains("CONNECT " + authority + " HTTP/1.1"));
  EXPECT_THAT(origin.LoggedRequests(), Contains("GET /echo HTTP/1.1"));
}

TEST(HttpFixture, TlsVerifiesOnlyWithItsCa) {
  HttpFixture server({.tls = true});
  ASSERT_GT(server.port(), 0);
  EXPECT_EQ(server.origin(), "https://localhost:" + std::to_string(server.port()));
  std::string connect = "/usr/bin/openssl s_client -connect 127.0.0.1:" +
                        std::to_string(server.port()) +
                        " -verify_hostname localhost -verify_return_error -CAfile ";
  EXPECT_EQ(RunShell(connect + "'" + server.ca_file() + "' </dev/null >/dev/null 2>&1"), 0);
  EXPECT_NE(RunShell(connect + "'" + server.other_ca_file() + "' </dev/null >/dev/null 2>&1"), 0);
}

}  // namespace
}  // namespace bakery::testing_util
