#pragma once
// Pieces of the Packer template model shared between its files (not a public API).

#include <string>
#include <string_view>

#include "common/hcl/parser.h"

namespace bakery::packer::internal {

/// A legacy JSON template (valid JSON, checked by the caller) as an HCL body.
hcl::ParseResult ParseLegacyJson(std::string_view text, const std::string& path);

/// A Go-template string of a legacy template as HCL template text.
std::string GoTemplateToHcl(std::string_view text);

}  // namespace bakery::packer::internal
