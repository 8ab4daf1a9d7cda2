#include "common/base/time_format.h"

#include <gtest/gtest.h>

namespace bakery {
namespace {

using std::chrono::seconds;

TEST(TimeFormat, RoundTripsIso8601) {
  Result<SystemTime> parsed = ParseIso8601("2026-11-24T10:44:39Z");
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(FormatIso8601(*parsed), "2026-11-24T10:44:39Z");
  EXPECT_EQ(FormatIso8601Millis(*parsed + std::chrono::milliseconds(250)),
            "2026-11-24T10:44:39.250Z");
}

TEST(TimeFormat, AcceptsFractionsAndOffsets) {
  struct Case { const char* text; const char* utc; };
  for (Case c : {Case{"2026-11-24T10:44:39.123Z", "2026-11-24T10:44:39Z"},
                 Case{"2026-11-24T12:44:39+02:00", "2026-11-24T10:44:39Z"},
                 Case{"2026-11-24T05:14:39-05:30", "2026-11-24T10:44:39Z"},
                 Case{"2026-11-24T10:44:39", "2026-11-24T10:44:39Z"}}) {
    Result<SystemTime> parsed = ParseIso8601(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(FormatIso8601(*parsed), c.utc) << c.text;
  }
}

TEST(TimeFormat, RejectsMalformedTimes) {
  for (const char* text : {"", "2026-13-01T00:00:00Z", "2026-11-24", "2026-11-24T10:44:39Q",
                           "yesterday"}) {
    Result<SystemTime> parsed = ParseIso8601(text);
    ASSERT_FALSE(parsed.has_value()) << text;
    EXPECT_NE(parsed.error().message.find("not an ISO 8601 time"), std::string::npos);
  }
}

TEST(TimeFormat, ParsesDurations) {
  struct Case { const char* text; long long seconds; };
  for (Case c : {Case{"90s", 90}, Case{"15m", 900}, Case{"12h", 43200}, Case{"7d", 604800},
                 Case{"2w", 1209600}, Case{"0d", 0}}) {
    Result<seconds> parsed = ParseDuration(c.text);
    ASSERT_TRUE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed->count(), c.seconds) << c.text;
  }
}

TEST(TimeFormat, RejectsBadDurations) {
  struct Case { const char* text; const char* message; };
  for (Case c : {Case{"7", "invalid duration \"7\": expected <number><unit> with unit s, m, h, "
                           "d or w (e.g. 30d)"},
                 Case{"7y", "invalid duration \"7y\": unknown unit 'y'; use s, m, h, d or w"},
                 Case{"d", "invalid duration \"d\": expected <number><unit> with unit s, m, h, "
                           "d or w (e.g. 30d)"},
                 Case{"-3d", "invalid duration \"-3d\": expected <number><unit> with unit s, m, "
                             "h, d or w (e.g. 30d)"}}) {
    Result<seconds> parsed = ParseDuration(c.text);
    ASSERT_FALSE(parsed.has_value()) << c.text;
    EXPECT_EQ(parsed.error().message, c.message);
  }
}

TEST(TimeFormat, FormatsDurationsInTwoUnits) {
  struct Case { long long seconds; const char* text; };
  for (Case c : {Case{0, "0s"}, Case{45, "45s"}, Case{720, "12m"}, Case{18180, "5h 3m"},
                 Case{273600, "3d 4h"}, Case{1296000, "2w 1d"}, Case{3600, "1h"}}) {
    EXPECT_EQ(FormatDuration(seconds(c.seconds)), c.text) << c.seconds;
  }
}

}  // namespace
}  // namespace bakery
