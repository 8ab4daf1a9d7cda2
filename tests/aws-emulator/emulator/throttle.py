"""EC2-like token buckets per action class (retention-and-api-limits.md §6)."""
import threading
import time

# action -> (bucket name, capacity, refill per second)
_UNCATEGORIZED = {
    "DeregisterImage": (100, 5), "DeleteSnapshot": (100, 5), "CreateTags": (100, 10),
    "DeleteTags": (100, 10), "ModifyImageAttribute": (100, 5), "CopyImage": (100, 1),
    "RunInstances": (5, 2), "StartInstances": (5, 2), "TerminateInstances": (100, 5),
    "ModifySnapshotAttribute": (100, 5), "CreateSnapshot": (100, 5),
}
_RESOURCE_INTENSIVE = {"AuthorizeSecurityGroupIngress", "CreateKeyPair",
                       "RevokeSecurityGroupIngress", "RequestSpotInstances"}
_UNFILTERED = {"DescribeInstances", "DescribeInstanceStatus", "DescribeSecurityGroups",
               "DescribeSnapshots", "DescribeVolumes", "DescribeNetworkInterfaces"}
_READ_PREFIXES = ("Describe", "List", "Search", "Get")


def bucket_for(action: str, params: dict):
    """(bucket name, capacity, refill/s) for an EC2 action and its parameters. The
    category only sizes the bucket: EC2 keeps one bucket per API action ("each API is
    evaluated individually"), so draining DescribeImages leaves DescribeTags alone."""
    if action in _UNCATEGORIZED:
        capacity, refill = _UNCATEGORIZED[action]
        return action, capacity, refill
    if action in _RESOURCE_INTENSIVE:
        return f"{action}/resource-intensive", 50, 5
    if action.startswith(_READ_PREFIXES):
        paginated = "MaxResults" in params or "NextToken" in params
        filtered = any(k.startswith(("Filter.", "InstanceId.", "SnapshotId.", "GroupId."))
                       for k in params)
        if action in _UNFILTERED and not paginated and not filtered:
            return f"{action}/unfiltered-non-mutating", 50, 10
        return f"{action}/non-mutating", 100, 20
    return f"{action}/mutating", 50, 5


class Buckets:
    """Per (region, bucket) token buckets; `scale` multiplies capacity and refill."""

    def __init__(self):
        self.enabled = False
        self.scale = 1.0
        self.lock = threading.Lock()
        self.state: dict = {}  # (region, bucket) -> [tokens, last]

    def configure(self, enabled: bool, scale: float):
        with self.lock:
            self.enabled = enabled
            self.scale = scale
            self.state.clear()

    def take(self, region: str, action: str, params: dict) -> bool:
        """True when the call may proceed, False when it is throttled."""
        if not self.enabled:
            return True
        name, capacity, refill = bucket_for(action, params)
        capacity *= self.scale
        refill *= self.scale
        now = time.monotonic()
        with self.lock:
            tokens, last = self.state.get((region, name), (capacity, now))
            tokens = min(capacity, tokens + (now - last) * refill)
            allowed = tokens >= 1
            if allowed:
                tokens -= 1
            self.state[(region, name)] = (tokens, now)
            return allowed
