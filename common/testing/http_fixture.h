#pragma once
// The project's HTTP/1.1 test server (tests/http-fixture/server.py) as a test
// fixture: an origin server (routes /echo, /chunked, /reset, ... — see
// server.py), optionally over TLS with throwaway certificates, or a forward
// proxy (CONNECT and absolute-form), started on a free port for one test and
// killed when the test ends. Uses no HTTP client to start it.

#include <memory>
#include <string>
#include <vector>

#include "common/testing/server_process.h"
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

  int port() const { return server_ ? server_->port() : 0; }
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

  HttpFixtureOptions options_;
  TempDir dir_;
  std::unique_ptr<ServerProcess> server_;  // none when its certificates could not be made
};

}  // namespace bakery::testing_util
