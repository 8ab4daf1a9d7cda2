#pragma once
// The hashing SigV4 and git object ids need, behind our own types so OpenSSL
// stays in crypto.cc (which loads libcrypto on first use).

#include <string>
#include <string_view>

namespace bakery::aws {

/// SHA-256 of `data` as raw bytes (32).
std::string Sha256(std::string_view data);

/// SHA-256 of `data` as lowercase hex (64 characters).
std::string Sha256Hex(std::string_view data);

/// SHA-1 of `data` as lowercase hex (git object ids).
std::string Sha1Hex(std::string_view data);

/// HMAC-SHA256 of `data` under `key`, raw bytes (32).
std::string HmacSha256(std::string_view key, std::string_view data);

/// Standard base64 with padding (Query-protocol blobs such as
/// PublicKeyMaterial and UserData).
std::string Base64Encode(std::string_view bytes);

/// Lowercase hex of raw bytes.
std::string HexEncode(std::string_view bytes);

/// `count` cryptographically random bytes as lowercase hex (for idempotency
/// tokens and jitter seeds).
std::string RandomHex(int count);

}  // namespace bakery::aws
