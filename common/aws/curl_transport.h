#pragma once
// The real HttpTransport over libcurl, loaded with the first request (not
// at process start; see the .cc). Easy handles are pooled and reused,
// so consecutive calls to one endpoint keep their connection alive (TLS
// handshakes dominate small AWS calls). Safe to use from several threads.

#include <memory>

#include "common/aws/http.h"

namespace bakery::aws {

class CurlTransport final : public HttpTransport {
 public:
  CurlTransport();
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  TransportResult Send(const HttpRequest& request, const TransportOptions& options) override;

 private:
  struct Pool;
  std::unique_ptr<Pool> pool_;
};

}  // namespace bakery::aws
