#pragma once
// Aligned plain-text tables for terminal and CI logs (markdown ones for step
// summaries are ci::MarkdownTable).

#include <string>
#include <vector>

namespace bakery::report {

/// Columns padded to the widest cell, two spaces apart, no trailing spaces.
/// Widths count UTF-8 code points, so "—" and "✓" align. Rows may be wider
/// than `headers`; empty `headers` prints no header line.
std::string TextTable(const std::vector<std::string>& headers,
                      const std::vector<std::vector<std::string>>& rows);

}  // namespace bakery::report
