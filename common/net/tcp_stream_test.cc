// TcpStream over real loopback sockets: connecting, deadlines, and telling a
// usable idle connection from one the peer has closed.
#include "common/net/tcp_stream.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>

#include <gtest/gtest.h>

namespace bakery::net {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

// A listening loopback socket; accepted connections are kept until the end.
class Listener {
 public:
  Listener() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)), 0);
    EXPECT_EQ(listen(fd_, 8), 0);
    socklen_t length = sizeof(address);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
  }
  ~Listener() {
    for (int fd : accepted_) close(fd);
    if (fd_ >= 0) close(fd_);
  }
  int port() const { return port_; }
  int Accept() { return accepted_.emplace_back(accept(fd_, nullptr, nullptr)); }
  void Close() {
    close(fd_);
    fd_ = -1;
  }

 private:
  int fd_ = -1;
  int port_ = 0;
  std::vector<int> accepted_;
};

Deadline In(int ms) { return steady_clock::now() + milliseconds(ms); }

TEST(TcpStream, CarriesBytesBothWays) {
  Listener listener;
  auto stream = TcpStream::Connect("127.0.0.1", listener.port(), In(2000));
  ASSERT_TRUE(stream) << stream.error().message;
  int peer = listener.Accept();
  ASSERT_TRUE((*stream)->Write("ping", In(1000)));
  char got[8] = {};
  ASSERT_EQ(read(peer, got, sizeof(got)), 4);
  EXPECT_EQ(std::string(got, 4), "ping");
  ASSERT_EQ(write(peer, "pong", 4), 4);
  NetResult<size_t> read_back = (*stream)->Read(got, sizeof(got), In(1000));
  ASSERT_TRUE(read_back);
  EXPECT_EQ(std::string(got, *read_back), "pong");
}

TEST(TcpStream, ReadWaitsUntilTheDeadlineThenTimesOut) {
  Listener listener;
  auto stream = TcpStream::Connect("127.0.0.1", listener.port(), In(2000));
  ASSERT_TRUE(stream);
  listener.Accept();
  auto started = steady_clock::now();
  char byte = 0;
  NetResult<size_t> read = (*stream)->Read(&byte, 1, In(150));
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().failure, NetFailure::kTimeout);
  EXPECT_EQ(read.error().message, "reading from 127.0.0.1:" + std::to_string(listener.port()) +
                                      ": timed out");
  EXPECT_GE(steady_clock::now() - started, milliseconds(140));
}

TEST(TcpStream, IdleUsableUntilThePeerCloses) {
  Listener listener;
  auto stream = TcpStream::Connect("127.0.0.1", listener.port(), In(2000));
  ASSERT_TRUE(stream);
  int peer = listener.Accept();
  EXPECT_TRUE((*stream)->IdleUsable());
  shutdown(peer, SHUT_WR);  // the peer's FIN
  for (int i = 0; i < 100 && (*stream)->IdleUsable(); ++i) usleep(1000);
  EXPECT_FALSE((*stream)->IdleUsable());
  char byte = 0;
  NetResult<size_t> read = (*stream)->Read(&byte, 1, In(1000));
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 0u);  // end of stream, not an error
}

TEST(TcpStream, ConnectFailuresSayWhy) {
  Listener listener;
  int port = listener.port();
  listener.Close();
  auto refused = TcpStream::Connect("127.0.0.1", port, In(2000));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().failure, NetFailure::kConnect);
  EXPECT_EQ(refused.error().message,
            "connecting to 127.0.0.1:" + std::to_string(port) + ": Connection refused");
  auto unresolved = TcpStream::Connect("no-such-host.invalid", 80, In(2000));
  ASSERT_FALSE(unresolved);
  EXPECT_EQ(unresolved.error().failure, NetFailure::kConnect);
  EXPECT_TRUE(unresolved.error().message.starts_with("could not resolve host no-such-host.invalid"));
  auto past = TcpStream::Connect("127.0.0.1", port, steady_clock::now() - milliseconds(1));
  ASSERT_FALSE(past);  // refused at once or out of time: either way no connection
}

TEST(TcpStream, MillisecondsUntilRoundsUpAndNeverGoesNegative) {
  EXPECT_EQ(MillisecondsUntil(steady_clock::now() - milliseconds(5)), 0);
  int left = MillisecondsUntil(steady_clock::now() + milliseconds(250));
  EXPECT_GE(left, 249);
  EXPECT_LE(left, 250);
}

}  // namespace
}  // namespace bakery::net
