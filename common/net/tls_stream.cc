#include "common/net/tls_stream.h"

#include <arpa/inet.h>
#include <signal.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "common/base/shared_library.h"

namespace bakery::net {
namespace {

#define BAKERY_SSL_FUNCTIONS(X)                                                                 \
  X(TLS_client_method) X(SSL_CTX_new) X(SSL_CTX_free) X(SSL_CTX_set_default_verify_paths)       \
  X(SSL_CTX_load_verify_locations) X(SSL_CTX_set_verify) X(SSL_CTX_ctrl) X(SSL_CTX_set_options) \
  X(SSL_new) X(SSL_free) X(SSL_set_fd) X(SSL_ctrl) X(SSL_set1_host) X(SSL_connect) X(SSL_read)   \
  X(SSL_write) X(SSL_get_error) X(SSL_shutdown) X(SSL_get_verify_result)                      \
  X(ERR_get_error) X(ERR_clear_error) X(ERR_error_string_n) X(X509_verify_cert_error_string)

struct SslApi {
#define BAKERY_DECLARE(name) decltype(&::name) name = nullptr;
  BAKERY_SSL_FUNCTIONS(BAKERY_DECLARE)
#undef BAKERY_DECLARE
};

const Result<SslApi>& LoadSsl() {
  static const Result<SslApi> api = []() -> Result<SslApi> {
    Result<SharedLibrary> library =
        SharedLibrary::Open(BAKERY_LIBSSL_SONAME, "install libssl3 (scripts/install-deps)");
    if (!library) return std::unexpected(std::move(library.error()));
    SslApi resolved;
#define BAKERY_RESOLVE(name)                                                     \
  if (Result<void> found = library->Resolve(#name, resolved.name); !found) { \
    return std::unexpected(std::move(found.error()));                            \
  }
    BAKERY_SSL_FUNCTIONS(BAKERY_RESOLVE)
#undef BAKERY_RESOLVE
    return resolved;
  }();
  return api;
}

// OpenSSL's own reason for the last failure, and the queue cleared.
std::string LastSslError(const SslApi& ssl) {
  unsigned long code = ssl.ERR_get_error();
  ssl.ERR_clear_error();
  if (code == 0) return "connection closed during the handshake";
  char text[256];
  ssl.ERR_error_string_n(code, text, sizeof(text));
  return text;
}

// One context per CA choice, made once: loading a CA store is the slow part.
NetResult<SSL_CTX*> ContextFor(const SslApi& ssl, const std::string& ca_bundle) {
  static std::mutex mutex;
  static std::map<std::string, SSL_CTX*> contexts;  // kept for the life of the process
  std::lock_guard lock(mutex);
  if (auto found = contexts.find(ca_bundle); found != contexts.end()) return found->second;
  SSL_CTX* context = ssl.SSL_CTX_new(ssl.TLS_client_method());
  if (context == nullptr) return NetFail(NetFailure::kTls, "TLS setup: " + LastSslError(ssl));
  ssl.SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, TLS1_2_VERSION, nullptr);
  // Servers that close without close_notify end a body like a TCP close
  // does; truncation is caught by the HTTP framing instead.
  ssl.SSL_CTX_set_options(context, SSL_OP_IGNORE_UNEXPECTED_EOF);
  ssl.SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nullptr);
  int loaded = ca_bundle.empty()
                   ? ssl.SSL_CTX_set_default_verify_paths(context)
                   : ssl.SSL_CTX_load_verify_locations(context, ca_bundle.c_str(), nullptr);
  if (loaded != 1) {
    std::string reason = LastSslError(ssl);
    ssl.SSL_CTX_free(context);
    return NetFail(NetFailure::kTls,
                   ca_bundle.empty()
                       ? "loading the system's CA certificates: " + reason
                       : fmt::format("loading CA bundle {} (AWS_CA_BUNDLE): {}", ca_bundle, reason));
  }
  contexts[ca_bundle] = context;
  return context;
}

// OpenSSL writes with write(2): a peer that has gone would raise SIGPIPE and
// end the process. The signal is blocked on this thread while OpenSSL runs,
// and one it raised is consumed before unblocking.
class SigpipeBlocked {
 public:
  SigpipeBlocked() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &previous_);
  }
  ~SigpipeBlocked() {
    sigset_t pending;
    sigpending(&pending);
    if (sigismember(&pending, SIGPIPE) == 1) {
      timespec none{0, 0};
      sigtimedwait(&pipe_, nullptr, &none);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  SigpipeBlocked(const SigpipeBlocked&) = delete;
  SigpipeBlocked& operator=(const SigpipeBlocked&) = delete;

 private:
  sigset_t pipe_{};
  sigset_t previous_{};
};

bool IsIpAddress(const std::string& host) {
  unsigned char address[16];
  return inet_pton(AF_INET, host.c_str(), address) == 1 ||
         inet_pton(AF_INET6, host.c_str(), address) == 1;
}

}  // namespace

struct TlsStream::Impl {
  const SslApi& ssl;
  std::unique_ptr<TcpStream> tcp;
  SSL* connection = nullptr;
  std::string host;

  ~Impl() {
    if (connection == nullptr) return;
    SigpipeBlocked blocked;
    ssl.SSL_shutdown(connection);  // best effort close_notify; never waits
    ssl.SSL_free(connection);
  }
  // Runs an OpenSSL call until it completes, waiting for the socket as it asks.
  template <typename Call>
  NetResult<int> Drive(Call call, Deadline deadline, std::string_view doing) {
    while (true) {
      ssl.ERR_clear_error();
      int result = 0;
      {
        SigpipeBlocked blocked;
        errno = 0;  // SSL_ERROR_SYSCALL leaves its cause here, or nothing
        result = call();
      }
      if (result > 0) return result;
      int error = ssl.SSL_get_error(connection, result);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) {
        NetResult<void> ready = tcp->Await(error == SSL_ERROR_WANT_READ, deadline, doing);
        if (!ready) return std::unexpected(std::move(ready.error()));
        continue;
      }
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      if (error == SSL_ERROR_SYSCALL && errno != 0) {
        return NetFail(NetFailure::kReset, fmt::format("{} {}: {}", doing, host, strerror(errno)));
      }
      return NetFail(NetFailure::kReset, fmt::format("{} {}: {}", doing, host, LastSslError(ssl)));
    }
  }
};

TlsStream::TlsStream(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TlsStream::~TlsStream() = default;

NetResult<std::unique_ptr<TlsStream>> TlsStream::Start(std::unique_ptr<TcpStream> tcp,
                                                       const std::string& host,
                                                       const std::string& ca_bundle,
                                                       Deadline deadline) {
  const Result<SslApi>& ssl = LoadSsl();
  if (!ssl) return NetFail(NetFailure::kTls, ssl.error().message);
  NetResult<SSL_CTX*> context = ContextFor(*ssl, ca_bundle);
  if (!context) return std::unexpected(std::move(context.error()));
  auto impl = std::unique_ptr<Impl>(new Impl{*ssl, std::move(tcp), nullptr, host});
  impl->connection = ssl->SSL_new(*context);
  if (impl->connection == nullptr) return NetFail(NetFailure::kTls, "TLS: " + LastSslError(*ssl));
  ssl->SSL_set_fd(impl->connection, impl->tcp->fd());
  if (!IsIpAddress(host)) {  // SNI names hosts, never addresses (RFC 6066)
    ssl->SSL_ctrl(impl->connection, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                  const_cast<char*>(host.c_str()));
  }
  ssl->SSL_set1_host(impl->connection, host.c_str());
  Impl& open = *impl;
  NetResult<int> handshake =
      open.Drive([&] { return ssl->SSL_connect(open.connection); }, deadline, "TLS handshake with");
  if (!handshake && handshake.error().failure == NetFailure::kTimeout) {
    return std::unexpected(std::move(handshake.error()));
  }
  if (!handshake || *handshake == 0) {
    long verified = ssl->SSL_get_verify_result(open.connection);
    if (verified != X509_V_OK) {
      return NetFail(NetFailure::kTls,
                     fmt::format("TLS handshake with {}: certificate verify failed: {}", host,
                                 ssl->X509_verify_cert_error_string(verified)));
    }
    return NetFail(NetFailure::kTls,
                   handshake ? fmt::format("TLS handshake with {}: the server closed the "
                                           "connection", host)
                             : handshake.error().message);  // already names the handshake
  }
  return std::unique_ptr<TlsStream>(new TlsStream(std::move(impl)));
}

NetResult<size_t> TlsStream::Read(char* data, size_t size, Deadline deadline) {
  int chunk = static_cast<int>(std::min<size_t>(size, 1 << 30));
  NetResult<int> got = impl_->Drive(
      [&] { return impl_->ssl.SSL_read(impl_->connection, data, chunk); }, deadline,
      "reading from");
  if (!got) return std::unexpected(std::move(got.error()));
  return static_cast<size_t>(*got);
}

NetResult<void> TlsStream::Write(std::string_view data, Deadline deadline) {
  while (!data.empty()) {
    int chunk = static_cast<int>(std::min<size_t>(data.size(), 1 << 30));
    NetResult<int> sent = impl_->Drive(
        [&] { return impl_->ssl.SSL_write(impl_->connection, data.data(), chunk); }, deadline,
        "writing to");
    if (!sent) return std::unexpected(std::move(sent.error()));
    if (*sent == 0) return NetFail(NetFailure::kReset, "writing to " + impl_->host + ": closed");
    data.remove_prefix(static_cast<size_t>(*sent));
  }
  return {};
}

bool TlsStream::IdleUsable() const { return impl_->tcp->IdleUsable(); }

}  // namespace bakery::net
