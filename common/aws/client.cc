#include "common/aws/client.h"

#include <ctime>
#include <random>

#include "common/base/strings.h"

namespace bakery::aws {
namespace {

std::string ApiVersion(const std::string& service) {
  if (service == "ec2") return "2016-11-15";
  if (service == "sts") return "2011-06-15";
  return "";
}

std::optional<SystemTime> ParseHttpDate(const std::string& text) {
  std::tm tm{};
  if (!strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

// EC2 puts <requestId> first in every answer; STS has <RequestId> at the end.
std::string RequestIdOf(const HttpResponse& response) {
  if (auto header = response.Header("x-amzn-RequestId")) return *header;
  for (std::string_view tag : {"<requestId>", "<RequestId>"}) {
    size_t start = response.body.find(tag);
    if (start == std::string::npos) continue;
    start += tag.size();
    size_t end = response.body.find('<', start);
    if (end != std::string::npos) return response.body.substr(start, end - start);
  }
  return "";
}

double RealRandom() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

struct AwsClient::Attempt {
  std::optional<AwsResponse> success;
  Error error;
  FailureClass failure = FailureClass::kNone;
  std::string code;
  bool skewed = false;
  bool expired = false;
};

AwsClient::AwsClient(AwsClientDeps deps) : deps_(std::move(deps)) {
  if (!deps_.random) deps_.random = RealRandom;
}

void AwsClient::Trace(const std::string& line) const {
  if (deps_.trace) deps_.trace(line);
}

CallStats AwsClient::Stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

Result<HttpRequest> AwsClient::BuildRequest(const AwsRequest& request,
                                            const std::string& endpoint) const {
  Result<HttpRequest> http = RequestForUrl("POST", endpoint);
  if (!http) return http;
  if (request.service == "ssm") {
    http->body = request.json.empty() ? "{}" : request.json;
    http->SetHeader("Content-Type", "application/x-amz-json-1.1");
    http->SetHeader("X-Amz-Target", "AmazonSSM." + request.action);
  } else {
    http->body = EncodeQueryBody(request.action, ApiVersion(request.service), request.params);
    http->SetHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8");
  }
  return http;
}

Result<void> AwsClient::Sign(HttpRequest& http, const AwsRequest& request) {
  if (request.unsigned_request) return {};
  Result<Credentials> credentials =
      request.credentials ? Result<Credentials>(*request.credentials) : deps_.credentials->Get();
  if (!credentials) return std::unexpected(std::move(credentials.error()));
  SigningParams params;
  params.keys = credentials->keys;
  params.region = request.region;
  params.service = request.service;
  params.time = deps_.clock->Now() + std::chrono::milliseconds(skew_ms_.load());
  SignHeaders(http, params);
  return {};
}

void AwsClient::CorrectSkew(const HttpResponse& response) {
  std::optional<SystemTime> server = ParseHttpDate(response.Header("Date").value_or(""));
  if (!server) return;
  auto skew = std::chrono::duration_cast<std::chrono::milliseconds>(*server - deps_.clock->Now());
  skew_ms_ = skew.count();
  Trace(fmt::format("correcting for clock skew of {:.1f}s (server Date {})",
                    skew.count() / 1000.0, *response.Header("Date")));
}

AwsClient::Attempt AwsClient::SendOnce(const AwsRequest& request, const std::string& endpoint) {
  Attempt attempt;
  std::string call = fmt::format("{} {} in {} at {}", request.service, request.action,
                                 request.region, endpoint);
  Result<HttpRequest> http = BuildRequest(request, endpoint);
  if (!http) {
    attempt.error = std::move(http.error()).Wrap(call);
    return attempt;
  }
  if (Result<void> signed_ok = Sign(*http, request); !signed_ok) {
    attempt.error = std::move(signed_ok.error()).Wrap(call);
    return attempt;
  }
  TransportResult sent = deps_.http->Send(*http, deps_.config->transport);
  if (!sent.response) {
    attempt.failure = ClassifyFailure("", 0, sent.error->failure);
    attempt.error = Error{ErrorKind::kFailed,
                          fmt::format("{}: no response: {}", call, sent.error->message), {}, ""};
    return attempt;
  }
  const HttpResponse& response = *sent.response;
  // EC2 has been seen to answer HTTP 200 with an error document.
  bool error_document = response.body.substr(0, 200).find("<Response><Errors>") != std::string::npos;
  AwsErrorBody body = response.status < 300 && !error_document ? AwsErrorBody{}
                                                               : ParseErrorBody(response);
  if (response.status < 300 && body.code.empty()) {
    attempt.success = AwsResponse{response.status, response.body, RequestIdOf(response)};
    return attempt;
  }
  attempt.code = body.code;
  attempt.failure = ClassifyFailure(body.code, response.status, std::nullopt);
  attempt.skewed = IsClockSkewError(body.code, body.message);
  attempt.expired = IsExpiredCredentialsError(body.code);
  if (attempt.skewed) CorrectSkew(response);
  std::string what = body.code.empty() ? fmt::format("HTTP {}", response.status)
                                       : fmt::format("{}: {}", body.code, body.message);
  if (body.code.empty() && !body.message.empty()) what += ": " + body.message;
  attempt.error = Error{ErrorKind::kFailed,
                        fmt::format("{}: {} (HTTP {}, request id {})", call, what,
                                    response.status,
                                    body.request_id.empty() ? "none" : body.request_id),
                        {}, body.code};
  return attempt;
}

Result<AwsResponse> AwsClient::Send(const AwsRequest& request) {
  std::string endpoint = EndpointFor(*deps_.config, request.service, request.region);
  {
    std::lock_guard lock(stats_mutex_);
    ++stats_.calls;
  }
  bool skew_retried = false;
  bool refresh_retried = false;
  std::optional<FailureClass> retried_class;
  for (int attempt_number = 1;; ++attempt_number) {
    if (deps_.limiter && request.service == "ec2") {
      auto waited = deps_.limiter->Acquire(request.region, request.action, request.unfiltered);
      std::lock_guard lock(stats_mutex_);
      stats_.paced += waited;
    }
    Attempt attempt = SendOnce(request, endpoint);
    {
      std::lock_guard lock(stats_mutex_);
      ++stats_.attempts;
    }
    if (attempt.success) {
      quota_.Release(retried_class);
      if (deps_.limiter) deps_.limiter->OnSuccess(request.region, request.action, request.unfiltered);
      Trace(fmt::format("{} {} {} → HTTP {} (request id {}, attempt {})", request.service,
                        request.action, request.region, attempt.success->status,
                        attempt.success->request_id, attempt_number));
      return std::move(*attempt.success);
    }
    Trace(fmt::format("attempt {} failed: {}", attempt_number, attempt.error.message));
    if (attempt.skewed && !skew_retried) {
      skew_retried = true;
      std::lock_guard lock(stats_mutex_);
      ++stats_.skew_corrections;
      continue;
    }
    if (attempt.expired && !refresh_retried && !request.credentials && deps_.credentials) {
      refresh_retried = true;
      deps_.credentials->Invalidate();
      std::lock_guard lock(stats_mutex_);
      ++stats_.credential_refreshes;
      continue;
    }
    bool may_retry = attempt.failure != FailureClass::kNone &&
                     attempt_number < deps_.config->max_attempts &&
                     quota_.TryAcquire(attempt.failure);
    if (!may_retry) {
      if (attempt_number > 1) {
        attempt.error.message += fmt::format(" after {} attempts", attempt_number);
      }
      return std::unexpected(std::move(attempt.error));
    }
    if (attempt.failure == FailureClass::kThrottling && deps_.limiter) {
      deps_.limiter->OnThrottled(request.region, request.action, request.unfiltered);
    }
    retried_class = attempt.failure;
    auto delay = BackoffDelay(attempt_number - 1, attempt.failure, deps_.random());
    {
      std::lock_guard lock(stats_mutex_);
      ++(attempt.failure == FailureClass::kThrottling ? stats_.throttled_retries
                                                      : stats_.transient_retries);
      stats_.backoff += delay;
    }
    deps_.clock->SleepFor(delay);
  }
}

Result<XmlElement> AwsClient::Query(const AwsRequest& request) {
  Result<AwsResponse> response = Send(request);
  if (!response) return std::unexpected(std::move(response.error()));
  Result<XmlElement> root = ParseXml(response->body);
  if (!root) {
    return Fail(ErrorKind::kFailed, "{} {} in {}: unreadable response ({}; request id {})",
                request.service, request.action, request.region, root.error().message,
                response->request_id.empty() ? "none" : response->request_id);
  }
  return root;
}

}  // namespace bakery::aws
