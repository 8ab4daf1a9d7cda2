// Inline suppressions: `# bakery:ignore RULE-ID[,RULE-ID] reason` (or //).
// A comment after code covers that line, and the block or attribute that
// starts there; a comment on a line of its own covers the next code line
// and the block or attribute starting on it.

#include <algorithm>

#include "common/base/strings.h"
#include "common/lint/rules_internal.h"

namespace bakery::lint::internal {

namespace {

struct Ignore {
  std::string path;
  std::vector<std::string> rules;
  int first = 0;
  int last = 0;
};

bool IsCodeLine(std::string_view line) {
  std::string_view trimmed = Trim(line);
  return !trimmed.empty() && !trimmed.starts_with("#") && !trimmed.starts_with("//");
}

// The last line of the blocks and attributes of `body` starting on `line`.
int ExtentFrom(const hcl::Body& body, int line, int end) {
  for (const hcl::Attribute& attribute : body.attributes) {
    if (attribute.range.start.line == line) end = std::max(end, attribute.range.end.line);
  }
  for (const hcl::Block& block : body.blocks) {
    if (block.range.start.line == line) end = std::max(end, block.range.end.line);
    if (block.range.start.line <= line && line <= block.range.end.line)
      end = ExtentFrom(block.body, line, end);
  }
  return end;
}

std::vector<std::string> RuleIds(std::string_view rest) {
  std::string_view ids = Trim(rest);
  ids = ids.substr(0, ids.find_first_of(" \t"));
  std::vector<std::string> out;
  for (const std::string& id : Split(ids, ',')) {
    if (!id.empty()) out.push_back(id);
  }
  return out;
}

void CollectFile(const packer::TemplateFile& file, std::vector<Ignore>& out) {
  if (file.json) return;
  std::vector<std::string> lines = Split(file.text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    size_t at = lines[i].find("bakery:ignore");
    if (at == std::string::npos) continue;
    std::string_view before = std::string_view(lines[i]).substr(0, at);
    size_t comment = std::min(before.rfind('#'), before.rfind("//"));
    if (comment == std::string_view::npos) continue;
    int line = static_cast<int>(i) + 1;
    if (!IsCodeLine(before.substr(0, comment))) {
      size_t next = i + 1;
      while (next < lines.size() && !IsCodeLine(lines[next])) ++next;
      line = static_cast<int>(next) + 1;
    }
    Ignore ignore{file.path, RuleIds(std::string_view(lines[i]).substr(at + 13)), line, line};
    ignore.last = ExtentFrom(file.parsed.body, line, line);
    out.push_back(std::move(ignore));
  }
}

}  // namespace

void ApplyIgnores(const packer::Template& t, std::vector<Finding>& findings) {
  std::vector<Ignore> ignores;
  for (const auto& file : t.files()) CollectFile(*file, ignores);
  for (const auto& file : t.var_files()) CollectFile(*file, ignores);
  std::erase_if(findings, [&](const Finding& finding) {
    return std::any_of(ignores.begin(), ignores.end(), [&](const Ignore& ignore) {
      int line = finding.range.start.line;
      return ignore.path == finding.range.path && ignore.first <= line && line <= ignore.last &&
             std::find(ignore.rules.begin(), ignore.rules.end(), finding.rule) !=
                 ignore.rules.end();
    });
  });
}

}  // namespace bakery::lint::internal
