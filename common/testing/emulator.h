#pragma once
// The project's AWS emulator (tests/aws-emulator) as a test fixture: started
// on a free port for one test, killed when the test ends.

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "common/base/env.h"
#include "common/testing/server_process.h"
#include "common/testing/temp_dir.h"

namespace bakery::testing_util {

inline constexpr const char* kEmulatorAccessKey = "AKIABAKERYTEST000001";
inline constexpr const char* kEmulatorSecretKey = "bakery/emulator/secret/key/000000000000001";
inline constexpr const char* kEmulatorAccount = "123456789012";

class Emulator {
 public:
  Emulator();   // starts it; aborts the test on failure
  ~Emulator();  // SIGKILL (state is disposable)
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  const std::string& endpoint() const { return endpoint_; }
  /// POST (or GET without payload) /_emulator/<route>; returns the JSON answer.
  nlohmann::json Control(const std::string& route,
                         const nlohmann::json& payload = nlohmann::json());
  /// An environment pointing every AWS setting at the emulator.
  std::map<std::string, std::string> Environment(const std::string& region = "us-east-1") const;

 private:
  TempDir dir_;
  ServerProcess server_;
  std::string endpoint_;
};

}  // namespace bakery::testing_util
