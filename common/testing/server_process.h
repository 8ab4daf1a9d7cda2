#pragma once
// A test server run as a child process (the AWS emulator, the HTTP fixture):
// started in the background, ready once it has written its port to a file
// (servers write it after they listen), killed when the test ends.

#include <string>
#include <vector>

namespace bakery::testing_util {

class ServerProcess {
 public:
  /// Runs `argv` (argv[0] a path) in `cwd` with stdout discarded and stderr
  /// to `log_file`, and waits up to 10 s for `port_file`. ADD_FAILURE, with
  /// the log, when it exits or does not get there; port() is 0 then.
  ServerProcess(const std::vector<std::string>& argv, const std::string& cwd,
                const std::string& port_file, std::string log_file);
  ~ServerProcess();  // SIGKILL + waitpid: test servers keep no state worth a clean stop
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  int port() const { return port_; }
  /// What the server wrote to stderr so far, for failure messages.
  std::string Log() const;

 private:
  std::string log_file_;
  int pid_ = -1;
  int port_ = 0;
};

/// The whole file, or "" when it cannot be read.
std::string ReadFileOrEmpty(const std::string& path);

}  // namespace bakery::testing_util
