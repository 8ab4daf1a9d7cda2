#pragma once
// Child processes behind an interface (Packer, credential_process, ssh-keygen).
// PosixProcessRunner is the real one; FakeProcessRunner scripts results for
// tests. While a child runs under Stream(), SIGINT/SIGTERM sent to bakery are
// forwarded to it exactly once (it runs in its own process group, so a
// terminal's Ctrl-C does not reach it twice) — Packer then deletes its
// temporary instance before exiting, and the caller exits 130/143.

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/base/error.h"

namespace bakery {

struct ProcessSpec {
  std::vector<std::string> argv;  // argv[0] is looked up on PATH when it has no '/'
  /// The child's whole environment; nullopt inherits bakery's.
  std::optional<std::map<std::string, std::string>> env;
  std::string cwd;                 // empty: bakery's working directory
  std::string stdin_data;          // written to the child's stdin, then closed
  std::optional<std::chrono::milliseconds> timeout;  // killed (SIGKILL) after this
};

struct ProcessResult {
  int exit_code = 0;        // valid when signal == 0
  int signal = 0;           // the signal that ended the child, if any
  int forwarded_signal = 0; // SIGINT/SIGTERM bakery received and forwarded
  bool timed_out = false;
  std::string out;          // captured stdout (Run only)
  std::string err;          // captured stderr (Run only)

  bool Succeeded() const { return signal == 0 && exit_code == 0 && !timed_out; }
  /// "exit status 2", "killed by signal 15", "timed out".
  std::string Describe() const;
};

enum class StreamKind { kStdout, kStderr };
using LineCallback = std::function<void(StreamKind, std::string_view line)>;

class ProcessRunner {
 public:
  virtual ~ProcessRunner() = default;
  /// Runs to completion capturing stdout and stderr. Fails (kFailed) only
  /// when the child cannot be started: "running packer: No such file ...".
  virtual Result<ProcessResult> Run(const ProcessSpec& spec) = 0;
  /// Runs to completion, calling `on_line` for every line as it arrives
  /// (without the newline), forwarding SIGINT/SIGTERM to the child.
  virtual Result<ProcessResult> Stream(const ProcessSpec& spec, const LineCallback& on_line) = 0;
};

class PosixProcessRunner final : public ProcessRunner {
 public:
  Result<ProcessResult> Run(const ProcessSpec& spec) override;
  Result<ProcessResult> Stream(const ProcessSpec& spec, const LineCallback& on_line) override;
};

/// Returns queued results in order and records every spec it was given.
class FakeProcessRunner final : public ProcessRunner {
 public:
  struct Scripted {
    ProcessResult result;
    std::vector<std::pair<StreamKind, std::string>> lines;  // replayed by Stream()
  };
  void Queue(Scripted scripted) { queue_.push_back(std::move(scripted)); }
  Result<ProcessResult> Run(const ProcessSpec& spec) override;
  Result<ProcessResult> Stream(const ProcessSpec& spec, const LineCallback& on_line) override;
  const std::vector<ProcessSpec>& calls() const { return calls_; }

 private:
  std::deque<Scripted> queue_;
  std::vector<ProcessSpec> calls_;
};

/// Finds `program` on PATH (or returns it as is when it contains '/');
/// nullopt when not found or not executable.
std::optional<std::string> FindProgram(std::string_view program, const std::string& path_env);

}  // namespace bakery
