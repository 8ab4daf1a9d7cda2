"""Packer 1.6.6 (Debian) amazon-ebs builds the fixture template against the emulator;
awscli then finds the AMIs, their tags and snapshots in both regions."""
import json
import os
import re
import shutil
import subprocess
import tempfile
import unittest

from harness import ROOT, EmulatorTestCase

PACKER = "/usr/bin/packer"
TEMPLATE = os.path.join(os.path.dirname(ROOT), "fixtures", "packer",
                        "emulator-ebs.pkr.hcl")
REGIONS = ("us-east-1", "eu-west-1")  # the template's region and ami_regions
VERSION = "1.2.3-test"


class PackerBuildTest(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = tempfile.mkdtemp(prefix="packer-build-test-")
        cls.manifest = os.path.join(cls.work, "manifest.json")
        env = cls.emulator.env(AWS_POLL_DELAY_SECONDS="1", AWS_MAX_ATTEMPTS="60",
                               CHECKPOINT_DISABLE="1",
                               PACKER_CONFIG_DIR=os.path.join(cls.work, "config"),
                               PACKER_CACHE_DIR=os.path.join(cls.work, "cache"),
                               TMPDIR=cls.work, HOME=cls.work, PACKER_NO_COLOR="1")
        cls.build = subprocess.run(
            [PACKER, "build", "-color=false", "-var", f"endpoint={cls.emulator.endpoint}",
             "-var", f"bakery_version={VERSION}", "-var", f"manifest_path={cls.manifest}",
             TEMPLATE], capture_output=True, text=True, env=env, cwd=cls.work, timeout=120)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def setUp(self):  # no reset: every test inspects what the one build left behind
        self.assertEqual(self.build.returncode, 0, self.build.stdout + self.build.stderr)

    def images(self, region):
        return self.emulator.aws("ec2", "describe-images", "--owners", "self", "--filters",
                                 "Name=tag:bakery:family,Values=fixture", region=region)["Images"]

    def test_ami_in_both_regions_with_tags(self):
        names = set()
        for region in REGIONS:
            images = self.images(region)
            self.assertEqual(len(images), 1, region)
            image = images[0]
            self.assertEqual(image["State"], "available")
            self.assertRegex(image["Name"], rf"^bakery-fixture-{re.escape(VERSION)}-\d{{10}}$")
            self.assertEqual(sorted((t["Key"], t["Value"]) for t in image["Tags"]),
                             [("bakery:family", "fixture"), ("bakery:version", VERSION)])
            names.add(image["Name"])
        self.assertEqual(len(names), 1, "both regions carry the same AMI name")

    def test_snapshots_exist_with_snapshot_tags(self):
        for region in REGIONS:
            image = self.images(region)[0]
            snapshot_ids = [m["Ebs"]["SnapshotId"] for m in image["BlockDeviceMappings"]
                            if "Ebs" in m]
            self.assertEqual(len(snapshot_ids), 1, region)
            snapshots = self.emulator.aws("ec2", "describe-snapshots", "--snapshot-ids",
                                          *snapshot_ids, region=region)["Snapshots"]
            self.assertEqual([s["SnapshotId"] for s in snapshots], snapshot_ids)
            # Packer 1.6.6's StepCreateTags tags the snapshots with the AMI tags too, then
            # overrides them with snapshot_tags (same keys win).
            self.assertEqual(sorted((t["Key"], t["Value"]) for t in snapshots[0]["Tags"]),
                             [("bakery:family", "fixture"), ("bakery:version", VERSION)])
            tagged = self.emulator.aws("ec2", "describe-snapshots", "--owner-ids", "self",
                                       "--filters", "Name=tag:bakery:family,Values=fixture",
                                       region=region)["Snapshots"]
            self.assertEqual([s["SnapshotId"] for s in tagged], snapshot_ids)

    def test_manifest_lists_both_region_artifacts(self):
        with open(self.manifest) as f:
            manifest = json.load(f)
        self.assertEqual(len(manifest["builds"]), 1)
        build = manifest["builds"][0]
        self.assertEqual(build["builder_type"], "amazon-ebs")
        self.assertEqual(build["name"], "fixture")
        artifacts = dict(pair.split(":", 1) for pair in build["artifact_id"].split(","))
        expected = {region: self.images(region)[0]["ImageId"] for region in REGIONS}
        self.assertEqual(artifacts, expected)
        self.assertEqual(build["packer_run_uuid"], manifest["last_run_uuid"])

    def test_build_cleaned_up_its_temporary_resources(self):
        state = self.emulator.control("state")
        home = state["regions"]["us-east-1"]
        self.assertEqual([i["state"] for i in home["instances"]], ["terminated"])
        self.assertEqual(home["key_pairs"], [])
        self.assertEqual([g["name"] for g in home["security_groups"]], ["default"])
        for action in ("RunInstances", "CreateImage", "CopyImage", "TerminateInstances",
                       "CreateTags"):
            self.assertGreaterEqual(state["calls"].get(action, 0), 1, action)


if __name__ == "__main__":
    unittest.main()
