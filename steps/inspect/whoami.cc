#include "steps/inspect/whoami.h"

#include <nlohmann/json.hpp>

#include "common/aws/config.h"
#include "common/base/time_format.h"
#include "common/cli/aws_access.h"
#include "common/report/text_table.h"

namespace bakery::inspect {
namespace {

using nlohmann::json;

struct WhoamiReport {
  std::string region;
  std::string region_source;
  std::vector<std::pair<std::string, std::string>> endpoints;  // service → "url (source)"
  std::string credential_source;
  std::string access_key;    // masked
  bool session_token = false;
  std::string expiration;    // "" for long-term keys
  aws::CallerIdentity identity;
};

json ToJson(const WhoamiReport& report) {
  json endpoints = json::object();
  for (const auto& [service, where] : report.endpoints) endpoints[service] = where;
  return {{"region", report.region},
          {"region_source", report.region_source},
          {"endpoints", endpoints},
          {"credentials",
           {{"source", report.credential_source},
            {"access_key_id", report.access_key},
            {"session_token", report.session_token},
            {"expiration", report.expiration.empty() ? json(nullptr) : json(report.expiration)}}},
          {"account", report.identity.account},
          {"arn", report.identity.arn},
          {"user_id", report.identity.user_id}};
}

std::string ToText(const WhoamiReport& report) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"region", fmt::format("{} (from {})", report.region, report.region_source)});
  for (const auto& [service, where] : report.endpoints) {
    rows.push_back({service + " endpoint", where});
  }
  rows.push_back({"credentials", report.credential_source});
  rows.push_back({"access key", fmt::format("{}{}{}", report.access_key,
                                            report.session_token ? ", with session token" : "",
                                            report.expiration.empty()
                                                ? ""
                                                : ", expires " + report.expiration)});
  rows.push_back({"account", report.identity.account});
  rows.push_back({"arn", report.identity.arn});
  rows.push_back({"user id", report.identity.user_id});
  return report::TextTable({}, rows);
}

}  // namespace

ExitCode RunWhoami(cli::StepContext& context) {
  auto session = cli::OpenAwsSession(context);
  if (!session) {
    context.err << "bakery-inspect: " << session.error().ToString() << "\n";
    return ExitCodeFor(session.error().kind);
  }
  WhoamiReport report;
  Result<std::string> region = (*session)->DefaultRegion();
  if (!region) {
    context.err << "bakery-inspect: " << region.error().ToString() << "\n";
    return ExitCodeFor(region.error().kind);
  }
  report.region = *region;
  report.region_source = (*session)->RegionSource();
  for (const char* service : {"ec2", "sts", "ssm"}) {
    report.endpoints.emplace_back(
        service, fmt::format("{} (from {})", aws::EndpointFor((*session)->config(), service, *region),
                             aws::EndpointSource((*session)->config(), service)));
  }
  Result<aws::Credentials> credentials = (*session)->CurrentCredentials();
  if (!credentials) {
    context.err << "bakery-inspect: " << credentials.error().ToString() << "\n";
    return ExitCodeFor(credentials.error().kind);
  }
  report.credential_source = credentials->source;
  report.access_key = credentials->MaskedAccessKeyId();
  report.session_token = !credentials->keys.session_token.empty();
  if (credentials->expiration) report.expiration = FormatIso8601(*credentials->expiration);
  Result<aws::CallerIdentity> identity = (*session)->StsIn(*region).GetCallerIdentity();
  if (!identity) {
    context.err << "bakery-inspect: " << identity.error().ToString() << "\n";
    return ExitCodeFor(identity.error().kind);
  }
  report.identity = *identity;
  if (context.common.output == cli::OutputFormat::kJson) {
    context.out << ToJson(report).dump(2) << "\n";
  } else {
    context.out << ToText(report);
  }
  context.ci.SetOutput("aws-account-id", identity->account);
  cli::ReportAwsStats(context, **session);
  return ExitCode::kOk;
}

}  // namespace bakery::inspect
