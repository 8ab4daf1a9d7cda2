#include "common/report/text_table.h"

#include <algorithm>

namespace bakery::report {
namespace {

size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::ranges::count_if(
      text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string Row(const std::vector<std::string>& cells, const std::vector<size_t>& widths) {
  std::string line;
  for (size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line += std::string(widths[i] - DisplayWidth(cells[i]) + 2, ' ');
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line + "\n";
}

}  // namespace

std::string TextTable(const std::vector<std::string>& headers,
                      const std::vector<std::vector<std::string>>& rows) {
  size_t columns = headers.size();
  for (const auto& row : rows) columns = std::max(columns, row.size());
  std::vector<size_t> widths(columns, 0);
  auto measure = [&widths](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) {
      widths[i] = std::max(widths[i], DisplayWidth(cells[i]));
    }
  };
  measure(headers);
  for (const auto& row : rows) measure(row);
  // No headers: a key/value listing without a header line.
  std::string table = headers.empty() ? "" : Row(headers, widths);
  for (const auto& row : rows) table += Row(row, widths);
  return table;
}

}  // namespace bakery::report
