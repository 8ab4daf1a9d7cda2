#pragma once
// The project's HTTP/1.1 test server (tests/http-fixture/server.py) as a test
// fixture: an origin server (routes /echo, /chunked, /reset, ... — see
// server.py), optionally over TLS with throwaway certificates, or a forward
// proxy (CONNECT and absolute-form), started on a free port for one test and
// killed when the test ends. Uses no HTTP client to start it.

#include <string>
#include <vector>

#include "common/testing/temp_dir.h"

namespace bakery::testing_util {

struct HttpFixtureOptions {
  bool tls = false;        // serve HTTPS with a certificate for localhost/127.0.0.1
  bool proxy = false;      // act as a forward proxy instead of an origin server
  std::string proxy_auth;  // "user:pass": demand Basic proxy credentials (407 otherwise)
};

class HttpFixture {
 public:
  explicit HttpFixture(HttpFixtureOptions options = {});  // starts it; ADD_FAILURE on failure
  ~HttpFixture();                                         // SIGKILL + waitpid
  HttpFixture(const HttpFixture&) = delete;
  HttpFixture& operator=(const HttpFixture&) = delete;

  int port() const { return port_; }
  /// "http://127.0.0.1:PORT", or "https://localhost:PORT" with tls.
  std::string origin() const;
  /// The CA that signed the server certificate (tls only, else "").
  std::string ca_file() const;
  /// An unrelated CA, for tests expecting verification to fail (tls only, else "").
  std::string other_ca_file() const;
  /// One line per request the server received: its request line.
  std::vector<std::string> LoggedRequests() const;

 private:
  bool MakeCerts();
  void Start();

  HttpFixtureOptions options_;
  TempDir dir_;
  int pid_ = -1;
  int port_ = 0;
};

}  // namespace bakery::testing_util
