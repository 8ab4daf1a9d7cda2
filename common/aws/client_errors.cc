// Reading AWS error answers in all the shapes they come in.
#include <nlohmann/json.hpp>

#include "common/aws/client.h"
#include "common/base/strings.h"

namespace bakery::aws {
namespace {

std::string HtmlTitle(const std::string& body) {
  std::string lowered = ToLower(body);
  size_t start = lowered.find("<title>");
  size_t end = lowered.find("</title>");
  if (start == std::string::npos || end == std::string::npos || end < start) return "";
  return std::string(Trim(body.substr(start + 7, end - start - 7)));
}

bool LooksLikeHtml(const HttpResponse& response) {
  std::string type = ToLower(response.Header("Content-Type").value_or(""));
  std::string head = ToLower(std::string(Trim(response.body.substr(0, 64))));
  return type.find("text/html") != std::string::npos || head.starts_with("<!doctype html") ||
         head.starts_with("<html");
}

AwsErrorBody FromXml(const XmlElement& root) {
  AwsErrorBody error;
  const XmlElement* detail = nullptr;
  if (root.name == "Response") {             // EC2
    detail = root.Find("Errors/Error");
    error.request_id = root.ChildText("RequestID");
  } else if (root.name == "ErrorResponse") {  // STS and other Query services
    detail = root.Child("Error");
    error.request_id = root.ChildText("RequestId");
  } else if (root.name == "Error") {          // S3-style
    detail = &root;
    error.request_id = root.ChildText("RequestId");
  }
  if (detail) {
    error.code = detail->ChildText("Code");
    error.message = detail->ChildText("Message");
  }
  return error;
}

AwsErrorBody FromJson(const std::string& body) {
  AwsErrorBody error;
  nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_object()) return error;
  std::string type = parsed.value("__type", parsed.value("code", ""));
  // "com.amazonaws.ssm#ParameterNotFound" → "ParameterNotFound"
  if (size_t hash = type.rfind('#'); hash != std::string::npos) type = type.substr(hash + 1);
  error.code = type;
  error.message = parsed.value("message", parsed.value("Message", ""));
  return error;
}

}  // namespace

AwsErrorBody ParseErrorBody(const HttpResponse& response) {
  AwsErrorBody error;
  std::string_view body = Trim(response.body);
  if (LooksLikeHtml(response)) {
    error.message = fmt::format("the endpoint answered with an HTML page, not an AWS response "
                                "(a proxy or captive portal in between?){}",
                                HtmlTitle(response.body).empty()
                                    ? ""
                                    : fmt::format(": \"{}\"", HtmlTitle(response.body)));
  } else if (body.starts_with("<")) {
    if (Result<XmlElement> root = ParseXml(body)) error = FromXml(*root);
  } else if (body.starts_with("{")) {
    error = FromJson(response.body);
  }
  if (error.request_id.empty()) {
    error.request_id = response.Header("x-amzn-RequestId")
                           .value_or(response.Header("x-amz-request-id").value_or(""));
  }
  return error;
}

std::string EncodeQueryBody(const std::string& action, const std::string& version,
                            const QueryParams& params) {
  std::string body = "Action=" + UriEncode(action) + "&Version=" + UriEncode(version);
  for (const auto& [name, value] : params) {
    body += "&" + UriEncode(name) + "=" + UriEncode(value);
  }
  return body;
}

std::string CallStats::Summary() const {
  return fmt::format("{} calls, {} attempts ({} throttled and {} transient retries, {} clock-skew "
                     "corrections, {} credential refreshes), paced {:.1f}s, backed off {:.1f}s",
                     calls, attempts, throttled_retries, transient_retries, skew_corrections,
                     credential_refreshes, paced.count() / 1000.0, backoff.count() / 1000.0);
}

}  // namespace bakery::aws
