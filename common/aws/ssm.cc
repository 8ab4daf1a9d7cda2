#include "common/aws/ssm.h"

#include <nlohmann/json.hpp>

namespace bakery::aws {
namespace {

using nlohmann::json;

Result<json> ParseBody(const std::string& action, const std::string& body) {
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) {
    return Fail(ErrorKind::kFailed, "ssm {}: the response is not a JSON object ({} bytes)",
                action, body.size());
  }
  return parsed;
}

Parameter ToParameter(const json& item) {
  return Parameter{item.value("Name", ""), item.value("Value", ""), item.value("Type", ""),
                   item.value("Version", 0L)};
}

}  // namespace

Ssm::Ssm(AwsClient& client, std::string region) : client_(client), region_(std::move(region)) {}

Result<std::string> Ssm::Call(const std::string& action, std::string body) {
  AwsRequest request{.service = "ssm", .action = action, .region = region_};
  request.json = std::move(body);
  Result<AwsResponse> response = client_.Send(request);
  if (!response) return std::unexpected(std::move(response.error()));
  return std::move(response->body);
}

Result<std::optional<Parameter>> Ssm::GetParameter(const std::string& name) {
  Result<std::string> body = Call("GetParameter", json{{"Name", name}}.dump());
  if (!body) {
    if (body.error().code == "ParameterNotFound") return std::optional<Parameter>();
    return std::unexpected(std::move(body.error()));
  }
  Result<json> parsed = ParseBody("GetParameter", *body);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return std::optional<Parameter>(ToParameter(parsed->value("Parameter", json::object())));
}

Result<long> Ssm::PutParameter(const std::string& name, const std::string& value,
                               const std::string& type) {
  Result<std::string> body = Call(
      "PutParameter",
      json{{"Name", name}, {"Value", value}, {"Type", type}, {"Overwrite", true}}.dump());
  if (!body) return std::unexpected(std::move(body.error()));
  Result<json> parsed = ParseBody("PutParameter", *body);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return parsed->value("Version", 0L);
}

Result<void> Ssm::DeleteParameter(const std::string& name) {
  Result<std::string> body = Call("DeleteParameter", json{{"Name", name}}.dump());
  if (!body) return std::unexpected(std::move(body.error()));
  return {};
}

Result<std::vector<Parameter>> Ssm::GetParametersByPath(const std::string& path, bool recursive) {
  std::vector<Parameter> parameters;
  std::string token;
  do {
    json request{{"Path", path}, {"Recursive", recursive}, {"MaxResults", 10}};
    if (!token.empty()) request["NextToken"] = token;
    Result<std::string> body = Call("GetParametersByPath", request.dump());
    if (!body) return std::unexpected(std::move(body.error()));
    Result<json> parsed = ParseBody("GetParametersByPath", *body);
    if (!parsed) return std::unexpected(std::move(parsed.error()));
    for (const json& item : parsed->value("Parameters", json::array())) {
      parameters.push_back(ToParameter(item));
    }
    token = parsed->value("NextToken", "");
  } while (!token.empty());
  return parameters;
}

Result<std::string> Ssm::SendCommand(const std::vector<std::string>& instance_ids,
                                     const std::vector<std::string>& commands) {
  json request{{"InstanceIds", instance_ids},
               {"DocumentName", "AWS-RunShellScript"},
               {"Parameters", {{"commands", commands}}}};
  Result<std::string> body = Call("SendCommand", request.dump());
  if (!body) return std::unexpected(std::move(body.error()));
  Result<json> parsed = ParseBody("SendCommand", *body);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return parsed->value("Command", json::object()).value("CommandId", "");
}

Result<CommandInvocation> Ssm::GetCommandInvocation(const std::string& command_id,
                                                    const std::string& instance_id) {
  Result<std::string> body = Call(
      "GetCommandInvocation", json{{"CommandId", command_id}, {"InstanceId", instance_id}}.dump());
  if (!body) return std::unexpected(std::move(body.error()));
  Result<json> parsed = ParseBody("GetCommandInvocation", *body);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  return CommandInvocation{parsed->value("CommandId", ""), parsed->value("InstanceId", ""),
                           parsed->value("Status", ""), parsed->value("ResponseCode", -1),
                           parsed->value("StandardOutputContent", ""),
                           parsed->value("StandardErrorContent", "")};
}

Result<std::vector<ManagedInstance>> Ssm::DescribeInstanceInformation(
    const std::vector<std::string>& instance_ids) {
  json request = json::object();
  if (!instance_ids.empty()) {
    request["Filters"] = json::array({{{"Key", "InstanceIds"}, {"Values", instance_ids}}});
  }
  Result<std::string> body = Call("DescribeInstanceInformation", request.dump());
  if (!body) return std::unexpected(std::move(body.error()));
  Result<json> parsed = ParseBody("DescribeInstanceInformation", *body);
  if (!parsed) return std::unexpected(std::move(parsed.error()));
  std::vector<ManagedInstance> instances;
  for (const json& item : parsed->value("InstanceInformationList", json::array())) {
    instances.push_back({item.value("InstanceId", ""), item.value("PingStatus", "")});
  }
  return instances;
}

}  // namespace bakery::aws
