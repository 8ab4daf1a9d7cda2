"""Shared pieces of the pipeline tests: an emulator, a git repository made
from examples/image-repo, and the bakery binaries run against them."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.environ.get("BAKERY_SOURCE_DIR", os.path.abspath(os.path.join(HERE, "../../..")))
BIN = os.environ.get("BAKERY_BIN", os.path.join(SOURCE, "build/dev/bin"))
sys.path.insert(0, os.path.join(SOURCE, "tests/aws-emulator/tests"))
from harness import Emulator  # noqa: E402

GIT_ID = ["-c", "user.email=ci@example.com", "-c", "user.name=CI"]


class ImageRepo:
    """A git work tree holding a copy of examples/image-repo."""

    def __init__(self, path=None):
        self.path = path or tempfile.mkdtemp(prefix="bakery-repo-")
        if path is None:
            shutil.copytree(os.path.join(SOURCE, "examples/image-repo"), self.path,
                            dirs_exist_ok=True)
            self.git("init", "-q", "-b", "main")
            self.commit("initial images")

    def git(self, *args):
        done = subprocess.run(["git", *GIT_ID, *args], cwd=self.path, capture_output=True,
                              text=True, check=True)
        return done.stdout.strip()

    def write(self, relative, content):
        with open(os.path.join(self.path, relative), "w") as f:
            f.write(content)

    def append(self, relative, content):
        with open(os.path.join(self.path, relative), "a") as f:
            f.write(content)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message)
        return self.git("rev-parse", "HEAD")

    def clone(self):
        target = tempfile.mkdtemp(prefix="bakery-clone-")
        subprocess.run(["git", "clone", "-q", self.path, target], check=True)
        return ImageRepo(target)

    def record(self):
        with open(os.path.join(self.path, ".bakery/build.json")) as f:
            return json.load(f)


class PipelineTestCase(unittest.TestCase):
    """One emulator per test class, reset before each test."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def setUp(self):
        self.emulator.control("reset", {})
        self.repo = ImageRepo()

    def env(self, **extra):
        env = self.emulator.env(AWS_ENDPOINT_URL=self.emulator.endpoint, AWS_REGION="us-east-1",
                                AWS_POLL_DELAY_SECONDS="1", CHECKPOINT_DISABLE="1",
                                PACKER_CACHE_DIR=os.path.join(self.repo.path, ".packer_cache"))
        for name in [n for n in env if n.startswith(("GITHUB_", "CODEBUILD_", "CI"))]:
            del env[name]
        env.update(extra)
        return env

    def bakery(self, step, *args, env=None, repo=None, expect=0):
        done = subprocess.run([os.path.join(BIN, "bakery-" + step), *args],
                              cwd=(repo or self.repo).path, env=env or self.env(),
                              capture_output=True, text=True, timeout=300)
        if expect is not None:
            self.assertEqual(done.returncode, expect,
                             f"bakery-{step} {args}:\n{done.stdout}\n{done.stderr}")
        return done

    def plan(self, repo=None, env=None):
        done = self.bakery("build", "--plan", "--format", "json", repo=repo, env=env)
        return {i["name"]: i for i in json.loads(done.stdout)["images"]}

    def images(self, region, family=None):
        filters = [] if family is None else ["--filters", f"Name=tag:bakery:family,Values={family}"]
        found = self.emulator.aws("ec2", "describe-images", "--owners", "self", *filters,
                                  region=region)["Images"]
        return sorted(found, key=lambda i: i["CreationDate"])

    @staticmethod
    def tags(resource):
        return {t["Key"]: t["Value"] for t in resource.get("Tags", [])}
