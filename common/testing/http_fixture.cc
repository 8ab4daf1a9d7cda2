#include "common/testing/http_fixture.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace bakery::testing_util {
namespace {

std::string FixtureDir() { return std::string(BAKERY_SOURCE_DIR) + "/tests/http-fixture"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// fork + execv(argv[0], argv) with stdin from /dev/null, stdout to
/// `out_file` (or /dev/null when empty) and stderr to `err_file`.
/// Returns the child's pid, or -1.
int Spawn(const std::vector<std::string>& args, const std::string& out_file,
          const std::string& err_file) {
  // Everything the child needs is prepared before fork(): after it, only
  // async-signal-safe calls.
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  const char* out = out_file.empty() ? "/dev/null" : out_file.c_str();
  int pid = fork();
  if (pid != 0) return pid;
  setpgid(0, 0);
  int in_fd = open("/dev/null", O_RDONLY);
  int out_fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  int err_fd = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0) _exit(126);
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  execv(argv[0], argv.data());
  _exit(127);
}

bool CanConnect(int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  close(fd);
  return ok;
}

}  // namespace

HttpFixture::HttpFixture(HttpFixtureOptions options) : options_(std::move(options)) {
  if (options_.tls && !MakeCerts()) return;
  Start();
}

bool HttpFixture::MakeCerts() {
  std::string log = dir_.path() + "/make-certs.log";
  int pid = Spawn({"/bin/bash", FixtureDir() + "/make-certs", dir_.path() + "/certs"}, log, log);
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    ADD_FAILURE() << "make-certs failed (status " << status << "): " << ReadAll(log);
    return false;
  }
  return true;
}

void HttpFixture::Start() {
  std::string port_file = dir_.path() + "/port";
  std::string server_log = dir_.path() + "/server.log";
  std::vector<std::string> args = {"/usr/bin/python3", FixtureDir() + "/server.py",
                                   "--port-file", port_file,
                                   "--log", dir_.path() + "/requests.log"};
  if (options_.tls) {
    args.insert(args.end(), {"--tls-cert", dir_.path() + "/certs/server.pem", "--tls-key",
                             dir_.path() + "/certs/server.key"});
  }
  if (options_.proxy) args.push_back("--proxy");
  if (!options_.proxy_auth.empty()) args.insert(args.end(), {"--proxy-auth", options_.proxy_auth});
  pid_ = Spawn(args, "", server_log);
  if (pid_ < 0) {
    ADD_FAILURE() << "fork failed";
    return;
  }
  // The server writes the port file (atomically) once it listens.
  for (int i = 0; i < 400 && port_ == 0; ++i) {
    std::string port = ReadAll(port_file);
    if (!port.empty() && port.back() == '\n') {
      port_ = std::atoi(port.c_str());
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << "http fixture exited (status " << status << "): " << ReadAll(server_log);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  if (port_ <= 0) {
    ADD_FAILURE() << "http fixture did not start: " << ReadAll(server_log);
    return;
  }
  for (int i = 0; i < 200; ++i) {
    if (CanConnect(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "http fixture does not accept connections on port " << port_ << ": "
                << ReadAll(server_log);
}

HttpFixture::~HttpFixture() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string HttpFixture::origin() const {
  return (options_.tls ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(port_);
}

std::string HttpFixture::ca_file() const {
  return options_.tls ? dir_.path() + "/certs/ca.pem" : "";
}

std::string HttpFixture::other_ca_file() const {
  return options_.tls ? dir_.path() + "/certs/other-ca.pem" : "";
}

std::vector<std::string> HttpFixture::LoggedRequests() const {
  std::vector<std::string> lines;
  std::ifstream in(dir_.path() + "/requests.log");
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace bakery::testing_util
