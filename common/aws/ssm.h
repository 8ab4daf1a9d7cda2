#pragma once
// SSM (JSON 1.1 protocol): parameters for promote and retention, and Run
// Command for image tests.

#include <optional>
#include <string>
#include <vector>

#include "common/aws/client.h"

namespace bakery::aws {

struct Parameter {
  std::string name;
  std::string value;
  std::string type;
  long version = 0;
};

struct CommandInvocation {
  std::string command_id;
  std::string instance_id;
  std::string status;  // Pending | InProgress | Success | Failed | TimedOut | Cancelled …
  int response_code = -1;
  std::string stdout_text;
  std::string stderr_text;
};

struct ManagedInstance {
  std::string instance_id;
  std::string ping_status;  // Online | ConnectionLost | Inactive
};

class Ssm {
 public:
  Ssm(AwsClient& client, std::string region);

  /// nullopt when the parameter does not exist.
  Result<std::optional<Parameter>> GetParameter(const std::string& name);
  /// Creates or overwrites; returns the new version.
  Result<long> PutParameter(const std::string& name, const std::string& value,
                            const std::string& type = "String");
  Result<void> DeleteParameter(const std::string& name);
  /// Every parameter under `path`, following NextToken.
  Result<std::vector<Parameter>> GetParametersByPath(const std::string& path, bool recursive);

  /// Runs shell `commands` with AWS-RunShellScript; returns the command id.
  Result<std::string> SendCommand(const std::vector<std::string>& instance_ids,
                                  const std::vector<std::string>& commands);
  Result<CommandInvocation> GetCommandInvocation(const std::string& command_id,
                                                 const std::string& instance_id);
  Result<std::vector<ManagedInstance>> DescribeInstanceInformation(
      const std::vector<std::string>& instance_ids);

 private:
  Result<std::string> Call(const std::string& action, std::string json);
  AwsClient& client_;
  std::string region_;
};

}  // namespace bakery::aws
