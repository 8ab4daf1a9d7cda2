"""Runs bakery's lifecycle steps against a private AWS emulator.

Each test class gets one emulator (python3 -m emulator --port-file F, started
from tests/aws-emulator and SIGKILLed at the end); setUp resets it. Helpers
seed state through the control API and run the real binaries with the
emulator's endpoint and credentials and nothing else from the environment.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
EMULATOR_DIR = os.path.join(SOURCE, "tests", "aws-emulator")
BIN = os.environ.get("BAKERY_BIN", os.path.join(SOURCE, "build", "dev", "bin"))
DAY = 86400


def read_text(path):
    """The stripped contents of `path`, or "" when it does not exist yet."""
    try:
        with open(path) as f:
            return f.read().strip()
    except FileNotFoundError:
        return ""


class EmulatorTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="bakery-lifecycle-")
        port_file = os.path.join(cls.tmp, "port")
        cls.log = open(os.path.join(cls.tmp, "emulator.log"), "w")
        cls.process = subprocess.Popen([sys.executable, "-m", "emulator", "--port-file", port_file],
                                       cwd=EMULATOR_DIR, stdout=cls.log, stderr=cls.log)
        deadline = time.time() + 20
        while not read_text(port_file):
            if time.time() > deadline or cls.process.poll() is not None:
                raise RuntimeError("the emulator did not start; see " + cls.log.name)
            time.sleep(0.02)
        port = read_text(port_file)
        cls.endpoint = port if port.startswith("http") else f"http://127.0.0.1:{port}"

    @classmethod
    def tearDownClass(cls):
        cls.process.send_signal(signal.SIGKILL)
        cls.process.wait()
        cls.log.close()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def setUp(self):
        self.control("reset", {})
        self.workdir = tempfile.mkdtemp(prefix="run-", dir=self.tmp)

    # Control API.
    def control(self, route, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.endpoint}/_emulator/{route}", data=data,
                                         method="GET" if body is None else "POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"null")

    def seed(self, body):
        return self.control("seed", body)

    def state(self):
        return self.control("state")

    def images(self, region="us-east-1"):
        """Ids of the account's own images in `region`."""
        images = self.state()["regions"][region]["images"]
        return sorted(i["id"] for i in images if i["owner"] == "123456789012")

    def snapshots(self, region="us-east-1"):
        """Ids of the snapshots in `region`, without the Amazon source image's."""
        region_state = self.state()["regions"][region]
        amazon = {s for i in region_state["images"] if i["owner"] != "123456789012"
                  for s in i["snapshots"]}
        return sorted(s["id"] for s in region_state["snapshots"] if s["id"] not in amazon)

    # Running steps.
    def env(self, extra=None):
        env = {"PATH": "/usr/bin:/bin", "HOME": self.workdir, "TZ": "UTC",
               "AWS_ENDPOINT_URL": self.endpoint, "AWS_ACCESS_KEY_ID": "AKIABAKERYTEST000001",
               "AWS_SECRET_ACCESS_KEY": "bakery/emulator/secret/key/000000000000001",
               "AWS_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null"}
        env.update(extra or {})
        return env

    def write(self, name, text):
        path = os.path.join(self.workdir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def run_step(self, step, *args, env=None, timeout=120):
        return subprocess.run([os.path.join(BIN, "bakery-" + step), *args], cwd=self.workdir,
                              env=self.env(env), capture_output=True, text=True, timeout=timeout)

    def start_step(self, step, *args, env=None):
        return subprocess.Popen([os.path.join(BIN, "bakery-" + step), *args], cwd=self.workdir,
                                env=self.env(env), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    def run_json(self, step, *args, env=None, expect=0):
        result = self.run_step(step, *args, "--output", "json", env=env)
        self.assertEqual(result.returncode, expect, result.stdout + result.stderr)
        return json.loads(result.stdout)
