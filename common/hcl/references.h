#pragma once
// Static analysis over expressions (hclsyntax/spec.md "Static Analysis"):
// static traversals such as `var.region` or `local.names[0]`, and every
// reference an expression makes to variables of its scope, for the Packer
// model, the evaluator and dependency discovery.

#include <optional>
#include <string>
#include <vector>

#include "common/hcl/ast.h"

namespace bakery::hcl {

/// A traversal from a root variable: `var.volumes[0].size` is
/// {"var", "volumes", "0", "size"}.
struct Reference {
  std::vector<std::string> parts;
  SourceRange range;

  /// The parts joined with '.', e.g. "var.volumes.0.size".
  std::string ToString() const;
};

/// The static traversal `expr` denotes: a variable followed only by
/// attribute accesses and indexes with literal keys (numbers, strings
/// without interpolation). nullopt for anything else. The keywords true,
/// false and null are not traversals here.
std::optional<std::vector<std::string>> StaticTraversal(const Expression& expr);

/// Every reference `expr` makes to a variable of the enclosing scope, in
/// source order: the longest static traversal at each use (`var.a[local.i]`
/// gives var.a and local.i). Names bound by for expressions and %{for}
/// directives are not references inside their bodies, nor is the element of
/// a splat.
std::vector<Reference> FindReferences(const Expression& expr);

/// The references of every attribute in `body` and its nested blocks.
std::vector<Reference> FindReferences(const Body& body);

}  // namespace bakery::hcl
