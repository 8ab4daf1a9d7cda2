#include "common/aws/crypto.h"

#include <cstdio>
#include <cstdlib>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include "common/base/shared_library.h"

namespace bakery::aws {
namespace {

// libcrypto is loaded when first used, not linked (see
// common/base/shared_library.h): it is the largest library a step would
// otherwise map and relocate before main, and `--help` never hashes.
#define BAKERY_CRYPTO_FUNCTIONS(X) X(SHA256) X(SHA1) X(HMAC) X(EVP_sha256) X(EVP_EncodeBlock) X(RAND_bytes)

struct CryptoApi {
#define BAKERY_DECLARE(name) decltype(&::name) name = nullptr;
  BAKERY_CRYPTO_FUNCTIONS(BAKERY_DECLARE)
#undef BAKERY_DECLARE
};

Result<CryptoApi> Resolve() {
  Result<SharedLibrary> library =
      SharedLibrary::Open(BAKERY_LIBCRYPTO_SONAME, "install libssl3 (scripts/install-deps)");
  if (!library) return std::unexpected(std::move(library.error()));
  CryptoApi api;
#define BAKERY_RESOLVE(name)                                                 \
  if (Result<void> found = library->Resolve(#name, api.name); !found) { \
    return std::unexpected(std::move(found.error()));                        \
  }
  BAKERY_CRYPTO_FUNCTIONS(BAKERY_RESOLVE)
#undef BAKERY_RESOLVE
  return api;
}

// Hashing cannot go without it, and its callers cannot fail: a missing
// libcrypto ends the process as the dynamic loader would have, with its
// reason and exit status 127.
const CryptoApi& Crypto() {
  static const CryptoApi api = [] {
    Result<CryptoApi> loaded = Resolve();
    if (!loaded) {
      std::fprintf(stderr, "bakery: %s\n", loaded.error().message.c_str());
      std::_Exit(127);
    }
    return *loaded;
  }();
  return api;
}

}  // namespace


std::string Sha256(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  Crypto().SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof digest);
}

std::string Sha256Hex(std::string_view data) { return HexEncode(Sha256(data)); }

std::string Sha1Hex(std::string_view data) {
  unsigned char digest[SHA_DIGEST_LENGTH];
  Crypto().SHA1(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return HexEncode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  Crypto().HMAC(Crypto().EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest, &length);
  return std::string(reinterpret_cast<const char*>(digest), length);
}

std::string Base64Encode(std::string_view bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3), '\0');
  int length = Crypto().EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                               reinterpret_cast<const unsigned char*>(bytes.data()),
                               static_cast<int>(bytes.size()));
  encoded.resize(static_cast<size_t>(length));
  return encoded;
}

std::string HexEncode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex(bytes.size() * 2, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto byte = static_cast<unsigned char>(bytes[i]);
    hex[2 * i] = kDigits[byte >> 4];
    hex[2 * i + 1] = kDigits[byte & 0x0f];
  }
  return hex;
}

std::string RandomHex(int count) {
  std::string bytes(static_cast<size_t>(count), '\0');
  Crypto().RAND_bytes(reinterpret_cast<unsigned char*>(bytes.data()), count);
  return HexEncode(bytes);
}

}  // namespace bakery::aws
