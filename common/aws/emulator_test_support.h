#pragma once
// A real AwsSession (HTTP transport, SigV4, retries, pacing) pointed at a fresh
// emulator, for the round-trip tests of the typed calls.

#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "common/aws/session.h"
#include "common/base/env.h"
#include "common/base/file_system.h"
#include "common/base/subprocess.h"
#include "common/testing/emulator.h"

namespace bakery::aws {

class EmulatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = MapEnv(emulator_.Environment());
    OpenSession();
  }
  void OpenSession() {
    std::string trace_target;
    SessionOptions options;
    options.trace = [this](const std::string& line) { trace_ += line + "\n"; };
    auto session = AwsSession::Create(SessionDeps{&env_, &files_, &clock_, &processes_, nullptr},
                                      options);
    ASSERT_TRUE(session.has_value()) << session.error().message;
    session_ = std::move(*session);
  }
  Ec2 ec2(const std::string& region = "us-east-1") { return session_->Ec2In(region); }

  testing_util::Emulator emulator_;
  MapEnv env_;
  RealFileSystem files_;
  SystemClock clock_;
  PosixProcessRunner processes_;
  std::string trace_;
  std::unique_ptr<AwsSession> session_;
};

}  // namespace bakery::aws
