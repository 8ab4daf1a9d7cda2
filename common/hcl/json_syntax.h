#pragma once
// HCL's JSON syntax (hashicorp/hcl json/spec.md) for Packer templates
// (*.pkr.json), mapped onto the same Body/Expression model as the native
// syntax.
//
// JSON has no syntax for blocks, so the mapping needs a schema: which
// property names are blocks and how many label levels they nest. The
// schema is Packer's: packer{required_plugins}, variable "name"
// {validation}, variables, locals, local "name", data "type" "name",
// source "type" "name", build {source "ref", provisioner "type",
// post-processor "type", post-processors {post-processor "type"},
// error-cleanup-provisioner "type", hcp_packer_registry}, dynamic "name"
// {content}. Inside plugin bodies (source, data, provisioner,
// post-processor) a property is a block when its name is one of the known
// nested blocks of Packer's plugins (source_ami_filter,
// launch_block_device_mappings, ...) or its value is a non-empty array of
// objects; everything else is an attribute.
//
// Values map as the spec says: strings are standalone templates ("${...}"
// parsed), numbers, bools and null are literals, arrays are tuples and
// objects are objects (a key holding ${ or %{ is a template, others are
// string literals). Numbers keep their text; their double value is
// exact up to 2^53. The "//" property of a body is a comment and skipped.

#include <string>
#include <string_view>

#include "common/hcl/parser.h"

namespace bakery::hcl {

/// Parses a `*.pkr.json` file. Invalid JSON gives one diagnostic "invalid
/// JSON: <reason>" at the failing line and column. Shape errors (a block
/// that is not an object, a duplicate attribute, a template error inside a
/// string) are diagnostics at the offending value; the rest still maps.
ParseResult ParseJson(std::string_view text, std::string path);

}  // namespace bakery::hcl
