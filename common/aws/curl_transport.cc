#include "common/aws/curl_transport.h"

#include <mutex>
#include <vector>

#include <curl/curl.h>

#include "common/base/shared_library.h"
#include "common/base/strings.h"

namespace bakery::aws {
namespace {

// libcurl is loaded when the first request is sent, not linked (see
// common/base/shared_library.h): a build plan loads it on the thread whose
// request overlaps reading the work tree.
#define BAKERY_CURL_FUNCTIONS(X)                                                        \
  X(global_init) X(easy_init) X(easy_cleanup) X(easy_reset) X(easy_setopt) X(easy_perform) \
  X(easy_getinfo) X(easy_strerror) X(slist_append) X(slist_free_all)

struct CurlApi {
#define BAKERY_DECLARE(name) decltype(&::curl_##name) name = nullptr;
  BAKERY_CURL_FUNCTIONS(BAKERY_DECLARE)
#undef BAKERY_DECLARE
};

Result<CurlApi> Resolve(const SharedLibrary& library) {
  CurlApi api;
#define BAKERY_RESOLVE(name)                                                       \
  if (Result<void> found = library.Resolve("curl_" #name, api.name); !found) { \
    return std::unexpected(std::move(found.error()));                              \
  }
  BAKERY_CURL_FUNCTIONS(BAKERY_RESOLVE)
#undef BAKERY_RESOLVE
  return api;
}

// Loads and initialises libcurl once per process.
const Result<CurlApi>& LoadCurl() {
  static const Result<CurlApi> api = []() -> Result<CurlApi> {
    Result<SharedLibrary> library =
        SharedLibrary::Open(BAKERY_LIBCURL_SONAME, "install libcurl4 (scripts/install-deps)");
    if (!library) return std::unexpected(std::move(library.error()));
    Result<CurlApi> resolved = Resolve(*library);
    if (resolved) resolved->global_init(CURL_GLOBAL_DEFAULT);
    return resolved;
  }();
  return api;
}

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

void Configure(const CurlApi& api, CURL* curl, const HttpRequest& request,
               const TransportOptions& options) {
  api.easy_setopt(curl, CURLOPT_URL, request.Url().c_str());
  api.easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  api.easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS,
                  static_cast<long>(options.connect_timeout.count()));
  api.easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options.total_timeout.count()));
  api.easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  if (request.method == "GET") {
    api.easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else {
    api.easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    api.easy_setopt(curl, CURLOPT_POSTFIELDSIZE, static_cast<long>(request.body.size()));
  }
  if (!options.ca_bundle.empty()) api.easy_setopt(curl, CURLOPT_CAINFO, options.ca_bundle.c_str());
  // An empty string disables curl's own reading of proxy variables, so the
  // settings resolved in AwsConfig are the only ones that apply.
  api.easy_setopt(curl, CURLOPT_PROXY, options.proxy.c_str());
  api.easy_setopt(curl, CURLOPT_NOPROXY, options.no_proxy.c_str());
}

TransportResult Failed(std::string message) {
  TransportResult result;
  result.error = TransportError{TransportFailure::kOther, std::move(message)};
  return result;
}

TransportResult Perform(const CurlApi& api, CURL* curl, const HttpRequest& request,
                        const TransportOptions& options) {
  Configure(api, curl, request, options);
  curl_slist* headers = nullptr;
  for (const HttpHeader& header : request.headers) {
    headers = api.slist_append(headers, (header.name + ": " + header.value).c_str());
  }
  headers = api.slist_append(headers, "Expect:");  // no 100-continue round trip
  api.easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  HttpResponse response;
  api.easy_setopt(curl, CURLOPT_WRITEFUNCTION, AppendBody);
  api.easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  api.easy_setopt(curl, CURLOPT_HEADERFUNCTION, AppendHeader);
  api.easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  CURLcode code = api.easy_perform(curl);
  api.slist_free_all(headers);
  TransportResult result;
  if (code == CURLE_OK) {
    long status = 0;
    api.easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
    response.status = static_cast<int>(status);
    result.response = std::move(response);
  } else {
    result.error = TransportError{Classify(code), api.easy_strerror(code)};
  }
  return result;
}

}  // namespace

struct CurlTransport::Pool {
  std::mutex mutex;
  std::vector<CURL*> idle;  // handles exist only once libcurl is loaded

  CURL* Take(const CurlApi& api) {
    std::lock_guard lock(mutex);
    if (idle.empty()) return api.easy_init();
    CURL* curl = idle.back();
    idle.pop_back();
    return curl;
  }
  void Give(const CurlApi& api, CURL* curl) {
    api.easy_reset(curl);  // keeps the connection cache, drops options
    std::lock_guard lock(mutex);
    idle.push_back(curl);
  }
};

CurlTransport::CurlTransport() : pool_(std::make_unique<Pool>()) {}

CurlTransport::~CurlTransport() {
  for (CURL* curl : pool_->idle) LoadCurl()->easy_cleanup(curl);
}

TransportResult CurlTransport::Send(const HttpRequest& request, const TransportOptions& options) {
  const Result<CurlApi>& api = LoadCurl();
  if (!api) return Failed(api.error().message);
  CURL* curl = pool_->Take(*api);
  if (curl == nullptr) return Failed("curl_easy_init failed (out of memory?)");
  TransportResult result = Perform(*api, curl, request, options);
  pool_->Give(*api, curl);
  return result;
}

}  // namespace bakery::aws
