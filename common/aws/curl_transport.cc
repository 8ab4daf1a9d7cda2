#include "common/aws/curl_transport.h"

#include <mutex>
#include <vector>

#include <curl/curl.h>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

std::once_flag global_init;

size_t AppendBody(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t AppendHeader(char* data, size_t size, size_t count, void* user) {
  auto* headers = static_cast<std::vector<HttpHeader>*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) headers->clear();  // a new response (after 100-continue)
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    headers->push_back({std::string(Trim(line.substr(0, colon))),
                        std::string(Trim(line.substr(colon + 1)))});
  }
  return size * count;
}

TransportFailure Classify(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
      return TransportFailure::kConnect;
    case CURLE_OPERATION_TIMEDOUT:
      return TransportFailure::kTimeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
      return TransportFailure::kReset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
      return TransportFailure::kTls;
    default:
      return TransportFailure::kOther;
  }
}

void Configure(CURL* curl, const HttpRequest& request, const TransportOptions& options) {
  curl_easy_setopt(curl, CURLOPT_URL, request.Url().c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  if (!options.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options.ca_bundle.c_str());
  // An empty string disables curl's own reading of proxy variables, so the
  // settings resolved in AwsConfig are the only ones that apply.
  curl_easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
  curl_easy_setopt(curl, CURLOPT_NOPROXY, options.no_proxy.c_str());
}

}  // namespace

struct CurlTransport::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;

  CURL* Take() {
    std::lock_guard lock(mutex);
    if (idle.empty()) return curl_easy_init();
    CURL* curl = idle.back();
    idle.pop_back();
    return curl;
  }
  void Give(CURL* curl) {
    curl_easy_reset(curl);  // keeps the connection cache, drops options
    std::lock_guard lock(mutex);
    idle.push_back(curl);
  }
};

CurlTransport::CurlTransport() : pool_(std::make_unique<Pool>()) {
  std::call_once(global_init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

CurlTransport::~CurlTransport() {
  for (CURL* curl : pool_->idle) curl_easy_cleanup(curl);
}

TransportResult CurlTransport::Send(const HttpRequest& request, const TransportOptions& options) {
  CURL* curl = pool_->Take();
  Configure(curl, request, options);
  curl_slist* headers = nullptr;
  for (const HttpHeader& header : request.headers) {
    headers = curl_slist_append(headers, (header.name + ": " + header.value).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  HttpResponse response;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  TransportResult result;
  if (code == CURLE_OK) {
    long status = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    result.response = std::move(response);
  } else {
    result.error = TransportError{Classify(code), curl_easy_strerror(code)};
  }
  pool_->Give(curl);
  return result;
}

}  // namespace bakery::aws
