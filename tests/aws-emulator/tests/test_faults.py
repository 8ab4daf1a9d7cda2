"""Fault injection through /_emulator/config: per-action error, unavailable and drop
rates (seeded), added latency, the "*" rule, reset, and per-action call counts."""
import http.client
import time
import unittest
import urllib.error

from harness import EmulatorTestCase

CALLS = 400
RULE = {"error_rate": 0.10, "unavailable_rate": 0.15, "drop_rate": 0.05}
# A binomial rate over 400 calls has a standard deviation of at most 0.025; allow 2.5 of it.
TOLERANCE = 0.0625
LATENCY_MS = 80


class FaultsTest(EmulatorTestCase):
    def configure(self, rules, seed=7):
        self.emulator.control("config", {"faults": {"rules": rules, "seed": seed}})

    def call(self, action="DescribeImages"):
        """'ok', 'drop', or the error code after checking EC2's error document."""
        try:
            answer = self.emulator.raw({"Action": action})
        except (urllib.error.URLError, http.client.HTTPException, ConnectionError):
            return "drop"
        if answer[0] == 200:
            return "ok"
        code = "InternalError" if answer[0] == 500 else "Unavailable"
        self.assertEc2Error(answer, 500 if code == "InternalError" else 503, code)
        return code

    def outcomes(self, action="DescribeImages", count=CALLS):
        return [self.call(action) for _ in range(count)]

    def test_configured_rates_are_observed(self):
        self.configure({"DescribeImages": RULE})
        outcomes = self.outcomes()
        expected = {"InternalError": RULE["error_rate"], "Unavailable": RULE["unavailable_rate"],
                    "drop": RULE["drop_rate"]}
        expected["ok"] = 1 - sum(expected.values())
        for outcome, rate in expected.items():
            with self.subTest(outcome=outcome):
                observed = outcomes.count(outcome) / CALLS
                self.assertAlmostEqual(observed, rate, delta=TOLERANCE)
        # Other actions have no rule and are untouched.
        self.assertEqual(set(self.outcomes("DescribeKeyPairs", 20)), {"ok"})

    def test_fixed_seed_repeats_the_sequence(self):
        self.configure({"DescribeImages": RULE}, seed=11)
        first = self.outcomes(count=60)
        self.configure({"DescribeImages": RULE}, seed=11)
        self.assertEqual(self.outcomes(count=60), first)
        self.configure({"DescribeImages": RULE}, seed=12)
        self.assertNotEqual(self.outcomes(count=60), first)

    def test_latency_is_added(self):
        def timed(count=8):
            durations = []
            for _ in range(count):
                start = time.monotonic()
                self.assertEqual(self.call("DescribeRegions"), "ok")
                durations.append(time.monotonic() - start)
            return durations
        baseline = min(timed())
        self.configure({"DescribeRegions": {"latency_ms": LATENCY_MS}})
        delayed = timed()
        self.assertGreaterEqual(min(delayed), LATENCY_MS / 1000)
        # Upper bound only loosely: a loaded CI machine adds its own delays.
        added = sorted(delayed)[len(delayed) // 2] - baseline
        self.assertLess(added, LATENCY_MS / 1000 + 0.1)

    def test_star_rule_applies_to_every_action_unless_overridden(self):
        self.configure({"*": {"error_rate": 1.0}, "DescribeRegions": {}})
        for action in ("DescribeImages", "DescribeKeyPairs", "DescribeInstances"):
            self.assertEqual(self.call(action), "InternalError", action)
        self.assertEqual(self.call("DescribeRegions"), "ok")
        # Other protocols fail the same way, as awscli sees it (no retries).
        env = self.emulator.env(AWS_MAX_ATTEMPTS="1")
        self.assertAwsError("InternalError", "sts", "get-caller-identity", env=env)
        self.assertAwsError("InternalError", "ssm", "get-parameter", "--name", "x", env=env)

    def test_unavailable_seen_by_awscli(self):
        self.configure({"DescribeImages": {"unavailable_rate": 1.0}})
        error = self.assertAwsError("Unavailable", "ec2", "describe-images", "--owners", "self",
                                    env=self.emulator.env(AWS_MAX_ATTEMPTS="1"))
        self.assertIn("The service is unavailable", error.message)

    def test_reset_clears_faults(self):
        self.configure({"*": {"error_rate": 1.0, "latency_ms": LATENCY_MS}})
        self.assertEqual(self.call(), "InternalError")
        self.emulator.control("reset", {})
        start = time.monotonic()
        self.assertEqual(self.outcomes(count=5), ["ok"] * 5)
        self.assertLess(time.monotonic() - start, 5 * LATENCY_MS / 1000)
        self.assertEqual(self.emulator.control("state")["faulted"], {})

    def test_state_counts_calls_and_faults_per_action(self):
        self.configure({"DescribeImages": RULE}, seed=3)
        outcomes = self.outcomes(count=50)
        self.outcomes("DescribeKeyPairs", 7)
        state = self.emulator.control("state")
        self.assertEqual(state["calls"], {"DescribeImages": 50, "DescribeKeyPairs": 7})
        self.assertEqual(state["faulted"], {"DescribeImages": 50 - outcomes.count("ok")})
        self.assertEqual(state["throttled"], {})


if __name__ == "__main__":
    unittest.main()
