#include "common/ci/format.h"

#include <fcntl.h>
#include <unistd.h>

#include <array>

#include <fmt/format.h>

#include "common/base/strings.h"

namespace bakery::ci {
namespace {

std::string Replace(std::string_view text,
                    std::initializer_list<std::pair<char, std::string_view>> mappings) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    bool replaced = false;
    for (const auto& [from, to] : mappings) {
      if (c == from) {
        out += to;
        replaced = true;
        break;
      }
    }
    if (!replaced) out += c;
  }
  return out;
}

std::string RandomHex(size_t bytes) {
  std::array<unsigned char, 32> buffer{};
  int fd = ::open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    [[maybe_unused]] ssize_t n = ::read(fd, buffer.data(), bytes);
    ::close(fd);
  }
  std::string hex;
  for (size_t i = 0; i < bytes; ++i) hex += fmt::format("{:02x}", buffer[i]);
  return hex;
}

bool ContainsLine(std::string_view value, std::string_view line) {
  for (const std::string& candidate : Split(value, '\n')) {
    std::string_view trimmed = candidate;
    if (!trimmed.empty() && trimmed.back() == '\r') trimmed.remove_suffix(1);
    if (trimmed == line) return true;
  }
  return false;
}

}  // namespace

std::string EscapeData(std::string_view text) {
  return Replace(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}});
}

std::string EscapeProperty(std::string_view text) {
  return Replace(text, {{'%', "%25"}, {'\r', "%0D"}, {'\n', "%0A"}, {':', "%3A"}, {',', "%2C"}});
}

std::string WorkflowCommand(std::string_view name,
                            const std::vector<std::pair<std::string, std::string>>& properties,
                            std::string_view message) {
  std::string line = fmt::format("::{}", name);
  bool first = true;
  for (const auto& [key, value] : properties) {
    if (value.empty()) continue;
    line += fmt::format("{}{}={}", first ? " " : ",", key, EscapeProperty(value));
    first = false;
  }
  return line + "::" + EscapeData(message);
}

std::string RandomDelimiter() {
  std::string hex = RandomHex(16);
  return fmt::format("ghadelimiter_{}-{}-{}-{}-{}", hex.substr(0, 8), hex.substr(8, 4),
                     hex.substr(12, 4), hex.substr(16, 4), hex.substr(20, 12));
}

Result<std::string> EnvFileEntry(std::string_view name, std::string_view value,
                                 const DelimiterSource& delimiters) {
  if (name.empty() || name.find('=') != std::string_view::npos ||
      name.find("<<") != std::string_view::npos || name.find('\n') != std::string_view::npos) {
    return Fail(ErrorKind::kInternal, "invalid output name '{}'", name);
  }
  if (value.find('\n') == std::string_view::npos && value.find('\r') == std::string_view::npos) {
    return fmt::format("{}={}\n", name, value);
  }
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::string delimiter = delimiters();
    if (delimiter.empty() || ContainsLine(value, delimiter) ||
        value.find(delimiter) != std::string_view::npos) {
      continue;
    }
    return fmt::format("{}<<{}\n{}\n{}\n", name, delimiter, value, delimiter);
  }
  return Fail(ErrorKind::kInternal, "no heredoc delimiter avoids the value of output '{}'", name);
}

std::string ExportName(std::string_view output_name) {
  std::string name = ToUpper(output_name);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

std::string ExportLine(std::string_view output_name, std::string_view value) {
  std::string quoted = "'";
  for (char c : value) {
    if (c == '\'') quoted += "'\\''";
    else quoted += c;
  }
  quoted += "'";
  return fmt::format("export {}={}\n", ExportName(output_name), quoted);
}

std::string MarkdownTable(const std::vector<std::string>& headers,
                          const std::vector<std::vector<std::string>>& rows) {
  auto cell = [](std::string_view text) {
    return Replace(text, {{'|', "\\|"}, {'\n', "<br>"}, {'\r', ""}});
  };
  std::string table = "|";
  for (const auto& header : headers) table += " " + cell(header) + " |";
  table += "\n|";
  for (size_t i = 0; i < headers.size(); ++i) table += " --- |";
  table += "\n";
  for (const auto& row : rows) {
    table += "|";
    for (const auto& value : row) table += " " + cell(value) + " |";
    table += "\n";
  }
  return table;
}

}  // namespace bakery::ci
