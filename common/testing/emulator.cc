#include "common/testing/emulator.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "common/aws/socket_transport.h"

namespace bakery::testing_util {
namespace {

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Emulator::Emulator() {
  std::string port_file = dir_.path() + "/port";
  std::string log_file = dir_.path() + "/emulator.log";
  std::string root = std::string(BAKERY_SOURCE_DIR) + "/tests/aws-emulator";
  pid_ = fork();
  if (pid_ == 0) {
    setpgid(0, 0);
    if (chdir(root.c_str()) != 0) _exit(127);
    FILE* log = freopen(log_file.c_str(), "w", stderr);
    FILE* out = freopen("/dev/null", "w", stdout);
    (void)log;
    (void)out;
    execl("/usr/bin/python3", "python3", "-m", "emulator", "--port-file", port_file.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  for (int i = 0; i < 400 && endpoint_.empty(); ++i) {
    std::string port = ReadAll(port_file);
    if (!port.empty() && port.back() == '\n') port.pop_back();
    if (!port.empty()) {
      endpoint_ = "http://127.0.0.1:" + port;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  if (endpoint_.empty()) ADD_FAILURE() << "emulator did not start: " << ReadAll(log_file);
  for (int i = 0; i < 100; ++i) {
    aws::SocketTransport http;
    auto request = aws::RequestForUrl("GET", endpoint_ + "/_emulator/health");
    if (http.Send(*request, {}).response) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "emulator did not answer: " << ReadAll(log_file);
}

Emulator::~Emulator() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

nlohmann::json Emulator::Control(const std::string& route, const nlohmann::json& payload) {
  aws::SocketTransport http;
  auto request = aws::RequestForUrl(payload.is_null() ? "GET" : "POST",
                                    endpoint_ + "/_emulator/" + route);
  if (!payload.is_null()) {
    request->body = payload.dump();
    request->SetHeader("Content-Type", "application/json");
  }
  aws::TransportResult result = http.Send(*request, {});
  if (!result.response) {
    ADD_FAILURE() << "emulator control " << route << ": " << result.error->message;
    return {};
  }
  return nlohmann::json::parse(result.response->body, nullptr, false);
}

std::map<std::string, std::string> Emulator::Environment(const std::string& region) const {
  return {{"AWS_ENDPOINT_URL", endpoint_},       {"AWS_ACCESS_KEY_ID", kEmulatorAccessKey},
          {"AWS_SECRET_ACCESS_KEY", kEmulatorSecretKey}, {"AWS_REGION", region},
          {"AWS_EC2_METADATA_DISABLED", "true"}, {"AWS_CONFIG_FILE", "/dev/null"},
          {"AWS_SHARED_CREDENTIALS_FILE", "/dev/null"}, {"HOME", "/nonexistent"}};
}

}  // namespace bakery::testing_util
