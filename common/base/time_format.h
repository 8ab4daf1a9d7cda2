#pragma once
// Time stamps and durations as bakery reads and writes them: ISO 8601 UTC
// (AWS CreationDate, credential Expiration, tags) and "<number><s|m|h|d|w>"
// durations (retention policies, --max-age).

#include <chrono>
#include <string>
#include <string_view>

#include "common/base/clock.h"
#include "common/base/error.h"

namespace bakery {

/// "2026-11-24T10:44:39Z" (whole seconds).
std::string FormatIso8601(SystemTime time);
/// "2026-11-24T10:44:39.000Z" (milliseconds, as EC2 writes CreationDate).
std::string FormatIso8601Millis(SystemTime time);

/// Accepts "YYYY-MM-DDTHH:MM:SS" with optional fractional seconds and a
/// "Z" or "±HH:MM" offset (no offset means UTC).
Result<SystemTime> ParseIso8601(std::string_view text);

/// "90s", "15m", "12h", "7d", "2w" → seconds. Errors name the accepted units.
Result<std::chrono::seconds> ParseDuration(std::string_view text);

/// The largest whole units: "45s", "12m", "5h 3m", "3d 4h", "2w 1d".
std::string FormatDuration(std::chrono::seconds duration);

}  // namespace bakery
