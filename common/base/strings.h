#pragma once
// Small string helpers shared by every module.

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bakery {

std::vector<std::string> Split(std::string_view text, char separator);
std::string_view Trim(std::string_view text);
std::string Join(std::span<const std::string> parts, std::string_view separator);
bool StartsWith(std::string_view text, std::string_view prefix);
std::string ToLower(std::string_view text);
std::string ToUpper(std::string_view text);

/// Edit distance with adjacent transpositions (optimal string alignment), capped: returns max_distance + 1 once it is exceeded.
int EditDistance(std::string_view a, std::string_view b, int max_distance);

/// The candidate closest to `word` if it is close enough to be a likely typo
/// (distance <= max(1, len/3)), as ninja's "did you mean" does.
std::optional<std::string> SuggestClosest(std::string_view word,
                                          std::span<const std::string> candidates);

/// " (did you mean 'x'?)" or "" — appended to "unknown ..." messages.
std::string DidYouMean(std::string_view word, std::span<const std::string> candidates);

}  // namespace bakery
