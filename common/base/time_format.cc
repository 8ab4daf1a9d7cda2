#include "common/base/time_format.h"

#include <charconv>
#include <ctime>

#include <fmt/format.h>

namespace bakery {
namespace {

bool ReadInt(std::string_view text, size_t& pos, int digits, int& out) {
  if (pos + digits > text.size()) return false;
  auto [end, error] = std::from_chars(text.data() + pos, text.data() + pos + digits, out);
  if (error != std::errc() || end != text.data() + pos + digits) return false;
  pos += digits;
  return true;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

std::tm ToUtc(SystemTime time) {
  std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return utc;
}

}  // namespace

std::string FormatIso8601(SystemTime time) {
  std::tm utc = ToUtc(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string FormatIso8601Millis(SystemTime time) {
  std::string whole = FormatIso8601(time);
  auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch())
                    .count() % 1000;
  return fmt::format("{}.{:03}Z", whole.substr(0, whole.size() - 1), millis);
}

Result<SystemTime> ParseIso8601(std::string_view text) {
  std::tm tm{};
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  bool ok = ReadInt(text, pos, 4, year) && Expect(text, pos, '-') &&
            ReadInt(text, pos, 2, month) && Expect(text, pos, '-') &&
            ReadInt(text, pos, 2, day) && (Expect(text, pos, 'T') || Expect(text, pos, ' ')) &&
            ReadInt(text, pos, 2, hour) && Expect(text, pos, ':') &&
            ReadInt(text, pos, 2, minute) && Expect(text, pos, ':') &&
            ReadInt(text, pos, 2, second);
  int millis = 0;
  if (ok && pos < text.size() && text[pos] == '.') {
    size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    std::string digits(text.substr(start, std::min<size_t>(pos - start, 3)));
    digits.resize(3, '0');
    millis = std::stoi(digits);
    ok = pos > start;
  }
  int offset_minutes = 0;
  if (ok && pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      ++pos;
    } else if ((text[pos] == '+' || text[pos] == '-') && text.size() - pos == 6) {
      int sign = text[pos] == '-' ? -1 : 1;
      int offset_hours = 0, offset_mins = 0;
      ++pos;
      ok = ReadInt(text, pos, 2, offset_hours) && Expect(text, pos, ':') &&
           ReadInt(text, pos, 2, offset_mins);
      offset_minutes = sign * (offset_hours * 60 + offset_mins);
    } else {
      ok = false;
    }
  }
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    return Fail(ErrorKind::kBadInput,
                "\"{}\" is not an ISO 8601 time; expected e.g. 2026-11-24T10:44:39Z", text);
  }
  tm.tm_year = year - 1900;
  tm.tm_mon = month - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = minute;
  tm.tm_sec = second;
  SystemTime time = std::chrono::system_clock::from_time_t(timegm(&tm));
  return time + std::chrono::milliseconds(millis) - std::chrono::minutes(offset_minutes);
}

Result<std::chrono::seconds> ParseDuration(std::string_view text) {
  long long value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  size_t digits = static_cast<size_t>(end - text.data());
  if (error != std::errc() || digits == 0 || digits + 1 != text.size() || value < 0) {
    return Fail(ErrorKind::kBadInput,
                "invalid duration \"{}\": expected <number><unit> with unit s, m, h, d or w "
                "(e.g. 30d)", text);
  }
  switch (text.back()) {
    case 's': return std::chrono::seconds(value);
    case 'm': return std::chrono::seconds(value * 60);
    case 'h': return std::chrono::seconds(value * 3600);
    case 'd': return std::chrono::seconds(value * 86400);
    case 'w': return std::chrono::seconds(value * 604800);
    default:
      return Fail(ErrorKind::kBadInput,
                  "invalid duration \"{}\": unknown unit '{}'; use s, m, h, d or w", text,
                  text.back());
  }
}

std::string FormatDuration(std::chrono::seconds duration) {
  long long total = duration.count();
  if (total < 0) return "-" + FormatDuration(std::chrono::seconds(-total));
  static constexpr std::pair<long long, char> kUnits[] = {
      {604800, 'w'}, {86400, 'd'}, {3600, 'h'}, {60, 'm'}, {1, 's'}};
  for (size_t i = 0; i < std::size(kUnits); ++i) {
    auto [size, unit] = kUnits[i];
    if (total < size && size != 1) continue;
    long long major = total / size;
    long long rest = total % size;
    if (i + 1 < std::size(kUnits) && rest >= kUnits[i + 1].first) {
      return fmt::format("{}{} {}{}", major, unit, rest / kUnits[i + 1].first,
                         kUnits[i + 1].second);
    }
    return fmt::format("{}{}", major, unit);
  }
  return "0s";
}

}  // namespace bakery
