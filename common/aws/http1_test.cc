// The HTTP/1.1 response parser on an in-memory stream that hands out its bytes
// in pieces of a chosen size (one byte, a few, or all at once), so every
// framing is read across Read() boundaries as well as from one buffer.
#include "common/aws/http1.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include <gtest/gtest.h>

namespace bakery::aws {
namespace {

using net::NetFailure;
using net::NetResult;

constexpr size_t kAll = std::numeric_limits<size_t>::max();
// Piece sizes every response case is read with.
constexpr size_t kPieces[] = {1, 7, kAll};

// Serves `data` at most `piece` bytes per Read; then 0 (the peer closed), or
// a kReset error when `reset_at_end`. Records what is written.
class ScriptedStream : public net::ByteStream {
 public:
  explicit ScriptedStream(std::string data, size_t piece = kAll, bool reset_at_end = false)
      : data_(std::move(data)), piece_(piece), reset_at_end_(reset_at_end) {}

  NetResult<size_t> Read(char* data, size_t size, net::Deadline) override {
    ++reads_;
    if (offset_ == data_.size()) {
      if (reset_at_end_) return net::NetFail(NetFailure::kReset, "connection reset by peer");
      return 0;
    }
    size_t count = std::min({size, piece_, data_.size() - offset_});
    std::memcpy(data, data_.data() + offset_, count);
    offset_ += count;
    return count;
  }
  NetResult<void> Write(std::string_view data, net::Deadline) override {
    written_ += data;
    return {};
  }
  bool IdleUsable() const override { return offset_ < data_.size(); }

  size_t offset() const { return offset_; }
  int reads() const { return reads_; }
  const std::string& written() const { return written_; }

 private:
  std::string data_;
  size_t piece_;
  bool reset_at_end_;
  size_t offset_ = 0;
  int reads_ = 0;
  std::string written_;
};

net::Deadline Later() { return std::chrono::steady_clock::now() + std::chrono::seconds(10); }

std::string PieceName(size_t piece) {
  return piece == kAll ? "all at once" : std::to_string(piece) + " byte(s) per read";
}

// --- Responses read successfully ------------------------------------------

struct ResponseCase {
  std::string name;
  std::string method;
  std::string bytes;
  int status;
  std::vector<HttpHeader> headers;  // all of them, in order
  std::string body;
  bool keep_alive;
};

void PrintTo(const ResponseCase& c, std::ostream* out) { *out << c.name; }

class Http1ResponseTest : public testing::TestWithParam<ResponseCase> {};

TEST_P(Http1ResponseTest, ReadsStatusHeadersBodyAndKeepAlive) {
  const ResponseCase& c = GetParam();
  for (size_t piece : kPieces) {
    SCOPED_TRACE(PieceName(piece));
    ScriptedStream stream(c.bytes, piece);
    ResponseReader reader(stream);
    NetResult<HttpResponse> response = reader.Read(c.method, Later());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->status, c.status);
    EXPECT_EQ(response->headers, c.headers);
    EXPECT_EQ(response->body, c.body);
    EXPECT_EQ(reader.keep_alive(), c.keep_alive);
    EXPECT_TRUE(reader.received_any());
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, Http1ResponseTest,
    testing::Values(
        ResponseCase{"ContentLength", "GET",
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n"
                     "helloEXTRA",
                     200,
                     {{"Content-Type", "text/plain"}, {"Content-Length", "5"}},
                     "hello",
                     true},
        ResponseCase{"ContentLengthZero", "POST",
                     "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 200,
                     {{"Content-Length", "0"}}, "", true},
        ResponseCase{"NoReasonPhrase", "GET", "HTTP/1.1 404\r\nContent-Length: 2\r\n\r\nno", 404,
                     {{"Content-Length", "2"}}, "no", true},
        ResponseCase{"ChunkedWithExtensionsAndTrailers", "GET",
                     "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                     "5;name=value\r\nhello\r\n"
                     "A ; a=1;b=\"2\"\r\n, world!!!\r\n"
                     "0;last\r\nX-Checksum: abc\r\nX-Other: def\r\n\r\n",
                     200,
                     {{"Transfer-Encoding", "chunked"}},
                     "hello, world!!!",
                     true},
        ResponseCase{"ChunkedWinsOverContentLength", "GET",
                     "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: gzip, Chunked"
                     "\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
                     200,
                     {{"Content-Length", "2"}, {"Transfer-Encoding", "gzip, Chunked"}},
                     "abc",
                     true},
        ResponseCase{"CloseDelimited", "GET",
                     "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\neverything\r\nuntil close",
                     200,
                     {{"Content-Type", "text/plain"}},
                     "everything\r\nuntil close",
                     false},
        ResponseCase{"NoContent204", "DELETE", "HTTP/1.1 204 No Content\r\nX-Id: 1\r\n\r\n", 204,
                     {{"X-Id", "1"}}, "", true},
        ResponseCase{"NotModified304IgnoresContentLength", "GET",
                     "HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\nContent-Length: 100\r\n\r\n",
                     304,
                     {{"ETag", "\"x\""}, {"Content-Length", "100"}},
                     "",
                     true},
        ResponseCase{"HeadHasNoBody", "HEAD",
                     "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n", 200,
                     {{"Content-Length", "1234"}}, "", true},
        ResponseCase{"InterimResponsesAreSkipped", "PUT",
                     "HTTP/1.1 100 Continue\r\n\r\n"
                     "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                     "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok",
                     201,
                     {{"Content-Length", "2"}},
                     "ok",
                     true},
        ResponseCase{"ConnectionClose", "GET",
                     "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 200,
                     {{"Connection", "close"}, {"Content-Length", "2"}}, "ok", false},
        ResponseCase{"ConnectionCloseInAListAnyCase", "GET",
                     "HTTP/1.1 200 OK\r\nconnection: Upgrade , CLOSE\r\nContent-Length: 2\r\n\r\nok",
                     200,
                     {{"connection", "Upgrade , CLOSE"}, {"Content-Length", "2"}},
                     "ok",
                     false},
        ResponseCase{"Http10ClosesByDefault", "GET",
                     "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 200,
                     {{"Content-Length", "2"}}, "ok", false},
        ResponseCase{"Http10KeepAlive", "GET",
                     "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nok",
                     200,
                     {{"Connection", "Keep-Alive"}, {"Content-Length", "2"}},
                     "ok",
                     true},
        ResponseCase{"ObsoleteFolding", "GET",
                     "HTTP/1.1 200 OK\r\nX-Folded: first\r\n   second  \r\n\tthird\r\n"
                     "Content-Length: 0\r\n\r\n",
                     200,
                     {{"X-Folded", "first second third"}, {"Content-Length", "0"}},
                     "",
                     true},
        ResponseCase{"BareLineFeeds", "GET",
                     "HTTP/1.1 200 OK\nContent-Length: 4\nX-A: b\n\nab\r\n", 200,
                     {{"Content-Length", "4"}, {"X-A", "b"}}, "ab\r\n", true},
        ResponseCase{"BareLineFeedsInChunks", "GET",
                     "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n2\nab\n0\n\n", 200,
                     {{"Transfer-Encoding", "chunked"}}, "ab", true},
        ResponseCase{"NamesAndValuesTrimmed", "GET",
                     "HTTP/1.1 200 OK\r\nContent-Length:2\r\nX-Name \t:  spaced  value \t\r\n"
                     "X-Empty:\r\n\r\nok",
                     200,
                     {{"Content-Length", "2"}, {"X-Name", "spaced  value"}, {"X-Empty", ""}},
                     "ok",
                     true},
        ResponseCase{"ConnectTunnelHasNoBody", "CONNECT",
                     "HTTP/1.1 200 Connection established\r\n\r\n", 200, {}, "", true},
        ResponseCase{"ConnectRefusalHasABody", "CONNECT",
                     "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 6\r\n\r\n"
                     "denied",
                     407,
                     {{"Content-Length", "6"}},
                     "denied",
                     true}),
    [](const auto& test_case) { return test_case.param.name; });

TEST(Http1Response, ConnectLeavesTunnelBytesUnread) {
  // The first bytes of the tunnel are not the CONNECT answer's body.
  ScriptedStream stream("HTTP/1.1 200 OK\r\n\r\n\x16\x03\x01", kAll);
  ResponseReader reader(stream);
  NetResult<HttpResponse> response = reader.Read("CONNECT", Later());
  ASSERT_TRUE(response) << response.error().message;
  EXPECT_EQ(response->body, "");
  EXPECT_TRUE(reader.keep_alive());
  EXPECT_EQ(stream.reads(), 1) << "did not wait for the connection to close";
}

TEST(Http1Response, PipelinedResponsesStayBuffered) {
  const std::string bytes =
      "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\none"
      "HTTP/1.1 200 OK\r\nContent-Length: 7\r\n\r\n"  // answers a HEAD: no body
      "HTTP/1.1 201 Created\r\nTransfer-Encoding: chunked\r\n\r\n3\r\ntwo\r\n0\r\n\r\n"
      "HTTP/1.0 200 OK\r\n\r\nthree, to the end";
  for (size_t piece : kPieces) {
    SCOPED_TRACE(PieceName(piece));
    ScriptedStream stream(bytes, piece);
    ResponseReader reader(stream);

    NetResult<HttpResponse> first = reader.Read("GET", Later());
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->body, "one");
    EXPECT_TRUE(reader.keep_alive());
    if (piece == kAll) {
      EXPECT_EQ(stream.offset(), bytes.size()) << "one read took every response";
    }

    NetResult<HttpResponse> second = reader.Read("HEAD", Later());
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->status, 200);
    EXPECT_EQ(second->headers, (std::vector<HttpHeader>{{"Content-Length", "7"}}));
    EXPECT_EQ(second->body, "");
    EXPECT_TRUE(reader.keep_alive());
    EXPECT_TRUE(reader.received_any());

    NetResult<HttpResponse> third = reader.Read("GET", Later());
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(third->status, 201);
    EXPECT_EQ(third->body, "two");
    EXPECT_TRUE(reader.keep_alive());

    NetResult<HttpResponse> fourth = reader.Read("GET", Later());
    ASSERT_TRUE(fourth) << fourth.error().message;
    EXPECT_EQ(fourth->status, 200);
    EXPECT_EQ(fourth->body, "three, to the end");
    EXPECT_FALSE(reader.keep_alive());

    NetResult<HttpResponse> none = reader.Read("GET", Later());
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().failure, NetFailure::kReset);
    EXPECT_FALSE(reader.received_any());
  }
}

TEST(Http1Response, LongBodyAcrossManyReads) {
  std::string body(200 * 1024, 'x');
  for (size_t i = 0; i < body.size(); i += 997) body[i] = static_cast<char>('a' + i % 26);
  std::string bytes =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body +
      "HTTP/1.1 204 No Content\r\n\r\n";
  for (size_t piece : {size_t{4093}, kAll}) {
    SCOPED_TRACE(PieceName(piece));
    ScriptedStream stream(bytes, piece);
    ResponseReader reader(stream);
    NetResult<HttpResponse> response = reader.Read("GET", Later());
    ASSERT_TRUE(response) << response.error().message;
    EXPECT_EQ(response->body, body);
    NetResult<HttpResponse> next = reader.Read("GET", Later());
    ASSERT_TRUE(next) << next.error().message;
    EXPECT_EQ(next->status, 204);
  }
}

// --- Responses that fail ---------------------------------------------------

struct ErrorCase {
  std::string name;
  std::string method;
  std::string bytes;
  bool reset_at_end;  // the stream fails with kReset instead of ending
  NetFailure failure;
  std::string message;  // a substring of the error's message
  bool received_any;
};

void PrintTo(const ErrorCase& c, std::ostream* out) { *out << c.name; }

class Http1ErrorTest : public testing::TestWithParam<ErrorCase> {};

TEST_P(Http1ErrorTest, FailsWithKindAndMessage) {
  const ErrorCase& c = GetParam();
  for (size_t piece : kPieces) {
    SCOPED_TRACE(PieceName(piece));
    ScriptedStream stream(c.bytes, piece, c.reset_at_end);
    ResponseReader reader(stream);
    NetResult<HttpResponse> response = reader.Read(c.method, Later());
    ASSERT_FALSE(response) << "status " << response->status << ", body \"" << response->body
                           << "\"";
    EXPECT_EQ(response.error().failure, c.failure) << response.error().message;
    EXPECT_NE(response.error().message.find(c.message), std::string::npos)
        << response.error().message;
    EXPECT_FALSE(reader.keep_alive());
    EXPECT_EQ(reader.received_any(), c.received_any);
  }
}

std::string HugeHead(size_t line_size) {
  std::string head = "HTTP/1.1 200 OK\r\n";
  std::string value(line_size, 'v');
  for (int i = 0; head.size() < 300 * 1024; ++i) {
    head += "X-Filler-" + std::to_string(i) + ": " + value + "\r\n";
  }
  return head + "Content-Length: 0\r\n\r\n";
}

INSTANTIATE_TEST_SUITE_P(
    Table, Http1ErrorTest,
    testing::Values(
        ErrorCase{"GarbageStatusLine", "GET", "SSH-2.0-OpenSSH_9.6\r\n\r\n", false,
                  NetFailure::kProtocol, "not an HTTP/1.x status line: \"SSH-2.0-OpenSSH_9.6\"",
                  true},
        ErrorCase{"Http2Preface", "GET", "HTTP/2 200\r\n\r\n", false, NetFailure::kProtocol,
                  "not an HTTP/1.x status line", true},
        ErrorCase{"StatusCodeNotANumber", "GET", "HTTP/1.1 2x0 OK\r\n\r\n", false,
                  NetFailure::kProtocol, "bad status code \"2x0\"", true},
        ErrorCase{"StatusCodeRunsOn", "GET", "HTTP/1.1 2000 OK\r\n\r\n", false,
                  NetFailure::kProtocol, "not an HTTP/1.x status line", true},
        ErrorCase{"HeaderWithoutColon", "GET", "HTTP/1.1 200 OK\r\nNo colon here\r\n\r\n", false,
                  NetFailure::kProtocol, "bad header line \"No colon here\"", true},
        ErrorCase{"BadContentLength", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 12x\r\n\r\n0123456789ab", false,
                  NetFailure::kProtocol, "bad Content-Length \"12x\"", true},
        ErrorCase{"NegativeContentLength", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", false, NetFailure::kProtocol,
                  "bad Content-Length \"-1\"", true},
        ErrorCase{"BadChunkSize", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n",
                  false, NetFailure::kProtocol, "bad chunk size \"zz\"", true},
        ErrorCase{"EmptyChunkSize", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n;ext\r\n0\r\n\r\n", false,
                  NetFailure::kProtocol, "bad chunk size", true},
        ErrorCase{"ChunkLongerThanItsSize", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
                  false, NetFailure::kProtocol, "a chunk is longer than its size", true},
        ErrorCase{"EndsMidBody", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", false, NetFailure::kReset,
                  "closed 5 bytes before the end of the body", true},
        ErrorCase{"ResetMidBody", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhello", true, NetFailure::kReset,
                  "connection reset by peer", true},
        ErrorCase{"EndsMidChunk", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabc", false,
                  NetFailure::kReset, "closed 2 bytes before the end of the body", true},
        ErrorCase{"EndsBeforeLastChunk", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", false,
                  NetFailure::kReset, "closed in the response's chunk size", true},
        ErrorCase{"EndsInTrailers", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-T: 1\r\n", false,
                  NetFailure::kReset, "closed in the response's trailer", true},
        ErrorCase{"EndsInHeaders", "GET", "HTTP/1.1 200 OK\r\nContent-Len", false,
                  NetFailure::kReset, "the connection closed in the response's headers", true},
        ErrorCase{"EndsAfterHeadersBeforeBlankLine", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n", false, NetFailure::kReset,
                  "closed in the response's headers", true},
        ErrorCase{"EndsInStatusLine", "GET", "HTTP/1.1 20", false, NetFailure::kReset,
                  "closed in the response's status line", true},
        ErrorCase{"EndsAfterInterimResponse", "GET", "HTTP/1.1 100 Continue\r\n\r\n", false,
                  NetFailure::kReset, "closed in the response's status line", true},
        ErrorCase{"CloseDelimitedEndsWithReset", "GET", "HTTP/1.1 200 OK\r\n\r\npartial", true,
                  NetFailure::kReset, "connection reset by peer", true},
        ErrorCase{"HeadersOver256KbInOneLine", "GET", HugeHead(300 * 1024), false,
                  NetFailure::kProtocol, "the response's headers is longer than 256 KB", true},
        ErrorCase{"HeadersOver256KbInManyLines", "GET", HugeHead(1000), false,
                  NetFailure::kProtocol, "the response's headers is longer than 256 KB", true},
        ErrorCase{"StatusLineOver256Kb", "GET", "HTTP/1.1 200 " + std::string(300 * 1024, 'O'),
                  false, NetFailure::kProtocol, "status line is longer than 256 KB", true},
        ErrorCase{"ContentLengthBeyondMemory", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551615\r\n\r\nhello", false,
                  NetFailure::kProtocol, "too large", true},
        ErrorCase{"ContentLengthOverflows", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 18446744073709551616\r\n\r\nhello", false,
                  NetFailure::kProtocol, "bad Content-Length", true},
        ErrorCase{"HugeContentLengthEndsEarly", "GET",
                  "HTTP/1.1 200 OK\r\nContent-Length: 1152921504606846976\r\n\r\nhello", false,
                  NetFailure::kReset, "closed 1152921504606846971 bytes before the end", true},
        ErrorCase{"HugeChunkEndsEarly", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n"
                  "fffffffffffffff\r\nhello",
                  false, NetFailure::kReset, "before the end of the body", true},
        ErrorCase{"ChunkBeyondMemory", "GET",
                  "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\na\r\n"
                  "ffffffffffffffff\r\nhello",
                  false, NetFailure::kProtocol, "too large", true},
        ErrorCase{"EmptyStream", "GET", "", false, NetFailure::kReset,
                  "the connection closed in the response's status line", false},
        ErrorCase{"EmptyStreamReset", "GET", "", true, NetFailure::kReset,
                  "connection reset by peer", false}),
    [](const auto& test_case) { return test_case.param.name; });

// --- SerializeRequest ------------------------------------------------------

struct SerializeCase {
  std::string name;
  HttpRequest request;
  RequestTarget target;
  std::vector<HttpHeader> extra;
  std::string bytes;
};

void PrintTo(const SerializeCase& c, std::ostream* out) { *out << c.name; }

HttpRequest Request(std::string method, std::string scheme, std::string host, std::string path,
                    std::string query, std::vector<HttpHeader> headers, std::string body) {
  HttpRequest request;
  request.method = std::move(method);
  request.scheme = std::move(scheme);
  request.host = std::move(host);
  request.path = std::move(path);
  request.query = std::move(query);
  request.headers = std::move(headers);
  request.body = std::move(body);
  return request;
}

class SerializeRequestTest : public testing::TestWithParam<SerializeCase> {};

TEST_P(SerializeRequestTest, ExactBytes) {
  const SerializeCase& c = GetParam();
  EXPECT_EQ(SerializeRequest(c.request, c.target, c.extra), c.bytes);
}

INSTANTIATE_TEST_SUITE_P(
    Table, SerializeRequestTest,
    testing::Values(
        SerializeCase{"GetHasNoContentLength",
                      Request("GET", "https", "ec2.us-east-1.amazonaws.com", "/",
                              "Action=DescribeRegions&Version=2016-11-15",
                              {{"X-Amz-Date", "20240102T030405Z"}, {"Accept", "*/*"}}, ""),
                      RequestTarget::kOrigin,
                      {},
                      "GET /?Action=DescribeRegions&Version=2016-11-15 HTTP/1.1\r\n"
                      "Host: ec2.us-east-1.amazonaws.com\r\n"
                      "X-Amz-Date: 20240102T030405Z\r\nAccept: */*\r\n\r\n"},
        SerializeCase{"EmptyPathIsSlash", Request("DELETE", "http", "localhost:8080", "", "", {}, ""),
                      RequestTarget::kOrigin, {},
                      "DELETE / HTTP/1.1\r\nHost: localhost:8080\r\n\r\n"},
        SerializeCase{"PostWithBody",
                      Request("POST", "https", "ssm.eu-west-1.amazonaws.com", "/", "",
                              {{"Content-Type", "application/x-amz-json-1.1"}},
                              "{\"Name\":\"x\"}"),
                      RequestTarget::kOrigin,
                      {},
                      "POST / HTTP/1.1\r\nHost: ssm.eu-west-1.amazonaws.com\r\n"
                      "Content-Type: application/x-amz-json-1.1\r\nContent-Length: 12\r\n\r\n"
                      "{\"Name\":\"x\"}"},
        SerializeCase{"PostWithEmptyBody", Request("POST", "https", "h", "/x", "", {}, ""),
                      RequestTarget::kOrigin, {},
                      "POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"},
        SerializeCase{"PutWithEmptyBody", Request("PUT", "https", "h", "/x", "", {}, ""),
                      RequestTarget::kOrigin, {},
                      "PUT /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n"},
        SerializeCase{"GetWithBodyCountsIt", Request("GET", "https", "h", "/", "", {}, "abc"),
                      RequestTarget::kOrigin, {},
                      "GET / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc"},
        SerializeCase{"AbsoluteFormWithQuery",
                      Request("GET", "http", "169.254.169.254:80", "/latest/meta-data/",
                              "a=1&b=%2F", {}, ""),
                      RequestTarget::kAbsolute,
                      {},
                      "GET http://169.254.169.254:80/latest/meta-data/?a=1&b=%2F HTTP/1.1\r\n"
                      "Host: 169.254.169.254:80\r\n\r\n"},
        SerializeCase{"ExtraHeadersComeAfterTheRequests",
                      Request("GET", "http", "example.com", "/p", "", {{"A", "1"}, {"B", "2"}}, ""),
                      RequestTarget::kAbsolute,
                      {{"Proxy-Authorization", "Basic dXNlcjpzZWNyZXQ="}},
                      "GET http://example.com/p HTTP/1.1\r\nHost: example.com\r\nA: 1\r\nB: 2\r\n"
                      "Proxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n"},
        SerializeCase{"NoDuplicateContentLength",
                      Request("POST", "https", "h", "/", "", {{"content-length", "3"}}, "abc"),
                      RequestTarget::kOrigin,
                      {},
                      "POST / HTTP/1.1\r\nHost: h\r\ncontent-length: 3\r\n\r\nabc"},
        SerializeCase{"ContentLengthInExtraIsNotRepeated",
                      Request("PUT", "https", "h", "/", "", {}, "abcd"), RequestTarget::kOrigin,
                      {{"Content-Length", "4"}},
                      "PUT / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nabcd"}),
    [](const auto& test_case) { return test_case.param.name; });

}  // namespace
}  // namespace bakery::aws
