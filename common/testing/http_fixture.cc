#include "common/testing/http_fixture.h"

#include <fstream>

#include <gtest/gtest.h>

#include "common/base/subprocess.h"

namespace bakery::testing_util {
namespace {

std::string FixtureDir() { return std::string(BAKERY_SOURCE_DIR) + "/tests/http-fixture"; }

}  // namespace

HttpFixture::HttpFixture(HttpFixtureOptions options) : options_(std::move(options)) {
  if (options_.tls && !MakeCerts()) return;
  std::vector<std::string> args = {"/usr/bin/python3", FixtureDir() + "/server.py",
                                   "--port-file", dir_.path() + "/port",
                                   "--log", dir_.path() + "/requests.log"};
  if (options_.tls) {
    args.insert(args.end(), {"--tls-cert", dir_.path() + "/certs/server.pem", "--tls-key",
                             dir_.path() + "/certs/server.key"});
  }
  if (options_.proxy) args.push_back("--proxy");
  if (!options_.proxy_auth.empty()) args.insert(args.end(), {"--proxy-auth", options_.proxy_auth});
  server_ = std::make_unique<ServerProcess>(args, "", dir_.path() + "/port",
                                            dir_.path() + "/server.log");
}

HttpFixture::~HttpFixture() = default;

bool HttpFixture::MakeCerts() {
  PosixProcessRunner processes;
  Result<ProcessResult> made =
      processes.Run({.argv = {"/bin/bash", FixtureDir() + "/make-certs", dir_.path() + "/certs"}});
  if (!made || !made->Succeeded()) {
    ADD_FAILURE() << "make-certs failed: "
                  << (made ? made->Describe() + ": " + made->err : made.error().message);
    return false;
  }
  return true;
}

std::string HttpFixture::origin() const {
  return (options_.tls ? "https://localhost:" : "http://127.0.0.1:") + std::to_string(port());
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
