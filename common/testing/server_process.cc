#include "common/testing/server_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

namespace bakery::testing_util {
namespace {

// fork + exec; after fork only async-signal-safe calls, so everything the
// child needs is prepared before it.
int Spawn(const std::vector<std::string>& args, const std::string& cwd,
          const std::string& err_file) {
  std::vector<char*> argv;
  for (const std::string& arg : args) argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  int pid = fork();
  if (pid != 0) return pid;
  setpgid(0, 0);
  int in_fd = open("/dev/null", O_RDONLY);
  int out_fd = open("/dev/null", O_WRONLY);
  int err_fd = open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (in_fd < 0 || out_fd < 0 || err_fd < 0 || (!cwd.empty() && chdir(cwd.c_str()) != 0)) {
    _exit(126);
  }
  dup2(in_fd, 0);
  dup2(out_fd, 1);
  dup2(err_fd, 2);
  execv(argv[0], argv.data());
  _exit(127);
}

std::string Command(const std::vector<std::string>& argv) {
  std::string command;
  for (const std::string& arg : argv) command += (command.empty() ? "" : " ") + arg;
  return command;
}

}  // namespace

std::string ReadFileOrEmpty(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

ServerProcess::ServerProcess(const std::vector<std::string>& argv, const std::string& cwd,
                             const std::string& port_file, std::string log_file)
    : log_file_(std::move(log_file)) {
  pid_ = Spawn(argv, cwd, log_file_);
  if (pid_ < 0) {
    ADD_FAILURE() << "starting " << Command(argv) << ": fork failed";
    return;
  }
  for (int i = 0; i < 400; ++i) {
    std::string port = ReadFileOrEmpty(port_file);
    if (port.ends_with('\n')) {  // complete: written in one go after listen()
      port_ = std::atoi(port.c_str());
      return;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      ADD_FAILURE() << Command(argv) << " exited (status " << status << "): " << Log();
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  ADD_FAILURE() << Command(argv) << " wrote no port to " << port_file << " in 10 s: " << Log();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
  }
}

std::string ServerProcess::Log() const { return ReadFileOrEmpty(log_file_); }

}  // namespace bakery::testing_util
