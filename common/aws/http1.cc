#include "common/aws/http1.h"

#include <charconv>

#include <fmt/format.h>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

using net::NetFail;
using net::NetFailure;
using net::NetResult;

// Larger heads are not an AWS API answering; stop before memory runs out.
constexpr size_t kMaxHeadBytes = 256 * 1024;
constexpr size_t kReadSize = 64 * 1024;
constexpr size_t kMaxReserve = 16 * 1024 * 1024;  // a body grows past this as it arrives

bool HasToken(std::string_view list, std::string_view token) {
  for (const std::string& item : Split(list, ',')) {
    if (ToLower(Trim(item)) == token) return true;
  }
  return false;
}

bool MethodSendsBody(std::string_view method) {
  return method == "POST" || method == "PUT" || method == "PATCH";
}

NetResult<size_t> ParseSize(std::string_view text, int base, std::string_view what) {
  text = Trim(text);
  size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) {
    return NetFail(NetFailure::kProtocol, fmt::format("bad {} \"{}\" in the response", what,
                                                      text.substr(0, 40)));
  }
  return value;
}

}  // namespace

std::string SerializeRequest(const HttpRequest& request, RequestTarget target,
                             const std::vector<HttpHeader>& extra) {
  std::string bytes = request.method;
  bytes += ' ';
  if (target == RequestTarget::kAbsolute) bytes += request.scheme + "://" + request.host;
  bytes += request.path.empty() ? "/" : request.path;
  if (!request.query.empty()) bytes += "?" + request.query;
  bytes += " HTTP/1.1\r\nHost: " + request.host + "\r\n";
  bool has_length = false;
  for (const std::vector<HttpHeader>* headers : {&request.headers, &extra}) {
    for (const HttpHeader& header : *headers) {
      has_length = has_length || ToLower(header.name) == "content-length";
      bytes += header.name + ": " + header.value + "\r\n";
    }
  }
  if (!has_length && (!request.body.empty() || MethodSendsBody(request.method))) {
    bytes += fmt::format("Content-Length: {}\r\n", request.body.size());
  }
  bytes += "\r\n";
  bytes += request.body;
  return bytes;
}

NetResult<void> ResponseReader::Fill(net::Deadline deadline) {
  if (consumed_ > 0 && consumed_ * 2 >= buffer_.size()) {
    buffer_.erase(0, consumed_);
    consumed_ = 0;
  }
  size_t old_size = buffer_.size();
  buffer_.resize(old_size + kReadSize);
  NetResult<size_t> got = stream_.Read(buffer_.data() + old_size, kReadSize, deadline);
  buffer_.resize(old_size + (got ? *got : 0));
  if (!got) return std::unexpected(std::move(got.error()));
  if (*got == 0) closed_ = true;
  received_any_ = received_any_ || *got > 0;
  return {};
}

// One line without its CRLF (a bare LF is accepted, as RFC 9112 allows).
NetResult<std::string> ResponseReader::Line(net::Deadline deadline, std::string_view what) {
  while (true) {
    size_t end = buffer_.find('\n', consumed_);
    if (end != std::string::npos) {
      size_t length = end - consumed_;
      head_bytes_ += length + 1;
      if (head_bytes_ > kMaxHeadBytes) break;  // checked here too: a read may bring it all
      std::string line = buffer_.substr(consumed_, length);
      if (line.ends_with('\r')) line.pop_back();
      consumed_ = end + 1;
      return line;
    }
    if (head_bytes_ + buffer_.size() - consumed_ > kMaxHeadBytes) break;
    if (closed_) {
      return NetFail(NetFailure::kReset,
                     fmt::format("the connection closed in the response's {}", what));
    }
    if (NetResult<void> filled = Fill(deadline); !filled) {
      return std::unexpected(std::move(filled.error()));
    }
  }
  return NetFail(NetFailure::kProtocol, fmt::format("the response's {} is longer than {} KB",
                                                    what, kMaxHeadBytes / 1024));
}

NetResult<void> ResponseReader::Take(size_t size, std::string& into, net::Deadline deadline) {
  if (size > into.max_size() - into.size()) {
    return NetFail(NetFailure::kProtocol,
                   fmt::format("a length of {} bytes in the response is too large", size));
  }
  size_t wanted = into.size() + size;
  // Not all of `size` up front: the response's length is not yet a promise.
  into.reserve(into.size() + std::min(size, kMaxReserve));
  while (into.size() < wanted) {
    if (consumed_ == buffer_.size()) {
      if (closed_) {
        return NetFail(NetFailure::kReset,
                       fmt::format("the connection closed {} bytes before the end of the body",
                                   wanted - into.size()));
      }
      if (NetResult<void> filled = Fill(deadline); !filled) return filled;
      continue;
    }
    size_t part = std::min(wanted - into.size(), buffer_.size() - consumed_);
    into.append(buffer_, consumed_, part);
    consumed_ += part;
  }
  return {};
}

NetResult<void> ResponseReader::ReadHead(HttpResponse& response, int& minor_version,
                                         net::Deadline deadline) {
  head_bytes_ = 0;
  NetResult<std::string> status_line = Line(deadline, "status line");
  if (!status_line) return std::unexpected(std::move(status_line.error()));
  // "HTTP/1.1 200 OK"
  const std::string& line = *status_line;
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[8] != ' ' ||
      (line.size() > 12 && line[12] != ' ')) {
    return NetFail(NetFailure::kProtocol,
                   fmt::format("not an HTTP/1.x status line: \"{}\"", line.substr(0, 60)));
  }
  minor_version = line[7] - '0';
  NetResult<size_t> status = ParseSize(std::string_view(line).substr(9, 3), 10, "status code");
  if (!status) return std::unexpected(std::move(status.error()));
  response.status = static_cast<int>(*status);
  response.headers.clear();
  while (true) {
    NetResult<std::string> header = Line(deadline, "headers");
    if (!header) return std::unexpected(std::move(header.error()));
    if (header->empty()) return {};
    if ((header->front() == ' ' || header->front() == '\t') && !response.headers.empty()) {
      response.headers.back().value += " " + std::string(Trim(*header));  // obsolete folding
      continue;
    }
    size_t colon = header->find(':');
    if (colon == std::string::npos || colon == 0) {
      return NetFail(NetFailure::kProtocol,
                     fmt::format("bad header line \"{}\" in the response", header->substr(0, 60)));
    }
    response.headers.push_back({std::string(Trim(std::string_view(*header).substr(0, colon))),
                                std::string(Trim(std::string_view(*header).substr(colon + 1)))});
  }
}

NetResult<void> ResponseReader::ReadChunked(std::string& body, net::Deadline deadline) {
  while (true) {
    head_bytes_ = 0;
    NetResult<std::string> size_line = Line(deadline, "chunk size");
    if (!size_line) return std::unexpected(std::move(size_line.error()));
    std::string_view size_text = std::string_view(*size_line).substr(0, size_line->find(';'));
    NetResult<size_t> size = ParseSize(size_text, 16, "chunk size");
    if (!size) return std::unexpected(std::move(size.error()));
    if (*size == 0) break;
    if (NetResult<void> taken = Take(*size, body, deadline); !taken) return taken;
    NetResult<std::string> end = Line(deadline, "chunk end");
    if (!end) return std::unexpected(std::move(end.error()));
    if (!end->empty()) return NetFail(NetFailure::kProtocol, "a chunk is longer than its size");
  }
  while (true) {  // trailer fields, ignored
    NetResult<std::string> trailer = Line(deadline, "trailer");
    if (!trailer) return std::unexpected(std::move(trailer.error()));
    if (trailer->empty()) return {};
  }
}

NetResult<void> ResponseReader::ReadBody(std::string_view method, HttpResponse& response,
                                         net::Deadline deadline) {
  int status = response.status;
  if (method == "HEAD" || status == 204 || status == 304 ||
      (method == "CONNECT" && status / 100 == 2)) {
    return {};
  }
  std::optional<std::string> coding = response.Header("Transfer-Encoding");
  if (coding && HasToken(*coding, "chunked")) return ReadChunked(response.body, deadline);
  if (std::optional<std::string> length = response.Header("Content-Length")) {
    NetResult<size_t> size = ParseSize(*length, 10, "Content-Length");
    if (!size) return std::unexpected(std::move(size.error()));
    return Take(*size, response.body, deadline);
  }
  keep_alive_ = false;  // the body ends when the server closes the connection
  while (!closed_) {
    response.body.append(buffer_, consumed_);
    consumed_ = buffer_.size();
    if (NetResult<void> filled = Fill(deadline); !filled) return filled;
  }
  response.body.append(buffer_, consumed_);
  consumed_ = buffer_.size();
  return {};
}

NetResult<HttpResponse> ResponseReader::Read(std::string_view method, net::Deadline deadline) {
  received_any_ = consumed_ < buffer_.size();
  HttpResponse response;
  int minor_version = 1;
  do {  // 1xx answers are interim (101 is never asked for)
    if (NetResult<void> head = ReadHead(response, minor_version, deadline); !head) {
      return std::unexpected(std::move(head.error()));
    }
  } while (response.status / 100 == 1);
  std::optional<std::string> connection = response.Header("Connection");
  keep_alive_ = minor_version >= 1 ? !(connection && HasToken(*connection, "close"))
                                   : connection && HasToken(*connection, "keep-alive");
  if (NetResult<void> body = ReadBody(method, response, deadline); !body) {
    keep_alive_ = false;
    return std::unexpected(std::move(body.error()));
  }
  return response;
}

}  // namespace bakery::aws
