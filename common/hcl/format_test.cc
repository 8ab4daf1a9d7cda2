// `packer fmt`-formatted and unformatted variants of every native fixture
// give the same AST. The unformatted variant is made here (tabs, no
// alignment, no spaces around '='); the real Packer formats it back.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "common/base/subprocess.h"
#include "common/hcl/lexer.h"
#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

void Write(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// Lines holding heredoc text: their whitespace is content.
std::set<int> HeredocLines(const std::string& text) {
  std::set<int> lines;
  int open = 0;
  for (const Token& token : Lex(text, "x").tokens) {
    if (token.kind == TokenKind::kOHeredoc) open = token.start.line;
    if (token.kind == TokenKind::kCHeredoc) {
      for (int line = open + 1; line <= token.start.line; ++line) lines.insert(line);
    }
  }
  return lines;
}

std::string Unformat(const std::string& text) {
  std::set<int> heredoc = HeredocLines(text);
  static const std::regex kAssignment(R"(^([A-Za-z_][\w-]*)\s*=\s*([^=]))");
  std::istringstream in(text);
  std::string out;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (!heredoc.contains(number)) {
      size_t indent = line.find_first_not_of(' ');
      if (indent == std::string::npos) indent = line.size();
      line = std::string(indent / 2, '\t') +
             std::regex_replace(line.substr(indent), kAssignment, "$1=$2");
    }
    out += line + "\n";
  }
  return out;
}

std::vector<fs::path> NativeFixtures() {
  std::vector<fs::path> paths;
  for (const auto& entry :
       fs::recursive_directory_iterator(fs::path(BAKERY_SOURCE_DIR) / "tests/fixtures/hcl")) {
    if (entry.path().extension() == ".hcl") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

std::string DumpOf(const std::string& text, const std::string& name) {
  ParseResult result = Parse(text, name);
  return FormatAll(result.diagnostics) + Dump(result.body);
}

TEST(HclFormatting, UnformattingKeepsHeredocText) {
  std::string text = "a   = 1\nb = <<EOT\n  keep   = this\nEOT\n  c    =  2\n";
  EXPECT_EQ(Unformat(text), "a=1\nb=<<EOT\n  keep   = this\nEOT\n\tc=2\n");
  EXPECT_EQ(DumpOf(text, "x"), DumpOf(Unformat(text), "x"));
}

TEST(HclFormatting, PackerFmtVariantsGiveTheSameAst) {
  if (!fs::exists("/usr/bin/packer")) GTEST_SKIP() << "packer is not installed";
  std::string pattern = (fs::temp_directory_path() / "bakery-hcl-fmt-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr);
  fs::path dir = pattern;
  std::vector<fs::path> fixtures = NativeFixtures();
  for (const fs::path& fixture : fixtures) Write(dir / fixture.filename(), Unformat(Read(fixture)));
  PosixProcessRunner runner;
  auto result = runner.Run(ProcessSpec{{"/usr/bin/packer", "fmt", dir.string()}});
  ASSERT_TRUE(result.has_value()) << result.error().ToString();
  EXPECT_TRUE(result->Succeeded()) << result->Describe() << "\n" << result->err;
  int reformatted = 0;
  for (const fs::path& fixture : fixtures) {
    std::string name = fixture.filename().string();
    std::string original = Read(fixture);
    std::string formatted = Read(dir / name);
    reformatted += formatted != Unformat(original);
    std::string expected = DumpOf(original, name);
    EXPECT_EQ(DumpOf(Unformat(original), name), expected) << name << " unformatted";
    EXPECT_EQ(DumpOf(formatted, name), expected) << name << " formatted by packer fmt";
  }
  // Packer really did format them (1.6.6 formats *.pkr.hcl, not var files).
  EXPECT_GE(reformatted, static_cast<int>(fixtures.size()) - 2);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace bakery::hcl
