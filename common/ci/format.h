#pragma once
// Exact text formats of the CI protocols, as pure functions (the sinks in
// output.h write them). Reference: ci-and-aws-conventions.md §1.3-1.4, §2.2.

#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/base/error.h"

namespace bakery::ci {

/// Workflow-command message escaping: % \r \n.
std::string EscapeData(std::string_view text);
/// Workflow-command property escaping: % \r \n : ,
std::string EscapeProperty(std::string_view text);

/// "::name k=v,k=v::message" with both escapings applied; empty-valued
/// properties are left out.
std::string WorkflowCommand(std::string_view name,
                            const std::vector<std::pair<std::string, std::string>>& properties,
                            std::string_view message);

/// Makes heredoc delimiters; injectable so tests are deterministic.
using DelimiterSource = std::function<std::string()>;
/// "ghadelimiter_<random uuid>" from /dev/urandom.
std::string RandomDelimiter();

/// One $GITHUB_OUTPUT / $GITHUB_ENV entry: "name=value\n" for single-line
/// values, "name<<DELIM\nvalue\nDELIM\n" otherwise, with a delimiter drawn
/// until it does not occur in the value. Names must be non-empty and free of
/// "=", "<<" and newlines (kInternal otherwise: a bakery bug).
Result<std::string> EnvFileEntry(std::string_view name, std::string_view value,
                                 const DelimiterSource& delimiters);

/// "AMI_IDS" from "ami-ids": the shell variable name for a CodeBuild export.
std::string ExportName(std::string_view output_name);
/// "export AMI_ID='ami-1'\n", single-quoted so any value is safe in sh.
std::string ExportLine(std::string_view output_name, std::string_view value);

/// A GitHub-flavoured markdown table; `|` and newlines in cells are escaped.
std::string MarkdownTable(const std::vector<std::string>& headers,
                          const std::vector<std::vector<std::string>>& rows);

}  // namespace bakery::ci
