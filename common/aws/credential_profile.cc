// The providers that read configuration: web identity from the environment
// and everything a shared-config profile can say.
#include <set>

#include <nlohmann/json.hpp>

#include "common/aws/credentials.h"
#include "common/base/strings.h"

namespace bakery::aws {
namespace {

std::string DefaultSessionName(const CredentialDeps& deps) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
      deps.clock->Now().time_since_epoch());
  return fmt::format("bakery-{}", seconds.count());
}

Result<Credentials> WebIdentity(const CredentialDeps& deps, const std::string& token_file,
                                const std::string& role_arn, const std::string& session_name,
                                const std::string& region, const std::string& source) {
  if (!deps.sts) {
    return Fail(ErrorKind::kInternal, "web identity needs STS, which is not available here");
  }
  Result<std::string> token = deps.files->ReadFile(token_file);
  if (!token) {
    return Fail(ErrorKind::kFailed, "cannot read the web identity token file {}: {}", token_file,
                token.error().message);
  }
  WebIdentityRequest request{role_arn, session_name, std::string(Trim(*token)), region};
  Result<Credentials> credentials = deps.sts->AssumeRoleWithWebIdentity(request);
  if (!credentials) return credentials;
  credentials->source = source;
  return credentials;
}

// Splits a command line the way a POSIX shell would for simple quoting.
std::vector<std::string> SplitCommand(std::string_view command) {
  std::vector<std::string> words;
  std::string current;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < command.size(); ++i) {
    char c = command[i];
    if (quote) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < command.size()) current += command[++i];
      else current += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t') {
      if (in_word) words.push_back(std::move(current));
      current.clear();
      in_word = false;
    } else {
      if (c == '\\' && i + 1 < command.size()) c = command[++i];
      current += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(std::move(current));
  return words;
}

Result<Credentials> FromProcess(const CredentialDeps& deps, const Profile& profile,
                                const std::string& command) {
  std::string source = fmt::format("profile \"{}\" (credential_process)", profile.name);
  ProcessSpec spec;
  spec.argv = SplitCommand(command);
  spec.timeout = std::chrono::minutes(1);
  Result<ProcessResult> ran = deps.processes->Run(spec);
  if (!ran) return std::unexpected(std::move(ran.error()).Wrap(source));
  if (!ran->Succeeded()) {
    return Fail(ErrorKind::kFailed, "{}: the command \"{}\" failed ({}): {}", source, spec.argv[0],
                ran->Describe(), Trim(ran->err));
  }
  nlohmann::json parsed = nlohmann::json::parse(ran->out, nullptr, false);
  if (!parsed.is_object() || parsed.value("Version", 0) != 1) {
    return Fail(ErrorKind::kFailed, "{}: the command's output is not a JSON object with "
                "\"Version\": 1", source);
  }
  return CredentialsFromJson(ran->out, source);
}

Result<std::optional<Credentials>> FromProfile(const CredentialDeps& deps,
                                               const SharedConfig& config,
                                               const std::string& name,
                                               std::set<std::string>& visiting);

Result<Credentials> CredentialSource(const CredentialDeps& deps, const std::string& source) {
  ProviderFunction function = nullptr;
  if (source == "Environment") function = EnvironmentProvider;
  if (source == "Ec2InstanceMetadata") function = InstanceMetadataProvider;
  if (source == "EcsContainer") function = ContainerProvider;
  if (!function) {
    return Fail(ErrorKind::kBadInput, "credential_source \"{}\" is not one of Environment, "
                "Ec2InstanceMetadata, EcsContainer", source);
  }
  CredentialDeps without_profile = deps;
  without_profile.explicit_profile.clear();
  Result<ProviderAttempt> attempt = function(without_profile);
  if (!attempt) return std::unexpected(std::move(attempt.error()));
  if (!attempt->credentials) {
    return Fail(ErrorKind::kFailed, "credential_source {} has no credentials: {}", source,
                attempt->not_applicable);
  }
  return std::move(*attempt->credentials);
}

Result<Credentials> AssumeFromProfile(const CredentialDeps& deps, const SharedConfig& config,
                                      const Profile& profile, std::set<std::string>& visiting) {
  std::string role_arn = *profile.Get("role_arn");
  std::string session = profile.Get("role_session_name").value_or(DefaultSessionName(deps));
  std::string region = profile.Get("region").value_or("");
  std::string label = fmt::format("profile \"{}\" (assume role {})", profile.name, role_arn);
  if (auto token_file = profile.Get("web_identity_token_file")) {
    return WebIdentity(deps, *token_file, role_arn, session, region, label);
  }
  Result<Credentials> source = Fail(ErrorKind::kBadInput,
      "profile \"{}\" ({}) has role_arn but neither source_profile, credential_source nor "
      "web_identity_token_file", profile.name, profile.origin);
  if (auto source_profile = profile.Get("source_profile")) {
    Result<std::optional<Credentials>> from = FromProfile(deps, config, *source_profile, visiting);
    if (!from) return std::unexpected(std::move(from.error()));
    if (!*from) {
      return Fail(ErrorKind::kBadInput, "source_profile \"{}\" of profile \"{}\" has no "
                  "credentials", *source_profile, profile.name);
    }
    source = std::move(**from);
  } else if (auto credential_source = profile.Get("credential_source")) {
    source = CredentialSource(deps, *credential_source);
  }
  if (!source) return source;
  if (!deps.sts) return Fail(ErrorKind::kInternal, "assume role needs STS, not available here");
  AssumeRoleRequest request{role_arn, session, profile.Get("external_id").value_or(""), 3600,
                            region};
  if (auto duration = profile.Get("duration_seconds")) request.duration_seconds = std::stoi(*duration);
  Result<Credentials> assumed = deps.sts->AssumeRole(*source, request);
  if (assumed) assumed->source = label;
  return assumed;
}

Result<std::optional<Credentials>> FromProfile(const CredentialDeps& deps,
                                               const SharedConfig& config,
                                               const std::string& name,
                                               std::set<std::string>& visiting) {
  const Profile* profile = config.FindProfile(name);
  if (!profile) return std::optional<Credentials>();
  if (!visiting.insert(name).second) {
    return Fail(ErrorKind::kBadInput, "profile \"{}\" is part of a source_profile cycle", name);
  }
  bool has_keys = profile->Get("aws_access_key_id") && profile->Get("aws_secret_access_key");
  // A source profile's static keys win over its own role (botocore does the same),
  // so "role chaining" only happens when the profile has no keys.
  if (profile->Get("role_arn") && !(has_keys && visiting.size() > 1)) {
    return AssumeFromProfile(deps, config, *profile, visiting);
  }
  if (auto command = profile->Get("credential_process")) return FromProcess(deps, *profile, *command);
  if (has_keys) {
    Credentials credentials;
    credentials.keys = {*profile->Get("aws_access_key_id"), *profile->Get("aws_secret_access_key"),
                        profile->Get("aws_session_token").value_or("")};
    credentials.source = fmt::format("profile \"{}\" (static keys, {})", name, profile->origin);
    return std::optional<Credentials>(std::move(credentials));
  }
  if (profile->Get("sso_start_url") || profile->Get("sso_session")) {
    return Fail(ErrorKind::kBadInput, "profile \"{}\" uses IAM Identity Center (SSO), which bakery "
                "does not read; run `aws configure export-credentials --profile {} --format env` "
                "and export the result", name, name);
  }
  return std::optional<Credentials>();
}

}  // namespace

Result<ProviderAttempt> WebIdentityEnvProvider(const CredentialDeps& deps) {
  std::optional<std::string> token_file = deps.env->GetNonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE");
  if (!token_file) return ProviderAttempt{{}, "AWS_WEB_IDENTITY_TOKEN_FILE is not set"};
  std::optional<std::string> role_arn = deps.env->GetNonEmpty("AWS_ROLE_ARN");
  if (!role_arn) {
    return Fail(ErrorKind::kBadInput,
                "AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not; set the role to assume");
  }
  std::string session =
      deps.env->GetNonEmpty("AWS_ROLE_SESSION_NAME").value_or(DefaultSessionName(deps));
  std::string region = deps.env->GetNonEmpty("AWS_REGION")
                           .value_or(deps.env->GetNonEmpty("AWS_DEFAULT_REGION").value_or(""));
  Result<Credentials> credentials = WebIdentity(deps, *token_file, *role_arn, session, region,
                                                fmt::format("web identity ({})", *role_arn));
  if (!credentials) return std::unexpected(std::move(credentials.error()));
  return ProviderAttempt{std::move(*credentials), ""};
}

Result<ProviderAttempt> ProfileProvider(const CredentialDeps& deps) {
  Result<SharedConfig> config = LoadSharedConfig(*deps.env, *deps.files);
  if (!config) return std::unexpected(std::move(config.error()));
  std::string name = SelectedProfileName(*deps.env, deps.explicit_profile);
  std::set<std::string> visiting;
  Result<std::optional<Credentials>> found = FromProfile(deps, *config, name, visiting);
  if (!found) return std::unexpected(std::move(found.error()));
  if (*found) return ProviderAttempt{std::move(**found), ""};
  bool named = name != "default";
  if (named && !config->FindProfile(name)) {
    return Fail(ErrorKind::kBadInput, "profile \"{}\" is not defined in {} or {}", name,
                config->config_path, config->credentials_path);
  }
  return ProviderAttempt{{}, fmt::format("profile \"{}\" has no credentials in {} or {}", name,
                                         config->config_path, config->credentials_path)};
}

}  // namespace bakery::aws
