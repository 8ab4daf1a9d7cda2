"""Injected faults: per-action error rates, latency and dropped connections."""
import random
import threading


class Faults:
    def __init__(self):
        self.lock = threading.Lock()
        self.random = random.Random(0)
        self.rules: dict = {}  # action or "*" -> {"error_rate", "unavailable_rate", "drop_rate", "latency_ms"}

    def configure(self, rules: dict, seed: int = 0):
        with self.lock:
            self.rules = rules
            self.random = random.Random(seed)

    def decide(self, action: str) -> dict:
        """{'latency_ms': n, 'outcome': None | 'InternalError' | 'Unavailable' | 'drop'}."""
        with self.lock:
            # An action's own rule wins over "*" even when empty ({} exempts the action).
            rule = self.rules[action] if action in self.rules else self.rules.get("*")
            if not rule:
                return {"latency_ms": 0, "outcome": None}
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
            return {"latency_ms": int(rule.get("latency_ms", 0)), "outcome": outcome}
