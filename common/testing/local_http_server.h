#pragma once
// A real HTTP/1.1 server on 127.0.0.1 for tests of code that speaks HTTP
// (IMDS, container credentials, proxies): each request is answered by a
// handler and recorded. One connection at a time, closed after each answer.

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/aws/http.h"

namespace bakery::testing_util {

struct RecordedRequest {
  std::string method;
  std::string target;  // path?query
  std::vector<aws::HttpHeader> headers;
  std::string body;

  std::string Header(std::string_view name) const;
};

class LocalHttpServer {
 public:
  using Handler = std::function<aws::HttpResponse(const RecordedRequest&)>;

  explicit LocalHttpServer(Handler handler);
  ~LocalHttpServer();
  LocalHttpServer(const LocalHttpServer&) = delete;
  LocalHttpServer& operator=(const LocalHttpServer&) = delete;

  /// "http://127.0.0.1:PORT"
  std::string url() const;
  std::vector<RecordedRequest> requests() const;

 private:
  void Serve();
  void HandleConnection(int client);

  Handler handler_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::vector<RecordedRequest> requests_;
  std::thread thread_;
};

/// A transport whose answers a test scripts; records what was sent.
class FakeTransport final : public aws::HttpTransport {
 public:
  using Handler = std::function<aws::TransportResult(const aws::HttpRequest&)>;
  explicit FakeTransport(Handler handler) : handler_(std::move(handler)) {}
  aws::TransportResult Send(const aws::HttpRequest& request,
                            const aws::TransportOptions& options) override;
  std::vector<aws::HttpRequest> sent;

 private:
  Handler handler_;
};

/// A TransportResult holding a response.
aws::TransportResult Answer(int status, std::string body,
                            std::vector<aws::HttpHeader> headers = {});

}  // namespace bakery::testing_util
