#pragma once
// AWS Signature Version 4 as pure functions over HttpRequest: the canonical
// request, the string to sign and the signature are separate steps so each
// can be checked against AWS's test suite (tests/fixtures/sigv4).

#include <chrono>
#include <string>

#include "common/aws/http.h"
#include "common/base/clock.h"

namespace bakery::aws {

/// Keys for one signature. Never logged: nothing formats this type.
struct SigningKeys {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty when the credentials are long-term
};

struct SigningParams {
  SigningKeys keys;
  std::string region;
  std::string service;
  SystemTime time;
  /// Collapse "//", "." and ".." in the path (every service but S3).
  bool normalize_path = true;
  /// Also send and sign x-amz-content-sha256 (header form only).
  bool add_content_sha256 = false;
  /// Sign "UNSIGNED-PAYLOAD" instead of the body's hash.
  bool unsigned_payload = false;
  /// Add the session token after signing instead of signing it (the STS
  /// "header after" variant some services expect).
  bool omit_session_token = false;
  std::chrono::seconds expires{3600};  // presigned (query) form only
};

/// The intermediate results, kept so tests and --verbose can show them.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;  // lowercase hex
};

/// "20150830T123600Z"
std::string AmzDate(SystemTime time);
/// "20150830/us-east-1/service/aws4_request"
std::string CredentialScope(SystemTime time, const std::string& region,
                            const std::string& service);

/// The URI-encoded (and optionally normalized) path.
std::string CanonicalUri(const std::string& path, bool normalize);
/// Query parameters decoded, re-encoded, sorted by key then value.
std::string CanonicalQuery(const std::string& query);

/// Signs in the Authorization-header form: adds X-Amz-Date, the session
/// token and Authorization headers to `request`.
Signature SignHeaders(HttpRequest& request, const SigningParams& params);

/// Signs in the presigned-URL form: adds X-Amz-* query parameters and
/// X-Amz-Signature to `request.query`.
Signature PresignQuery(HttpRequest& request, const SigningParams& params);

}  // namespace bakery::aws
