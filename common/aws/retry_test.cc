#include "common/aws/retry.h"

#include <gtest/gtest.h>

#include "common/aws/rate_limiter.h"

namespace bakery::aws {
namespace {

TEST(Retry, ClassifiesByCodeThenStatus) {
  struct Case { std::string code; int status; std::optional<TransportFailure> transport; FailureClass want; };
  for (const Case& c : {Case{"RequestLimitExceeded", 503, {}, FailureClass::kThrottling},
                        Case{"Throttling", 400, {}, FailureClass::kThrottling},
                        Case{"InternalError", 500, {}, FailureClass::kTransient},
                        Case{"", 502, {}, FailureClass::kTransient},
                        Case{"", 429, {}, FailureClass::kThrottling},
                        Case{"InvalidAMIID.NotFound", 400, {}, FailureClass::kNone},
                        Case{"", 0, TransportFailure::kTimeout, FailureClass::kTransient},
                        Case{"", 0, TransportFailure::kReset, FailureClass::kTransient},
                        Case{"", 0, TransportFailure::kTls, FailureClass::kNone}}) {
    EXPECT_EQ(ClassifyFailure(c.code, c.status, c.transport), c.want) << c.code << " " << c.status;
  }
}

TEST(Retry, BackoffIsFullJitterCappedAtTwentySeconds) {
  using std::chrono::milliseconds;
  EXPECT_EQ(BackoffDelay(0, FailureClass::kTransient, 1.0), milliseconds(50));
  EXPECT_EQ(BackoffDelay(3, FailureClass::kTransient, 0.5), milliseconds(200));
  EXPECT_EQ(BackoffDelay(2, FailureClass::kThrottling, 0.25), milliseconds(1000));
  EXPECT_EQ(BackoffDelay(10, FailureClass::kThrottling, 1.0), milliseconds(20000));
  EXPECT_EQ(BackoffDelay(10, FailureClass::kThrottling, 0.0), milliseconds(0));
}

TEST(Retry, QuotaCostsAndRefunds) {
  RetryQuota quota;
  EXPECT_TRUE(quota.TryAcquire(FailureClass::kTransient));
  EXPECT_EQ(quota.Available(), 486);
  EXPECT_TRUE(quota.TryAcquire(FailureClass::kThrottling));
  EXPECT_EQ(quota.Available(), 481);
  quota.Release(FailureClass::kThrottling);
  EXPECT_EQ(quota.Available(), 486);
  quota.Release(std::nullopt);
  EXPECT_EQ(quota.Available(), 487);
  while (quota.TryAcquire(FailureClass::kTransient)) {}
  EXPECT_LT(quota.Available(), 14);
}

TEST(Retry, RecognisesSkewAndExpiry) {
  EXPECT_TRUE(IsClockSkewError("RequestTimeTooSkewed", ""));
  EXPECT_TRUE(IsClockSkewError("RequestExpired", "Request has expired."));
  EXPECT_TRUE(IsClockSkewError("InvalidSignatureException", "Signature expired: 2023..."));
  EXPECT_FALSE(IsClockSkewError("SignatureDoesNotMatch", "The request signature we calculated"));
  EXPECT_TRUE(IsExpiredCredentialsError("ExpiredToken"));
  EXPECT_FALSE(IsExpiredCredentialsError("AuthFailure"));
}

TEST(RateLimiter, BucketsFollowTheEc2Table) {
  struct Case { std::string action; bool unfiltered; double capacity; double refill; };
  for (const Case& c : {Case{"DescribeImages", false, 100, 20}, Case{"DescribeSnapshots", true, 50, 10},
                        Case{"DescribeSnapshots", false, 100, 20}, Case{"DeregisterImage", false, 100, 5},
                        Case{"DeleteSnapshot", false, 100, 5}, Case{"CreateTags", false, 100, 10},
                        Case{"EnableImageDeprecation", false, 50, 5}, Case{"RunInstances", false, 5, 2},
                        Case{"CreateKeyPair", false, 50, 5}}) {
    BucketSpec spec = Ec2BucketFor(c.action, c.unfiltered);
    EXPECT_EQ(spec.capacity, c.capacity) << c.action;
    EXPECT_EQ(spec.refill_per_second, c.refill) << c.action;
  }
}

TEST(RateLimiter, BurstThenRefillRate) {
  FakeClock clock(SystemTime{});
  RateLimiter limiter(clock);
  for (int i = 0; i < 100; ++i) limiter.Acquire("us-east-1", "DeregisterImage", false);
  EXPECT_EQ(clock.TotalSlept().count(), 0) << "the burst is free";
  for (int i = 0; i < 50; ++i) limiter.Acquire("us-east-1", "DeregisterImage", false);
  // 50 more at 90% of 5/s take 11.1 s (each wait rounds up by 1 ms).
  EXPECT_NEAR(static_cast<double>(clock.TotalSlept().count()), 11111.0, 100.0);
  auto before = clock.TotalSlept();
  limiter.Acquire("eu-west-1", "DeregisterImage", false);
  limiter.Acquire("us-east-1", "DeleteSnapshot", false);
  EXPECT_EQ(clock.TotalSlept(), before) << "other regions and actions have their own buckets";
}

TEST(RateLimiter, AdaptiveModeHalvesTheRateOnThrottling) {
  FakeClock clock(SystemTime{});
  RateLimiter limiter(clock, 1.0, /*adaptive=*/true);
  limiter.Acquire("r", "DescribeImages", false);
  limiter.OnThrottled("r", "DescribeImages", false);  // 18/s → 9/s, bucket emptied
  for (int i = 0; i < 9; ++i) limiter.Acquire("r", "DescribeImages", false);
  EXPECT_NEAR(static_cast<double>(clock.TotalSlept().count()), 1000.0, 50.0);
}

}  // namespace
}  // namespace bakery::aws
