#pragma once
// The HCL native-syntax parser (hashicorp/hcl hclsyntax/spec.md): the
// structural language (bodies, attributes, blocks), the expression language
// and the template language. Errors are collected, never thrown: the parser
// recovers at the next line or closing brace so one run reports several.

#include <string>
#include <string_view>
#include <vector>

#include "common/hcl/ast.h"
#include "common/hcl/source.h"

namespace bakery::hcl {

struct ParseResult {
  Body body;
  std::vector<Diagnostic> diagnostics;  // lexer and parser errors, in source order
};

struct ExpressionResult {
  ExprPtr expr;  // null when nothing usable was parsed
  std::vector<Diagnostic> diagnostics;
};

/// Parses a configuration file (`*.pkr.hcl`, `*.pkrvars.hcl`). `path` is
/// only used in ranges and diagnostics. The body holds everything that
/// parsed; a malformed attribute or block is left out and reported.
ParseResult Parse(std::string_view text, std::string path);

/// Parses one expression filling the whole text (newlines are allowed
/// around it). Used by tests and tools.
ExpressionResult ParseExpression(std::string_view text, std::string path);

/// Parses `text` as a standalone template (no quotes, no escapes other than
/// $${ and %%{), as HCL's JSON syntax does with strings. Positions start at
/// `origin`. The result is always a TemplateExpr unless errors occurred.
ExpressionResult ParseTemplate(std::string_view text, std::string path,
                               SourcePos origin = SourcePos{});

}  // namespace bakery::hcl
