#include "common/testing/local_http_server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fmt/format.h>

#include "common/base/strings.h"

namespace bakery::testing_util {
namespace {

std::string ReadRequestHead(int client, std::string& rest) {
  std::string data;
  char buffer[4096];
  while (data.find("\r\n\r\n") == std::string::npos) {
    ssize_t n = read(client, buffer, sizeof buffer);
    if (n <= 0) break;
    data.append(buffer, static_cast<size_t>(n));
  }
  size_t end = data.find("\r\n\r\n");
  if (end == std::string::npos) return data;
  rest = data.substr(end + 4);
  return data.substr(0, end);
}

RecordedRequest ParseHead(const std::string& head) {
  RecordedRequest request;
  std::vector<std::string> lines = Split(head, '\n');
  std::vector<std::string> first = Split(std::string(Trim(lines[0])), ' ');
  if (first.size() >= 2) {
    request.method = first[0];
    request.target = first[1];
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    size_t colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    request.headers.push_back({std::string(Trim(lines[i].substr(0, colon))),
                               std::string(Trim(lines[i].substr(colon + 1)))});
  }
  return request;
}

}  // namespace

std::string RecordedRequest::Header(std::string_view name) const {
  for (const auto& header : headers) {
    if (ToLower(header.name) == ToLower(name)) return header.value;
  }
  return "";
}

LocalHttpServer::LocalHttpServer(Handler handler) : handler_(std::move(handler)) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
  listen(listener_, 16);
  socklen_t length = sizeof address;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
  port_ = ntohs(address.sin_port);
  thread_ = std::thread([this] { Serve(); });
}

LocalHttpServer::~LocalHttpServer() {
  stopping_ = true;
  thread_.join();
  close(listener_);
}

std::string LocalHttpServer::url() const { return fmt::format("http://127.0.0.1:{}", port_); }

std::vector<RecordedRequest> LocalHttpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void LocalHttpServer::Serve() {
  while (!stopping_) {
    pollfd poll_fd{listener_, POLLIN, 0};
    if (poll(&poll_fd, 1, 50) <= 0) continue;
    int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    HandleConnection(client);
    close(client);
  }
}

void LocalHttpServer::HandleConnection(int client) {
  std::string body;
  RecordedRequest request = ParseHead(ReadRequestHead(client, body));
  size_t length = 0;
  if (std::string header = request.Header("Content-Length"); !header.empty()) {
    length = std::stoul(header);
  }
  char buffer[4096];
  while (body.size() < length) {
    ssize_t n = read(client, buffer, sizeof buffer);
    if (n <= 0) break;
    body.append(buffer, static_cast<size_t>(n));
  }
  request.body = body;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  aws::HttpResponse response = handler_(request);
  std::string out = fmt::format("HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
                                response.status, response.body.size());
  for (const auto& header : response.headers) out += header.name + ": " + header.value + "\r\n";
  out += "\r\n" + response.body;
  for (size_t sent = 0; sent < out.size();) {
    ssize_t n = write(client, out.data() + sent, out.size() - sent);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
}

aws::TransportResult FakeTransport::Send(const aws::HttpRequest& request,
                                         const aws::TransportOptions&) {
  sent.push_back(request);
  return handler_(request);
}

aws::TransportResult Answer(int status, std::string body, std::vector<aws::HttpHeader> headers) {
  aws::TransportResult result;
  result.response = aws::HttpResponse{status, std::move(headers), std::move(body)};
  return result;
}

}  // namespace bakery::testing_util
