#!/usr/bin/env python3
"""bench/retention: bakery-retention --apply versus the common shell recipe.

Seeds the AWS emulator with IMAGES images in FAMILIES families over two regions
(1-2 snapshots each), EXPIRED of them old enough to delete, turns on EC2's
throttling (bucket sizes x SCALE, and bakery's client pacing x SCALE via
BAKERY_AWS_RATE_SCALE), then measures in the same run:

  bakery    bakery-retention --apply (all families, both regions)
  baseline  per region one `aws ec2 describe-images`, then per expired image
            `aws ec2 deregister-image` and `aws ec2 delete-snapshot` per snapshot
            (Debian awscli, one process per call, as a shell loop does). It runs
            on the first BASELINE_SAMPLE images of each region and is extrapolated
            linearly to all of them (0: run it on every image).

Prints wall time, API calls, throttled calls and peak RSS for both, and bakery's
time as a ratio to the minimum the token-bucket arithmetic allows:
per region and bucket, max(0, calls - capacity) / refill; regions run in
parallel and the buckets drain concurrently, so the minimum is the largest.
Exit 1 when a target is missed (unless --no-targets).
"""
import argparse
import datetime
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
EMULATOR_DIR = os.path.join(SOURCE, "tests", "aws-emulator")
REGIONS = ["us-east-1", "eu-west-1"]
DAY = 86400
ACCOUNT = "123456789012"
# EC2's buckets (capacity, refill/s): retention-and-api-limits.md section 6.
BUCKETS = {"DeregisterImage": (100, 5), "DeleteSnapshot": (100, 5),
           "DescribeImageAttribute": (100, 20), "DescribeImages": (100, 20)}


def read_text(path):
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


class Emulator:
    def __init__(self, tmp):
        port_file = os.path.join(tmp, "port")
        self.log = open(os.path.join(tmp, "emulator.log"), "w")
        self.process = subprocess.Popen([sys.executable, "-m", "emulator", "--port-file", port_file],
                                        cwd=EMULATOR_DIR, stdout=self.log, stderr=self.log)
        deadline = time.time() + 20
        while not read_text(port_file):
            if time.time() > deadline or self.process.poll() is not None:
                raise SystemExit("the emulator did not start: " + self.log.name)
            time.sleep(0.02)
        self.endpoint = "http://127.0.0.1:" + read_text(port_file)

    def control(self, route, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.endpoint}/_emulator/{route}", data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=600) as response:
            return json.loads(response.read() or b"null")

    def stop(self):
        self.process.kill()
        self.process.wait()
        self.log.close()


def seed_body(opts):
    """Per region and family: young images (kept by keep/min-age) and old ones (expired)."""
    per_group = opts.images // (len(REGIONS) * opts.families)
    expired = opts.expired // (len(REGIONS) * opts.families)
    regions = []
    for region in REGIONS:
        images = []
        for f in range(opts.families):
            family = f"fam{f:02d}"
            tags = {"bakery:family": family, "bakery:version": "1.{i}"}
            snapshots = 1 + f % 2
            images.append({"count": expired, "name": family + "-old-{i}", "tags": tags,
                           "snapshots": snapshots, "age_seconds": 90 * DAY, "step_seconds": 60})
            images.append({"count": per_group - expired, "name": family + "-new-{i}", "tags": tags,
                           "snapshots": snapshots, "age_seconds": 3 * DAY, "step_seconds": 10})
        regions.append({"region": region, "images": images})
    return {"regions": regions}


def prepare(emulator, opts):
    emulator.control("reset", {"seed": 1})
    emulator.control("seed", seed_body(opts))
    emulator.control("config", {"throttling": {"enabled": True, "scale": opts.scale}})


def env_for(emulator, opts, tmp):
    return {"PATH": "/usr/bin:/bin", "HOME": tmp, "TZ": "UTC", "AWS_PAGER": "",
            "AWS_ENDPOINT_URL": emulator.endpoint, "AWS_ACCESS_KEY_ID": "AKIABAKERYTEST000001",
            "AWS_SECRET_ACCESS_KEY": "bakery/emulator/secret/key/000000000000001",
            "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "BAKERY_AWS_RATE_SCALE": str(opts.scale)}


def run_bakery(emulator, opts, tmp):
    prepare(emulator, opts)
    env = env_for(emulator, opts, tmp)
    families = ",".join(f"fam{f:02d}" for f in range(opts.families))
    args = [os.path.join(opts.bin, "bakery-retention"), "--family", families, "--keep", "5",
            "--min-age", "7d", "--max-deletions", "1000000", "--region", REGIONS[0],
            "--region", REGIONS[1], "--apply", "--output", "json"]
    start = time.monotonic()
    process = subprocess.Popen(args, env=env, cwd=tmp, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    out = process.stdout.read()
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"bakery-retention failed: {err.decode()[-2000:]}")
    document = json.loads(out)
    state = emulator.control("state")
    left = sum(1 for r in REGIONS for i in state["regions"][r]["images"] if i["owner"] == ACCOUNT)
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "calls": sum(state["calls"].values()),
            "throttled": sum(state["throttled"].values()), "by_action": state["calls"],
            "deleted": document["summary"]["delete"], "left": left}


def aws(env, region, *args):
    result = subprocess.run(["/usr/bin/aws", "--endpoint-url", env["AWS_ENDPOINT_URL"], "--region",
                             region, "--output", "json", "ec2", *args], env=env,
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit("awscli failed: " + result.stderr[-1000:])
    return json.loads(result.stdout or "null")


def run_baseline(emulator, opts, tmp):
    prepare(emulator, opts)
    env = env_for(emulator, opts, tmp)
    cutoff = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=7)).isoformat()
    start = time.monotonic()
    peak = 0
    total, done = 0, 0
    for region in REGIONS:
        images = aws(env, region, "describe-images", "--owners", "self", "--filters",
                     "Name=tag-key,Values=bakery:family")["Images"]
        expired = sorted((i for i in images if i["CreationDate"] < cutoff),
                         key=lambda i: i["CreationDate"])
        total += len(expired)
        sample = expired if opts.baseline_sample == 0 else expired[:opts.baseline_sample]
        for image in sample:
            aws(env, region, "deregister-image", "--image-id", image["ImageId"])
            for device in image.get("BlockDeviceMappings", []):
                if "Ebs" in device:
                    aws(env, region, "delete-snapshot", "--snapshot-id", device["Ebs"]["SnapshotId"])
            done += 1
    wall = time.monotonic() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    state = emulator.control("state")
    factor = total / done if done else 1
    describe = state["calls"].get("DescribeImages", 0)
    calls = sum(state["calls"].values())
    return {"wall": wall * factor, "measured_wall": wall, "images": done, "of": total,
            "rss_mb": peak, "calls": int(describe + (calls - describe) * factor),
            "throttled": sum(state["throttled"].values())}


def minimum_seconds(by_action, scale):
    worst = 0.0
    for action, (capacity, refill) in BUCKETS.items():
        per_region = by_action.get(action, 0) / len(REGIONS)
        worst = max(worst, max(0.0, per_region - capacity * scale) / (refill * scale))
    return worst


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bin", default=os.path.join(SOURCE, "build", "dev", "bin"))
    parser.add_argument("--images", type=int, default=10000)
    parser.add_argument("--families", type=int, default=20)
    parser.add_argument("--expired", type=int, default=2000)
    parser.add_argument("--scale", type=float, default=4.0,
                        help="EC2 bucket capacity and refill multiplier (1 = EC2's numbers)")
    parser.add_argument("--baseline-sample", type=int, default=20)
    parser.add_argument("--skip-baseline", action="store_true", help="measure bakery only")
    parser.add_argument("--no-targets", action="store_true", help="report only, never fail")
    opts = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-retention-")
    emulator = Emulator(tmp)
    try:
        bakery = run_bakery(emulator, opts, tmp)
        baseline = (run_baseline(emulator, opts, tmp) if not opts.skip_baseline else
                    {"wall": float("nan"), "measured_wall": 0, "images": 0, "of": 0,
                     "rss_mb": 0, "calls": 0, "throttled": 0})
    finally:
        emulator.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    minimum = minimum_seconds(bakery["by_action"], opts.scale)
    ratio = bakery["wall"] / minimum if minimum > 0 else float("nan")
    speedup = baseline["wall"] / bakery["wall"]
    print(f"bench/retention: {opts.images} images, {opts.families} families, {len(REGIONS)} regions, "
          f"{opts.expired} expired, throttling at EC2's numbers x{opts.scale:g}")
    print(f"{'':10}{'wall s':>10}{'API calls':>11}{'throttled':>11}{'peak RSS MB':>13}")
    print(f"{'bakery':10}{bakery['wall']:10.1f}{bakery['calls']:11d}{bakery['throttled']:11d}"
          f"{bakery['rss_mb']:13.1f}")
    print(f"{'baseline':10}{baseline['wall']:10.1f}{baseline['calls']:11d}{baseline['throttled']:11d}"
          f"{baseline['rss_mb']:13.1f}   (measured {baseline['measured_wall']:.1f}s on "
          f"{baseline['images']} of {baseline['of']} images, extrapolated)")
    print(f"bakery deleted {bakery['deleted']} images; {bakery['left']} left")
    print(f"bucket minimum {minimum:.1f}s; bakery/minimum {ratio:.2f}x (target <= 1.25x); "
          f"baseline/bakery {speedup:.1f}x (target >= 10x); bakery peak RSS "
          f"{bakery['rss_mb']:.1f} MB (target < 100 MB)")
    missed = []
    if bakery["deleted"] != opts.expired or bakery["left"] != opts.images - opts.expired:
        missed.append("bakery did not delete exactly the expired images")
    if not opts.no_targets:
        if not ratio <= 1.25:
            missed.append("ratio to the bucket minimum")
        if not opts.skip_baseline and speedup < 10:
            missed.append("speed-up over the baseline")
        if bakery["rss_mb"] >= 100:
            missed.append("peak RSS")
    if missed:
        print("MISSED: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
