// Damaged input never crashes the parser, and whatever it returns is well
// formed: every node and diagnostic has a range inside the text. Fast
// enough to run in every CI build (the fuzzer goes further).

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "common/hcl/json_syntax.h"
#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

class RangeChecker {
 public:
  explicit RangeChecker(size_t size) : size_(size) {}

  void Check(const SourceRange& range, std::string_view what) {
    ++checked_;
    bool ok = range.start.line >= 1 && range.start.column >= 1 &&
              range.start.byte <= range.end.byte && range.end.byte <= size_;
    if (!ok && failures_.size() < 5)
      failures_.push_back(fmt::format("{} {}", what, range.ToString()));
  }

  void Body(const hcl::Body& body) {
    for (const Attribute& attribute : body.attributes) {
      Check(attribute.range, "attribute");
      Check(attribute.name_range, "attribute name");
      Expr(*attribute.expr);
    }
    for (const Block& block : body.blocks) {
      Check(block.range, "block");
      Check(block.type_range, "block type");
      for (const BlockLabel& label : block.labels) Check(label.range, "label");
      Body(block.body);
    }
  }

  void Expr(const Expression& expr) {
    Check(expr.range, "expression");
    std::visit([this](const auto& node) { Children(node); }, expr.node);
  }

  int checked() const { return checked_; }
  const std::vector<std::string>& failures() const { return failures_; }

 private:
  void Maybe(const ExprPtr& expr) {
    if (expr) Expr(*expr);
  }
  void Parts(const std::vector<TemplatePart>& parts) {
    for (const TemplatePart& part : parts) {
      Check(part.range, "template part");
      Maybe(part.expr);
      Parts(part.body);
      Parts(part.else_body);
    }
  }
  void Children(const LiteralExpr&) {}
  void Children(const VariableExpr&) {}
  void Children(const SplatItemExpr&) {}
  void Children(const TemplateExpr& e) { Parts(e.parts); }
  void Children(const GetAttrExpr& e) { Maybe(e.object); }
  void Children(const IndexExpr& e) { Maybe(e.collection), Maybe(e.key); }
  void Children(const SplatExpr& e) { Maybe(e.source), Maybe(e.each); }
  void Children(const CallExpr& e) {
    for (const ExprPtr& arg : e.args) Maybe(arg);
  }
  void Children(const TupleExpr& e) {
    for (const ExprPtr& item : e.items) Maybe(item);
  }
  void Children(const ObjectExpr& e) {
    for (const ObjectItem& item : e.items) Maybe(item.key), Maybe(item.value);
  }
  void Children(const ForExpr& e) {
    Maybe(e.collection), Maybe(e.key), Maybe(e.value), Maybe(e.condition);
  }
  void Children(const ConditionalExpr& e) {
    Maybe(e.condition), Maybe(e.when_true), Maybe(e.when_false);
  }
  void Children(const UnaryExpr& e) { Maybe(e.operand); }
  void Children(const BinaryExpr& e) { Maybe(e.lhs), Maybe(e.rhs); }
  void Children(const ParenExpr& e) { Maybe(e.inner); }

  size_t size_;
  int checked_ = 0;
  std::vector<std::string> failures_;
};

std::string ReadFixture(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The top-level fixtures, or with `corpus` every fixture below too.
std::vector<std::filesystem::path> Fixtures(bool corpus = false) {
  std::vector<std::filesystem::path> paths;
  std::filesystem::path root = std::string(BAKERY_SOURCE_DIR) + "/tests/fixtures/hcl";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    if (corpus || entry.path().parent_path() == root) paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  return paths;
}

void ExpectWellFormed(const std::string& text, bool json, const std::string& label) {
  ParseResult result = json ? ParseJson(text, "x") : Parse(text, "x");
  RangeChecker checker(text.size());
  checker.Body(result.body);
  for (const Diagnostic& diagnostic : result.diagnostics)
    checker.Check(diagnostic.range, "diagnostic");
  EXPECT_TRUE(checker.failures().empty()) << label << ": " << checker.failures()[0];
}

TEST(HclRobustness, FixturesHaveValidRangesEverywhere) {
  for (const auto& path : Fixtures(true)) {
    std::string text = ReadFixture(path);
    bool json = path.extension() == ".json";
    ParseResult result = json ? ParseJson(text, "x") : Parse(text, "x");
    RangeChecker checker(text.size());
    checker.Body(result.body);
    EXPECT_GT(checker.checked(), 20) << path;
    EXPECT_TRUE(checker.failures().empty()) << path << ": " << checker.failures()[0];
  }
}

TEST(HclRobustness, EveryPrefixOfEveryFixture) {
  for (const auto& path : Fixtures()) {
    std::string text = ReadFixture(path);
    bool json = path.extension() == ".json";
    for (size_t length = 0; length < text.size(); length += json ? 7 : 3) {
      ExpectWellFormed(text.substr(0, length), json,
                       fmt::format("{} prefix {}", path.string(), length));
    }
  }
}

TEST(HclRobustness, DeletionsAndInsertionsOfSyntaxCharacters) {
  const std::string inserts[] = {"\"",      "{",  "}",   "${", "%{",  "~",
                                 "<<EOF\n", "\n", "[*]", "\\", "\xC3"};
  for (const auto& path : Fixtures()) {
    if (path.extension() == ".json") continue;
    std::string text = ReadFixture(path);
    for (size_t at = 0; at < text.size(); at += 13) {
      std::string deleted = text;
      deleted.erase(at, 1);
      ExpectWellFormed(deleted, false, fmt::format("{} delete {}", path.string(), at));
      const std::string& insert = inserts[at % std::size(inserts)];
      ExpectWellFormed(text.substr(0, at) + insert + text.substr(at), false,
                       fmt::format("{} insert {}", path.string(), at));
    }
  }
}

}  // namespace
}  // namespace bakery::hcl
