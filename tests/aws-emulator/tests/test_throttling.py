"""EC2-like throttling: published bucket sizes, burst then RequestLimitExceeded (503),
then the refill rate; buckets per action and region; off by default."""
import time
import unittest

from harness import EmulatorTestCase
from emulator import throttle

# retention-and-api-limits.md §6 (EC2 "Request throttling" page): action -> (max, refill/s)
PUBLISHED = {
    "DescribeImages": (100, 20),          # non-mutating
    "DescribeLaunchTemplates": (100, 20),
    "DescribeSnapshots": (50, 10),        # unfiltered and unpaginated non-mutating
    "DescribeInstances": (50, 10),
    "EnableImageDeprecation": (50, 5),    # mutating
    "CreateKeyPair": (50, 5),             # resource-intensive
    "DeregisterImage": (100, 5),          # uncategorized
    "DeleteSnapshot": (100, 5),
    "CreateTags": (100, 10),
    "CopyImage": (100, 1),
    "RunInstances": (5, 2),
    "TerminateInstances": (100, 5),
}
SCALE = 0.5
CAPACITY, REFILL = (n * SCALE for n in PUBLISHED["DescribeImages"])
MEASURE_SECONDS = 3.0
PACE_SECONDS = 0.01  # far below 1/REFILL, so pacing never limits the success count


class ThrottlingTest(EmulatorTestCase):
    def describe(self, region="us-east-1", action="DescribeImages"):
        return self.emulator.raw({"Action": action}, region=region)

    def enable(self, scale=SCALE):
        self.emulator.control("config", {"throttling": {"enabled": True, "scale": scale}})

    def drain(self, **kwargs):
        """Calls until the first throttled answer; returns (successes, seconds, answer)."""
        successes, start = 0, time.monotonic()
        while True:
            answer = self.describe(**kwargs)
            if answer[0] != 200:
                return successes, time.monotonic() - start, answer
            successes += 1
            self.assertLess(successes, 10 * CAPACITY, "never throttled")

    def test_published_bucket_sizes(self):
        for action, (capacity, refill) in PUBLISHED.items():
            with self.subTest(action=action):
                self.assertEqual(throttle.bucket_for(action, {})[1:], (capacity, refill))
        # Filtered or paginated, the unfiltered-only actions use the non-mutating bucket.
        for params in ({"Filter.1.Name": "tag-key"}, {"MaxResults": "5"}, {"SnapshotId.1": "x"}):
            self.assertEqual(throttle.bucket_for("DescribeSnapshots", params)[1:], (100, 20))

    def test_burst_then_request_limit_exceeded(self):
        self.enable()
        successes, seconds, answer = self.drain()
        # The full bucket serves CAPACITY calls; refill during the burst adds at most
        # REFILL * seconds more (+1 for a token completing as the last call lands).
        self.assertGreaterEqual(successes, CAPACITY)
        self.assertLessEqual(successes, CAPACITY + REFILL * seconds + 1)
        message = self.assertEc2Error(answer, 503, "RequestLimitExceeded")
        self.assertEqual(message, "Request limit exceeded.")
        state = self.emulator.control("state")
        self.assertEqual(state["throttled"], {"DescribeImages": 1})
        self.assertEqual(state["calls"]["DescribeImages"], successes + 1)

    def test_refill_rate_after_burst(self):
        self.enable()
        self.drain()
        successes, throttled = 0, 0
        start = time.monotonic()
        while time.monotonic() - start < MEASURE_SECONDS:
            status = self.describe()[0]
            self.assertIn(status, (200, 503))
            successes += status == 200
            throttled += status == 503
            time.sleep(PACE_SECONDS)
        expected = REFILL * (time.monotonic() - start)
        self.assertGreater(throttled, successes, "calls outpaced the refill, as intended")
        self.assertLessEqual(abs(successes - expected), 0.1 * expected,
                             f"{successes} calls in {MEASURE_SECONDS}s, expected {expected:.1f}")

    def test_buckets_are_per_action_and_region(self):
        self.enable()
        self.drain()
        self.assertEqual(self.describe()[0], 503)
        # Another region, and another action of the same (non-mutating) class, still have
        # full buckets: EC2 throttles per account, per region, per API action.
        self.assertEqual(self.describe(region="eu-west-1")[0], 200)
        self.assertEqual(self.describe(action="DescribeLaunchTemplates")[0], 200)

    def test_off_by_default_and_after_reset(self):
        tiny = 2 / PUBLISHED["DescribeImages"][0]  # a bucket of 2 calls
        self.enable(scale=tiny)
        self.assertEqual([self.describe()[0] for _ in range(3)], [200, 200, 503])
        self.emulator.control("reset", {})
        self.assertEqual({self.describe()[0] for _ in range(10)}, {200})
        self.assertEqual(self.emulator.control("state")["throttled"], {})


if __name__ == "__main__":
    unittest.main()
