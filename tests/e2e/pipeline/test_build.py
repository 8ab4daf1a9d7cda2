"""bakery-build end to end: real Packer against the emulator."""
import json
import os
import signal
import subprocess
import time

from pipeline import BIN, ImageRepo, PipelineTestCase


class IncrementalBuildTest(PipelineTestCase):

    def test_builds_in_order_then_only_what_changed(self):
        first = self.bakery("build")
        self.assertLess(first.stdout.index("build base"), first.stdout.index("build web"))
        record = {i["name"]: i for i in self.repo.record()["images"]}
        self.assertEqual(record["base"]["status"], "built")
        self.assertEqual(record["web"]["status"], "built")
        base_ami = record["base"]["amis"]["us-east-1"]
        self.assertEqual(record["web"]["source_ami"], base_ami, "web is built from base's new AMI")
        web = self.images("us-east-1", "web")[-1]
        self.assertEqual(self.tags(web)["bakery:parent"], base_ami)
        for region in ("us-east-1", "eu-west-1"):
            self.assertEqual(len(self.images(region, "base")), 1)
            self.assertEqual(len(self.images(region, "web")), 1)

        plan = self.plan()
        self.assertEqual({n: p["action"] for n, p in plan.items()}, {"base": "skip", "web": "skip"})
        self.assertTrue(plan["web"]["reason"].startswith("up to date: ami-"), plan["web"]["reason"])
        second = self.bakery("build")
        self.assertIn("base: skipped — up to date", second.stdout)
        self.assertEqual(len(self.images("us-east-1", "web")), 1, "a second run builds nothing")

        self.repo.append("scripts/web-setup.sh", "echo 'gzip on'\n")
        self.repo.commit("web: enable gzip")
        plan = self.plan()
        self.assertEqual(plan["base"]["action"], "skip")
        self.assertEqual(plan["web"]["action"], "build")
        self.assertIn("no image with fingerprint", plan["web"]["reason"])
        self.bakery("build")
        self.assertEqual(len(self.images("us-east-1", "base")), 1)
        self.assertEqual(len(self.images("us-east-1", "web")), 2)

        self.repo.append("files/base/motd", "Patched.\n")
        self.repo.commit("base: new motd")
        plan = self.plan()
        self.assertEqual(plan["base"]["action"], "build")
        self.assertEqual(plan["web"]["action"], "build")
        self.assertEqual(plan["web"]["reason"], "its parent base is rebuilt")
        self.bakery("build")
        self.assertEqual(len(self.images("eu-west-1", "base")), 2)
        self.assertEqual(len(self.images("eu-west-1", "web")), 3)

        clone = self.repo.clone()
        plan = self.plan(repo=clone)
        self.assertEqual({n: p["action"] for n, p in plan.items()}, {"base": "skip", "web": "skip"},
                         "a fresh clone of the same commit plans nothing")

    def test_uncommitted_edits_count_by_content(self):
        before = self.plan()["web"]["fingerprint"]
        self.repo.append("scripts/web-setup.sh", "# local experiment\n")
        self.assertNotEqual(self.plan()["web"]["fingerprint"], before)
        self.repo.git("checkout", "--", "scripts/web-setup.sh")
        self.assertEqual(self.plan()["web"]["fingerprint"], before)

    def test_github_matrix_lists_images_to_build(self):
        done = self.bakery("build", "--plan", "--format", "github-matrix")
        matrix = json.loads(done.stdout)
        self.assertEqual([m["image"] for m in matrix["include"]], ["base", "web"])


class FailureTest(PipelineTestCase):

    def test_packer_error_fails_the_image_and_skips_its_children(self):
        self.repo.write("scripts/base-setup.sh", "#!/bin/sh\necho 'disk full' >&2\nexit 7\n")
        self.repo.commit("break base")
        output = os.path.join(self.repo.path, "gh-output")
        done = self.bakery("build", expect=1, env=self.env(
            GITHUB_ACTIONS="true", GITHUB_OUTPUT=output, GITHUB_EVENT_NAME="push",
            GITHUB_SHA=self.repo.git("rev-parse", "HEAD"), GITHUB_REF="refs/heads/main",
            GITHUB_REF_NAME="main", GITHUB_REF_TYPE="branch", GITHUB_REPOSITORY="acme/images"))
        self.assertIn("::error file=bakery.yml,line=15,title=bakery-build%3A image base failed::"
                      "Script exited with non-zero exit status: 7.", done.stdout)
        self.assertIn("disk full", done.stdout)
        record = {i["name"]: i for i in self.repo.record()["images"]}
        self.assertEqual(record["base"]["status"], "failed")
        self.assertEqual(record["web"]["status"], "not-attempted")
        self.assertIn("parent base has no image", record["web"]["reason"])
        self.assertEqual(self.images("us-east-1"), [])
        self.assertEqual(self.emulator.control("state")["calls"].get("RunInstances"), 1,
                         "web was never attempted")

    def test_transient_fault_is_retried(self):
        # Packer's AWS SDK retries the emulator's 5xx answers by itself, for
        # long; what reaches bakery is a build that failed with a throttling
        # message, here from a provisioner calling AWS (once).
        marker = os.path.join(self.repo.path, "..", os.path.basename(self.repo.path) + ".once")
        self.repo.write("scripts/base-setup.sh", f"""#!/bin/sh
if [ ! -e '{marker}' ]; then
  touch '{marker}'
  echo 'An error occurred (RequestLimitExceeded) when calling the DescribeImages operation' >&2
  exit 1
fi
echo configured
""")
        self.repo.commit("flaky provisioner")
        done = self.bakery("build", "--only", "base", "--retry-delay", "1s")
        self.assertIn("base: transient AWS failure, retrying in 1s", done.stdout)
        self.assertIn("build base: attempt 2", done.stdout)
        record = {i["name"]: i for i in self.repo.record()["images"]}
        self.assertEqual(record["base"]["status"], "built")
        self.assertEqual(record["base"]["attempts"], 2)

    def test_non_transient_failure_is_not_retried(self):
        self.repo.write("scripts/base-setup.sh", "#!/bin/sh\necho 'syntax error' >&2\nexit 2\n")
        self.repo.commit("broken provisioner")
        self.bakery("build", "--only", "base", "--retry-delay", "1s", expect=1)
        self.assertEqual(self.repo.record()["images"][0]["attempts"], 1)

    def test_sigterm_mid_build_leaves_no_instance_running(self):
        # A slow-booting instance keeps Packer in "waiting for instance" long
        # enough to interrupt it there, even on a loaded machine.
        self.emulator.control("config", {"delays": {"instance_start": 5}})
        process = subprocess.Popen([os.path.join(BIN, "bakery-build"), "--only", "base"],
                                   cwd=self.repo.path, env=self.env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True)
        deadline = time.time() + 60
        launched = False
        while time.time() < deadline and not launched:
            instances = self.emulator.control("state")["regions"].get("us-east-1", {}).get(
                "instances", [])
            launched = any(i["state"] in ("pending", "running") for i in instances)
            time.sleep(0.05)
        self.assertTrue(launched, "Packer launched an instance")
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=120)
        self.assertEqual(process.returncode, 143, output)
        self.assertIn("Cancelling build after receiving terminated", output)
        states = [i["state"] for i in
                  self.emulator.control("state")["regions"]["us-east-1"]["instances"]]
        self.assertTrue(states, "an instance was launched")
        self.assertTrue(all(s in ("shutting-down", "terminated") for s in states), states)
