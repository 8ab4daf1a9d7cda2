// EC2 calls on security groups, VPCs, subnets and regions.
#include "common/aws/ec2.h"

namespace bakery::aws {

Result<std::string> Ec2::CreateSecurityGroup(const std::string& name,
                                             const std::string& description,
                                             const std::string& vpc_id, const Tags& tags) {
  QueryParams params{{"GroupName", name}, {"GroupDescription", description}};
  if (!vpc_id.empty()) params.emplace_back("VpcId", vpc_id);
  AddTagSpecification(params, 1, "security-group", tags);
  Result<XmlElement> response = Call("CreateSecurityGroup", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  return response->ChildText("groupId");
}

Result<void> Ec2::AuthorizeIngress(const std::string& group_id, int port,
                                   const std::string& cidr) {
  Result<XmlElement> response = Call(
      "AuthorizeSecurityGroupIngress",
      {{"GroupId", group_id}, {"IpPermissions.1.IpProtocol", "tcp"},
       {"IpPermissions.1.FromPort", std::to_string(port)},
       {"IpPermissions.1.ToPort", std::to_string(port)},
       {"IpPermissions.1.IpRanges.1.CidrIp", cidr}});
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<void> Ec2::DeleteSecurityGroup(const std::string& group_id) {
  Result<XmlElement> response = Call("DeleteSecurityGroup", {{"GroupId", group_id}});
  if (!response) return std::unexpected(std::move(response.error()));
  return {};
}

Result<std::vector<SecurityGroup>> Ec2::DescribeSecurityGroups(const std::vector<Filter>& filters) {
  QueryParams params;
  AddFilters(params, filters);
  Result<XmlElement> response = Call("DescribeSecurityGroups", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<SecurityGroup> groups;
  for (const XmlElement* item : response->Items("securityGroupInfo")) {
    groups.push_back({item->ChildText("groupId"), item->ChildText("groupName"),
                      item->ChildText("groupDescription"), item->ChildText("vpcId"),
                      ParseTags(*item)});
  }
  return groups;
}

Result<std::vector<Vpc>> Ec2::DescribeVpcs(const std::vector<Filter>& filters) {
  QueryParams params;
  AddFilters(params, filters);
  Result<XmlElement> response = Call("DescribeVpcs", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<Vpc> vpcs;
  for (const XmlElement* item : response->Items("vpcSet")) {
    vpcs.push_back({item->ChildText("vpcId"), item->ChildText("cidrBlock"),
                    item->ChildText("isDefault") == "true"});
  }
  return vpcs;
}

Result<std::vector<Subnet>> Ec2::DescribeSubnets(const std::vector<Filter>& filters) {
  QueryParams params;
  AddFilters(params, filters);
  Result<XmlElement> response = Call("DescribeSubnets", std::move(params));
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<Subnet> subnets;
  for (const XmlElement* item : response->Items("subnetSet")) {
    subnets.push_back({item->ChildText("subnetId"), item->ChildText("vpcId"),
                       item->ChildText("availabilityZone"),
                       item->ChildText("defaultForAz") == "true"});
  }
  return subnets;
}

Result<std::vector<std::string>> Ec2::DescribeRegions() {
  Result<XmlElement> response = Call("DescribeRegions");
  if (!response) return std::unexpected(std::move(response.error()));
  std::vector<std::string> regions;
  for (const XmlElement* item : response->Items("regionInfo")) {
    regions.push_back(item->ChildText("regionName"));
  }
  return regions;
}

}  // namespace bakery::aws
