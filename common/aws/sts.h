#pragma once
// STS: who am I, and the role assumptions the credential chain needs.

#include <string>

#include "common/aws/client.h"
#include "common/aws/credentials.h"

namespace bakery::aws {

struct CallerIdentity {
  std::string account;
  std::string arn;
  std::string user_id;
};

class Sts {
 public:
  Sts(AwsClient& client, std::string region);
  Result<CallerIdentity> GetCallerIdentity();
  Result<Credentials> AssumeRole(const Credentials& source, const AssumeRoleRequest& request);
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request);

 private:
  AwsClient& client_;
  std::string region_;
};

/// The RoleAssumer the credential chain uses, over an AwsClient whose own
/// credentials are never consulted (each call carries its source or is
/// unsigned). `default_region` is used when the profile names none.
class StsRoleAssumer final : public RoleAssumer {
 public:
  StsRoleAssumer(AwsClient& client, std::string default_region);
  Result<Credentials> AssumeRole(const Credentials& source,
                                 const AssumeRoleRequest& request) override;
  Result<Credentials> AssumeRoleWithWebIdentity(const WebIdentityRequest& request) override;

 private:
  std::string RegionFor(const std::string& requested) const;
  AwsClient& client_;
  std::string default_region_;
};

}  // namespace bakery::aws
