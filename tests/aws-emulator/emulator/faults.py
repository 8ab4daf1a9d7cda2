"""Injected faults: per-action error rates, latency and dropped connections."""
import random
import threading


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.random = random.Random(0)
        # action or "*" -> {"error_rate", "unavailable_rate", "drop_rate", "latency_ms", "limit"}
        self.rules: dict = {}
        self.injected: dict = {}  # rule key -> faults injected so far (for "limit")

    def configure(self, rules: dict, seed: int = 0):
        with self.lock:
            self.rules = rules
            self.random = random.Random(seed)
            self.injected = {}

    def decide(self, action: str) -> dict:
        """{'latency_ms': n, 'outcome': None | 'InternalError' | 'Unavailable' | 'drop'}."""
        with self.lock:
            # An action's own rule wins over "*" even when empty ({} exempts the action).
            key = action if action in self.rules else "*"
            rule = self.rules.get(key)
            if not rule:
                return {"latency_ms": 0, "outcome": None}
            # "limit": inject at most this many faults, then behave (a transient outage).
            if "limit" in rule and self.injected.get(key, 0) >= int(rule["limit"]):
                return {"latency_ms": int(rule.get("latency_ms", 0)), "outcome": None}
            roll = self.random.random()
            outcome = None
            error_rate = float(rule.get("error_rate", 0))
            unavailable_rate = float(rule.get("unavailable_rate", 0))
            drop_rate = float(rule.get("drop_rate", 0))
            if roll < error_rate:
                outcome = "InternalError"
            elif roll < error_rate + unavailable_rate:
                outcome = "Unavailable"
            elif roll < error_rate + unavailable_rate + drop_rate:
                outcome = "drop"
            if outcome:
                self.injected[key] = self.injected.get(key, 0) + 1
            return {"latency_ms": int(rule.get("latency_ms", 0)), "outcome": outcome}
