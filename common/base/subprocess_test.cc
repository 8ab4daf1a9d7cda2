#include "common/base/subprocess.h"

#include <signal.h>
#include <unistd.h>

#include <thread>

#include <gtest/gtest.h>

namespace bakery {
namespace {

TEST(PosixProcessRunner, CapturesOutputAndExitStatus) {
  PosixProcessRunner runner;
  auto result = runner.Run({.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"}});
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->out, "out\n");
  EXPECT_EQ(result->err, "err\n");
  EXPECT_EQ(result->exit_code, 3);
  EXPECT_EQ(result->Describe(), "exit status 3");
}

TEST(PosixProcessRunner, PassesStdinEnvAndCwd) {
  PosixProcessRunner runner;
  auto result = runner.Run({.argv = {"sh", "-c", "cat; echo \"$GREETING\"; pwd"},
                            .env = std::map<std::string, std::string>{
                                {"GREETING", "hi"}, {"PATH", "/usr/bin:/bin"}},
                            .cwd = "/tmp",
                            .stdin_data = "from stdin\n"});
  ASSERT_TRUE(result);
  EXPECT_EQ(result->out, "from stdin\nhi\n/tmp\n");
}

TEST(PosixProcessRunner, StreamsLinesAsTheyArrive) {
  PosixProcessRunner runner;
  std::vector<std::string> lines;
  auto result = runner.Stream({.argv = {"sh", "-c", "printf 'a\\nb\\r\\n'; printf 'c' >&2"}},
                              [&](StreamKind kind, std::string_view line) {
                                lines.push_back((kind == StreamKind::kStdout ? "out:" : "err:") +
                                                std::string(line));
                              });
  ASSERT_TRUE(result);
  EXPECT_EQ(lines, (std::vector<std::string>{"out:a", "out:b", "err:c"}));
}

TEST(PosixProcessRunner, MissingProgramIsAnError) {
  PosixProcessRunner runner;
  auto result = runner.Run({.argv = {"no-such-program-bakery"}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "running no-such-program-bakery: not found on PATH");
}

TEST(PosixProcessRunner, TimeoutKillsTheChild) {
  PosixProcessRunner runner;
  auto result = runner.Run({.argv = {"sleep", "10"}, .timeout = std::chrono::milliseconds(100)});
  ASSERT_TRUE(result);
  EXPECT_TRUE(result->timed_out);
  EXPECT_EQ(result->Describe(), "timed out");
}

TEST(PosixProcessRunner, ForwardsSigtermOnceAndReportsIt) {
  PosixProcessRunner runner;
  std::thread killer([] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(::getpid(), SIGTERM);
  });
  // The child traps TERM like Packer does: cleans up, then exits on its own.
  std::vector<std::string> lines;
  auto result = runner.Stream(
      {.argv = {"sh", "-c", "trap 'echo cleaning up; exit 0' TERM; echo started; "
                            "while :; do sleep 0.05; done"}},
      [&](StreamKind kind, std::string_view line) {
        // stderr carries the shell's "Terminated" for its killed sleep.
        if (kind == StreamKind::kStdout) lines.emplace_back(line);
      });
  killer.join();
  ASSERT_TRUE(result);
  EXPECT_EQ(result->forwarded_signal, SIGTERM);
  EXPECT_EQ(lines, (std::vector<std::string>{"started", "cleaning up"}));
}

TEST(FakeProcessRunner, ReplaysScriptAndRecordsCalls) {
  FakeProcessRunner fake;
  fake.Queue({.result = {.exit_code = 1}, .lines = {{StreamKind::kStdout, "x"}}});
  std::vector<std::string> lines;
  auto result = fake.Stream({.argv = {"packer", "build"}},
                            [&](StreamKind, std::string_view line) { lines.emplace_back(line); });
  ASSERT_TRUE(result);
  EXPECT_EQ(result->exit_code, 1);
  EXPECT_EQ(lines, std::vector<std::string>{"x"});
  ASSERT_EQ(fake.calls().size(), 1u);
  EXPECT_EQ(fake.calls()[0].argv[1], "build");
}

}  // namespace
}  // namespace bakery
