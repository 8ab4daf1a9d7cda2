#pragma once
// The real HttpTransport: HTTP/1.1 over TCP, TLS by OpenSSL for https,
// through an HTTP proxy when AwsConfig resolved one (a CONNECT tunnel for
// https). Idle connections are kept per endpoint and reused, so consecutive
// calls skip the TCP and TLS handshakes; one the server has closed in the
// meantime is replaced transparently. Safe to use from several threads.
//
// Why not libcurl: Debian's libcurl brings 30 more shared libraries (LDAP,
// Kerberos, RTMP, SSH, GnuTLS…), whose loading cost every process that
// talks to AWS more CPU than the requests themselves; an AWS API needs
// none of them.

#include <memory>

#include "common/aws/http.h"

namespace bakery::aws {

class SocketTransport final : public HttpTransport {
 public:
  SocketTransport();
  ~SocketTransport() override;
  SocketTransport(const SocketTransport&) = delete;
  SocketTransport& operator=(const SocketTransport&) = delete;

  TransportResult Send(const HttpRequest& request, const TransportOptions& options) override;

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace bakery::aws
