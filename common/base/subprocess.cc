#include "common/base/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "common/base/strings.h"

extern char** environ;

namespace bakery {
namespace {

int g_signal_pipe[2] = {-1, -1};

void OnForwardableSignal(int signal_number) {
  int saved = errno;
  unsigned char byte = static_cast<unsigned char>(signal_number);
  [[maybe_unused]] ssize_t ignored = ::write(g_signal_pipe[1], &byte, 1);
  errno = saved;
}

// Installs SIGINT/SIGTERM handlers that write to a self-pipe for the child's
// lifetime, and restores the previous handlers afterwards.
class SignalForwarding {
 public:
  SignalForwarding() {
    if (g_signal_pipe[0] < 0 && ::pipe2(g_signal_pipe, O_CLOEXEC | O_NONBLOCK) != 0) return;
    struct sigaction action {};
    action.sa_handler = OnForwardableSignal;
    sigemptyset(&action.sa_mask);
    ::sigaction(SIGINT, &action, &old_int_);
    ::sigaction(SIGTERM, &action, &old_term_);
  }
  ~SignalForwarding() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
  }
  int fd() const { return g_signal_pipe[0]; }

 private:
  struct sigaction old_int_ {};
  struct sigaction old_term_ {};
};

std::vector<std::string> EnvironmentStrings(const ProcessSpec& spec) {
  std::vector<std::string> strings;
  if (!spec.env) {
    for (char** entry = environ; entry && *entry; ++entry) strings.emplace_back(*entry);
    return strings;
  }
  for (const auto& [name, value] : *spec.env) strings.push_back(name + "=" + value);
  return strings;
}

[[noreturn]] void ExecChild(const std::string& program, const ProcessSpec& spec, int in, int out,
                            int err) {
  ::setpgid(0, 0);
  ::dup2(in, 0);
  ::dup2(out, 1);
  ::dup2(err, 2);
  if (!spec.cwd.empty() && ::chdir(spec.cwd.c_str()) != 0) ::_exit(127);
  std::vector<std::string> env_strings = EnvironmentStrings(spec);
  std::vector<char*> env_pointers;
  for (auto& entry : env_strings) env_pointers.push_back(entry.data());
  env_pointers.push_back(nullptr);
  std::vector<char*> args;
  for (const auto& arg : spec.argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  ::execve(program.c_str(), args.data(), env_pointers.data());
  ::_exit(127);
}

struct Pipes {
  int in[2] = {-1, -1};
  int out[2] = {-1, -1};
  int err[2] = {-1, -1};
  ~Pipes() {
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) {
      if (fd >= 0) ::close(fd);
    }
  }
  void Close(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// Splits arriving bytes into lines for the callback; keeps the partial tail.
struct LineBuffer {
  std::string pending;
  void Feed(std::string_view chunk, StreamKind kind, const LineCallback& on_line) {
    pending.append(chunk);
    size_t start = 0;
    for (size_t newline; (newline = pending.find('\n', start)) != std::string::npos;
         start = newline + 1) {
      std::string_view line(pending.data() + start, newline - start);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      on_line(kind, line);
    }
    pending.erase(0, start);
  }
  void Flush(StreamKind kind, const LineCallback& on_line) {
    if (!pending.empty()) on_line(kind, pending);
    pending.clear();
  }
};

struct Collector {
  ProcessResult* result;
  const LineCallback* on_line;  // null: capture into result->out/err
  LineBuffer out_lines, err_lines;
  void Take(StreamKind kind, std::string_view chunk) {
    if (on_line == nullptr) {
      (kind == StreamKind::kStdout ? result->out : result->err).append(chunk);
      return;
    }
    (kind == StreamKind::kStdout ? out_lines : err_lines).Feed(chunk, kind, *on_line);
  }
  void Finish() {
    if (on_line == nullptr) return;
    out_lines.Flush(StreamKind::kStdout, *on_line);
    err_lines.Flush(StreamKind::kStderr, *on_line);
  }
};

std::chrono::steady_clock::time_point Deadline(const ProcessSpec& spec) {
  if (!spec.timeout) return std::chrono::steady_clock::time_point::max();
  return std::chrono::steady_clock::now() + *spec.timeout;
}

int PollTimeout(std::chrono::steady_clock::time_point deadline) {
  if (deadline == std::chrono::steady_clock::time_point::max()) return 1000;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::clamp<long>(left.count(), 0, 1000));
}

// Pumps the child's output until both pipes close, forwarding signals.
void Pump(pid_t child, Pipes& pipes, const ProcessSpec& spec, Collector& collector,
          const SignalForwarding& signals) {
  size_t written = 0;
  auto deadline = Deadline(spec);
  char buffer[65536];
  while (pipes.out[0] >= 0 || pipes.err[0] >= 0) {
    pollfd fds[4] = {{pipes.out[0], POLLIN, 0}, {pipes.err[0], POLLIN, 0},
                     {signals.fd(), POLLIN, 0}, {pipes.in[1], POLLOUT, 0}};
    int ready = ::poll(fds, 4, PollTimeout(deadline));
    if (ready < 0 && errno != EINTR) break;
    if (std::chrono::steady_clock::now() >= deadline && !collector.result->timed_out) {
      collector.result->timed_out = true;
      ::kill(-child, SIGKILL);
    }
    if (fds[2].revents & POLLIN) {
      unsigned char signal_number = 0;
      while (::read(signals.fd(), &signal_number, 1) == 1) {
        if (collector.result->forwarded_signal == 0) ::kill(-child, signal_number);
        collector.result->forwarded_signal = signal_number;
      }
    }
    if (fds[3].revents & (POLLOUT | POLLERR | POLLHUP)) {
      ssize_t n = ::write(pipes.in[1], spec.stdin_data.data() + written,
                          spec.stdin_data.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if (n < 0 || written >= spec.stdin_data.size()) pipes.Close(pipes.in[1]);
    }
    for (int i = 0; i < 2; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      int& fd = i == 0 ? pipes.out[0] : pipes.err[0];
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n > 0) {
        collector.Take(i == 0 ? StreamKind::kStdout : StreamKind::kStderr,
                       std::string_view(buffer, static_cast<size_t>(n)));
      } else if (n == 0 || errno != EINTR) {
        pipes.Close(fd);
      }
    }
  }
}

Result<ProcessResult> Execute(const ProcessSpec& spec, const LineCallback* on_line) {
  if (spec.argv.empty()) return Fail(ErrorKind::kInternal, "running a process: empty argv");
  const char* inherited_path = getenv("PATH");
  std::string path_env = spec.env && spec.env->contains("PATH") ? spec.env->at("PATH")
                         : inherited_path                       ? inherited_path
                                                                : "";
  auto program = FindProgram(spec.argv[0], path_env);
  if (!program) {
    return Fail(ErrorKind::kFailed, "running {}: not found on PATH", spec.argv[0]);
  }
  Pipes pipes;
  if (::pipe2(pipes.in, O_CLOEXEC) || ::pipe2(pipes.out, O_CLOEXEC) ||
      ::pipe2(pipes.err, O_CLOEXEC)) {
    return Fail(ErrorKind::kFailed, "running {}: pipe: {}", spec.argv[0], std::strerror(errno));
  }
  SignalForwarding signals;
  pid_t child = ::fork();
  if (child < 0) {
    return Fail(ErrorKind::kFailed, "running {}: fork: {}", spec.argv[0], std::strerror(errno));
  }
  if (child == 0) ExecChild(*program, spec, pipes.in[0], pipes.out[1], pipes.err[1]);
  ::setpgid(child, child);
  pipes.Close(pipes.in[0]);
  pipes.Close(pipes.out[1]);
  pipes.Close(pipes.err[1]);
  if (spec.stdin_data.empty()) pipes.Close(pipes.in[1]);
  ProcessResult result;
  Collector collector{&result, on_line, {}, {}};
  Pump(child, pipes, spec, collector, signals);
  collector.Finish();
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  return result;
}

}  // namespace

std::string ProcessResult::Describe() const {
  if (timed_out) return "timed out";
  if (signal != 0) return fmt::format("killed by signal {}", signal);
  return fmt::format("exit status {}", exit_code);
}

Result<ProcessResult> PosixProcessRunner::Run(const ProcessSpec& spec) {
  return Execute(spec, nullptr);
}

Result<ProcessResult> PosixProcessRunner::Stream(const ProcessSpec& spec,
                                                 const LineCallback& on_line) {
  return Execute(spec, &on_line);
}

Result<ProcessResult> FakeProcessRunner::Run(const ProcessSpec& spec) {
  calls_.push_back(spec);
  if (queue_.empty()) return Fail(ErrorKind::kInternal, "FakeProcessRunner: no scripted result");
  Scripted next = std::move(queue_.front());
  queue_.pop_front();
  return next.result;
}

Result<ProcessResult> FakeProcessRunner::Stream(const ProcessSpec& spec,
                                                const LineCallback& on_line) {
  calls_.push_back(spec);
  if (queue_.empty()) return Fail(ErrorKind::kInternal, "FakeProcessRunner: no scripted result");
  Scripted next = std::move(queue_.front());
  queue_.pop_front();
  for (const auto& [kind, line] : next.lines) on_line(kind, line);
  return next.result;
}

std::optional<std::string> FindProgram(std::string_view program, const std::string& path_env) {
  if (program.find('/') != std::string_view::npos) {
    return ::access(std::string(program).c_str(), X_OK) == 0
               ? std::optional<std::string>(program)
               : std::nullopt;
  }
  for (const std::string& dir : Split(path_env, ':')) {
    std::string candidate = (dir.empty() ? "." : dir) + "/" + std::string(program);
    std::error_code ec;
    if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate, ec)) {
      return candidate;
    }
  }
  return std::nullopt;
}

}  // namespace bakery
