#pragma once
// TLS over a TcpStream with OpenSSL's libssl, loaded when the first https
// connection is made (see common/base/shared_library.h). The peer must
// present a certificate for the host that chains to the system's CA store,
// or only to `ca_bundle` when one is given (AWS_CA_BUNDLE); TLS 1.2 or later.

#include <memory>
#include <string>

#include "common/net/tcp_stream.h"

namespace bakery::net {

class TlsStream final : public ByteStream {
 public:
  static NetResult<std::unique_ptr<TlsStream>> Start(std::unique_ptr<TcpStream> tcp,
                                                     const std::string& host,
                                                     const std::string& ca_bundle,
                                                     Deadline deadline);
  ~TlsStream() override;
  TlsStream(const TlsStream&) = delete;
  TlsStream& operator=(const TlsStream&) = delete;

  NetResult<size_t> Read(char* data, size_t size, Deadline deadline) override;
  NetResult<void> Write(std::string_view data, Deadline deadline) override;
  bool IdleUsable() const override;

  struct Impl;

 private:
  explicit TlsStream(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace bakery::net
