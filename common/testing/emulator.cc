#include "common/testing/emulator.h"

#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "common/aws/socket_transport.h"

namespace bakery::testing_util {

Emulator::Emulator()
    : server_({"/usr/bin/python3", "-m", "emulator", "--port-file", dir_.path() + "/port"},
              std::string(BAKERY_SOURCE_DIR) + "/tests/aws-emulator", dir_.path() + "/port",
              dir_.path() + "/emulator.log") {
  if (server_.port() == 0) return;
  endpoint_ = "http://127.0.0.1:" + std::to_string(server_.port());
  for (int i = 0; i < 100; ++i) {
    aws::SocketTransport http;
    auto request = aws::RequestForUrl("GET", endpoint_ + "/_emulator/health");
    if (http.Send(*request, {}).response) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << "emulator did not answer: " << server_.Log();
}

Emulator::~Emulator() = default;

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
