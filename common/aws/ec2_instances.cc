// EC2 calls on instances, key pairs, security groups, networks and launch
// templates.
#include <charconv>

#include "common/aws/crypto.h"
#include "common/aws/ec2.h"

namespace bakery::aws {
namespace {

std::vector<Instance> InstancesOf(const XmlElement& response, const char* set = "reservationSet") {
  std::vector<Instance> instances;
  for (const XmlElement* reservation : response.Items(set)) {
    for (const XmlElement* item : reservation->Items("instancesSet")) {
      instances.push_back(ParseInstance(*item));
    }
  }
  return instances;
}

long ToLong(const std::string& text) {
  long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::string Base64Decode(std::string_view text) {
  static constexpr std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int buffer = 0;
  int bits = 0;
  for (char c : text) {
    size_t index = kAlphabet.find(c);
    if (index == std::string_view::npos) continue;  // '=', whitespace
    buffer = (buffer << 6) | static_cast<int>(index);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Instance>> Ec2::DescribeInstances(const DescribeInstancesInput& input,
                                                     const PageCallback<Instance>& on_page) {
  std::vector<Instance> instances;
  std::string token;
  do {
    QueryParams params;
    AddList(params, "InstanceId", input.instance_ids);
    AddFilters(params, input.filters);
    if (input.instance_ids.empty()) params.emplace_back("MaxResults", std::to_string(input.page_size));
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<XmlElement> response = Call("DescribeInstances", std::move(params));
    if (!response) return std::unexpected(std::move(response.error()));
    std::vector<Instance> page = InstancesOf(*response);
    if (on_page) on_page(page);
    std::move(page.begin(), page.end(), std::back_inserter(instances));
    token = response->ChildText("nextToken");
  } while (!token.empty());
  return instances;
}

Result<std::vector<InstanceStatus>> Ec2::DescribeInstanceStatus(
    const std::vector<std::string>& instance_ids) {
  QueryParams params{{"IncludeAllInstances", "true"}};
  AddList(params, "InstanceId", instance_ids);
  Result<XmlElement> response = Call("DescribeInstanceStatus", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<InstanceStatus> statuses;
  for (const XmlElement* item : response->Items("instanceStatusSet")) {
    InstanceStatus status;
    status.instance_id = item->ChildText("instanceId");
    if (const XmlElement* state = item->Child("instanceState")) status.state = state->ChildText("name");
    if (const XmlElement* system = item->Child("systemStatus")) {
      status.system_status = system->ChildText("status");
    }
    if (const XmlElement* own = item->Child("instanceStatus")) {
      status.instance_status = own->ChildText("status");
    }
    statuses.push_back(std::move(status));
  }
  return statuses;
}

Result<std::vector<Instance>> Ec2::RunInstances(const RunInstancesInput& input) {
  // The same token on a retry makes EC2 return the first call's instances
  // instead of launching a second set.
  std::string token = input.client_token.empty() ? "bakery-" + RandomHex(16) : input.client_token;
  QueryParams params{{"ImageId", input.image_id}, {"InstanceType", input.instance_type},
                     {"MinCount", "1"}, {"MaxCount", "1"}, {"ClientToken", token}};
  if (!input.key_name.empty()) params.emplace_back("KeyName", input.key_name);
  AddList(params, "SecurityGroupId", input.security_group_ids);
  if (!input.subnet_id.empty()) params.emplace_back("SubnetId", input.subnet_id);
  if (!input.user_data.empty()) params.emplace_back("UserData", input.user_data);
  if (!input.iam_instance_profile.empty()) {
    params.emplace_back("IamInstanceProfile.Name", input.iam_instance_profile);
  }
  AddTagSpecification(params, 1, "instance", input.tags);
  AddTagSpecification(params, 2, "volume", input.tags);
  Result<XmlElement> response = Call("RunInstances", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<Instance> instances;
  for (const XmlElement* item : response->Items("instancesSet")) {
    instances.push_back(ParseInstance(*item));
  }
  return instances;
}

Result<void> Ec2::StopInstances(const std::vector<std::string>& instance_ids) {
  QueryParams params;
  AddList(params, "InstanceId", instance_ids);
  Result<XmlElement> response = Call("StopInstances", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<void> Ec2::TerminateInstances(const std::vector<std::string>& instance_ids) {
  QueryParams params;
  AddList(params, "InstanceId", instance_ids);
  Result<XmlElement> response = Call("TerminateInstances", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<std::string> Ec2::GetConsoleOutput(const std::string& instance_id) {
  Result<XmlElement> response = Call("GetConsoleOutput", {{"InstanceId", instance_id}});
  if (!response) return std::unexpected(std::move(response.error()));
  return Base64Decode(response->ChildText("output"));
}

Result<KeyPair> Ec2::CreateKeyPair(const std::string& name, const Tags& tags) {
  QueryParams params{{"KeyName", name}, {"KeyType", "ed25519"}};
  AddTagSpecification(params, 1, "key-pair", tags);
  Result<XmlElement> response = Call("CreateKeyPair", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return KeyPair{response->ChildText("keyName"), response->ChildText("keyPairId"),
                 response->ChildText("keyFingerprint"), response->ChildText("keyMaterial"), tags};
}

Result<KeyPair> Ec2::ImportKeyPair(const std::string& name, const std::string& public_key) {
  Result<XmlElement> response = Call("ImportKeyPair", {{"KeyName", name},
                                                       {"PublicKeyMaterial", Base64Encode(public_key)}});
  if (!response) return std::unexpected(std::move(response.error()));
  return KeyPair{response->ChildText("keyName"), response->ChildText("keyPairId"),
                 response->ChildText("keyFingerprint"), "", {}};
}

Result<void> Ec2::DeleteKeyPair(const std::string& name) {
  Result<XmlElement> response = Call("DeleteKeyPair", {{"KeyName", name}});
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<std::vector<KeyPair>> Ec2::DescribeKeyPairs(const std::vector<Filter>& filters) {
  QueryParams params;
  AddFilters(params, filters);
  Result<XmlElement> response = Call("DescribeKeyPairs", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<KeyPair> pairs;
  for (const XmlElement* item : response->Items("keySet")) {
    pairs.push_back({item->ChildText("keyName"), item->ChildText("keyPairId"),
                     item->ChildText("keyFingerprint"), "", ParseTags(*item)});
  }
  return pairs;
}

Result<std::vector<LaunchTemplate>> Ec2::DescribeLaunchTemplates() {
  std::vector<LaunchTemplate> templates;
  std::string token;
  do {
    QueryParams params{{"MaxResults", "200"}};
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<XmlElement> response = Call("DescribeLaunchTemplates", std::move(params));
    if (!response) return std::unexpected(std::move(response.error()));
    for (const XmlElement* item : response->Items("launchTemplates")) {
      templates.push_back({item->ChildText("launchTemplateId"),
                           item->ChildText("launchTemplateName"),
                           ToLong(item->ChildText("defaultVersionNumber")),
                           ToLong(item->ChildText("latestVersionNumber"))});
    }
    token = response->ChildText("nextToken");
  } while (!token.empty());
  return templates;
}

Result<std::vector<LaunchTemplateVersion>> Ec2::DescribeLaunchTemplateVersions(
    const std::string& template_id, const std::vector<std::string>& versions) {
  std::vector<LaunchTemplateVersion> result;
  std::string token;
  do {
    QueryParams params{{"LaunchTemplateId", template_id}};
    AddList(params, "LaunchTemplateVersion", versions);
    if (versions.empty()) params.emplace_back("MaxResults", "200");
    if (!token.empty()) params.emplace_back("NextToken", token);
    Result<XmlElement> response = Call("DescribeLaunchTemplateVersions", std::move(params));
    if (!response) return std::unexpected(std::move(response.error()));
    for (const XmlElement* item : response->Items("launchTemplateVersionSet")) {
      const XmlElement* data = item->Child("launchTemplateData");
      result.push_back({item->ChildText("launchTemplateId"), item->ChildText("launchTemplateName"),
                        ToLong(item->ChildText("versionNumber")),
                        item->ChildText("defaultVersion") == "true",
                        data ? data->ChildText("imageId") : ""});
    }
    token = response->ChildText("nextToken");
  } while (!token.empty());
  return result;
}

}  // namespace bakery::aws
