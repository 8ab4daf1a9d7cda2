#include "common/aws/sts.h"

#include "common/base/time_format.h"

namespace bakery::aws {
namespace {

Result<Credentials> CredentialsFromResult(const XmlElement& response, const char* result_name,
                                          const std::string& action) {
  const XmlElement* result = response.Child(result_name);
  const XmlElement* issued = result ? result->Child("Credentials") : nullptr;
  if (!issued) return Fail(ErrorKind::kFailed, "sts {}: the response holds no Credentials", action);
  Credentials credentials;
  credentials.keys = {issued->ChildText("AccessKeyId"), issued->ChildText("SecretAccessKey"),
                      issued->ChildText("SessionToken")};
  if (Result<SystemTime> expiration = ParseIso8601(issued->ChildText("Expiration"))) {
    credentials.expiration = *expiration;
  }
  if (const XmlElement* user = result->Child("AssumedRoleUser")) {
    // arn:aws:sts::123456789012:assumed-role/name/session → the account.
    std::string arn = user->ChildText("Arn");
    size_t start = arn.find("::");
    if (start != std::string::npos) credentials.account_id = arn.substr(start + 2, 12);
  }
  return credentials;
}

}  // namespace

Sts::Sts(AwsClient& client, std::string region) : client_(client), region_(std::move(region)) {}

Result<CallerIdentity> Sts::GetCallerIdentity() {
  AwsRequest request{.service = "sts", .action = "GetCallerIdentity", .region = region_};
  Result<XmlElement> response = client_.Query(request);
  if (!response) return std::unexpected(std::move(response.error()));
  const XmlElement* result = response->Child("GetCallerIdentityResult");
  if (!result) return Fail(ErrorKind::kFailed, "sts GetCallerIdentity: unexpected response");
  return CallerIdentity{result->ChildText("Account"), result->ChildText("Arn"),
                        result->ChildText("UserId")};
}

Result<Credentials> Sts::AssumeRole(const Credentials& source, const AssumeRoleRequest& input) {
  AwsRequest request{.service = "sts", .action = "AssumeRole", .region = region_};
  request.params = {{"RoleArn", input.role_arn}, {"RoleSessionName", input.session_name},
                    {"DurationSeconds", std::to_string(input.duration_seconds)}};
  if (!input.external_id.empty()) request.params.emplace_back("ExternalId", input.external_id);
  request.credentials = source;
  Result<XmlElement> response = client_.Query(request);
  if (!response) return std::unexpected(std::move(response.error()));
  return CredentialsFromResult(*response, "AssumeRoleResult", "AssumeRole");
}

Result<Credentials> Sts::AssumeRoleWithWebIdentity(const WebIdentityRequest& input) {
  AwsRequest request{.service = "sts", .action = "AssumeRoleWithWebIdentity", .region = region_};
  request.params = {{"RoleArn", input.role_arn}, {"RoleSessionName", input.session_name},
                    {"WebIdentityToken", input.token}};
  request.unsigned_request = true;
  Result<XmlElement> response = client_.Query(request);
  if (!response) return std::unexpected(std::move(response.error()));
  return CredentialsFromResult(*response, "AssumeRoleWithWebIdentityResult",
                               "AssumeRoleWithWebIdentity");
}

StsRoleAssumer::StsRoleAssumer(AwsClient& client, std::string default_region)
    : client_(client), default_region_(std::move(default_region)) {}

std::string StsRoleAssumer::RegionFor(const std::string& requested) const {
  if (!requested.empty()) return requested;
  return default_region_.empty() ? "us-east-1" : default_region_;
}

Result<Credentials> StsRoleAssumer::AssumeRole(const Credentials& source,
                                               const AssumeRoleRequest& request) {
  return Sts(client_, RegionFor(request.region)).AssumeRole(source, request);
}

Result<Credentials> StsRoleAssumer::AssumeRoleWithWebIdentity(const WebIdentityRequest& request) {
  return Sts(client_, RegionFor(request.region)).AssumeRoleWithWebIdentity(request);
}

}  // namespace bakery::aws
