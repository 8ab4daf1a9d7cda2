"""bakery-cleanup against the emulator: a run's test instances, key pairs and
security groups; --older-than; --dry-run; discarding a failed image."""
import json
import subprocess
import time
import unittest

from harness import DAY, EmulatorTest


class CleanupTest(EmulatorTest):
    def aws(self, *args, region="us-east-1"):
        result = subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, "--region", region,
                                 "--output", "json", "ec2", *args], env=self.env(),
                                capture_output=True, text=True, check=True)
        return json.loads(result.stdout or "null")

    def tags(self, kind, run_id):
        return (f"ResourceType={kind},Tags=[{{Key=bakery:purpose,Value=test-launch}},"
                f"{{Key=bakery:run-id,Value={run_id}}}]")

    def launch(self, run_id, tagged=True):
        """A key pair, a security group and an instance using them, as test-launch makes."""
        key = f"bakery-{run_id}-{time.monotonic_ns()}"
        self.aws("create-key-pair", "--key-name", key,
                 *(["--tag-specifications", self.tags("key-pair", run_id)] if tagged else []))
        group = self.aws("create-security-group", "--group-name", key, "--description", "test",
                         *(["--tag-specifications", self.tags("security-group", run_id)]
                           if tagged else []))["GroupId"]
        instance = self.aws("run-instances", "--image-id", "ami-00000000000000001",
                            "--count", "1", "--key-name", key, "--security-group-ids", group,
                            *(["--tag-specifications", self.tags("instance", run_id)]
                              if tagged else []))["Instances"][0]["InstanceId"]
        return key, group, instance

    def region_state(self):
        region = self.state()["regions"]["us-east-1"]
        return ({i["id"]: i["state"] for i in region["instances"]},
                {k["name"] for k in region["key_pairs"]}, {g["id"] for g in region["security_groups"]})

    def test_run_id_terminates_then_deletes_keys_and_groups(self):
        self.control("config", {"delays": {"instance_terminate": 1.0}})
        mine = self.launch("101")
        other = self.launch("202")
        untagged = self.launch("101", tagged=False)
        dry = self.run_step("cleanup", "--run-id", "101", "--dry-run")
        self.assertEqual(dry.returncode, 0, dry.stderr)
        self.assertRegex(dry.stdout, f"us-east-1  instance +{mine[2]} +would terminate\n")
        self.assertEqual(self.region_state()[0][mine[2]] in ("pending", "running"), True)
        result = self.run_step("cleanup", env={"GITHUB_ACTIONS": "true", "GITHUB_RUN_ID": "101",
                                               "GITHUB_OUTPUT": self.workdir + "/o"})
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        instances, keys, groups = self.region_state()
        self.assertEqual(instances[mine[2]], "terminated")
        self.assertNotIn(mine[0], keys)
        self.assertNotIn(mine[1], groups)
        # Another run's and untagged resources are untouched.
        self.assertNotEqual(instances[other[2]], "terminated")
        self.assertNotEqual(instances[untagged[2]], "terminated")
        self.assertTrue({other[0], untagged[0]} <= keys)
        self.assertTrue({other[1], untagged[1]} <= groups)
        self.assertIn("test resources of run 101: 3 actions, 0 failed", result.stdout)
        # Waited for termination (1 s here) before deleting the group.
        self.assertGreaterEqual(self.state()["calls"]["DescribeInstances"], 3)

    def test_a_group_still_in_use_is_retried_then_reported(self):
        group = self.aws("create-security-group", "--group-name", "held", "--description", "t",
                         "--tag-specifications", self.tags("security-group", "303"))["GroupId"]
        # An instance that is not a test resource keeps using the run's group.
        self.aws("run-instances", "--image-id", "ami-00000000000000001", "--count", "1",
                 "--security-group-ids", group)
        result = self.run_step("cleanup", "--run-id", "303", "--timeout", "2s")
        self.assertEqual(result.returncode, 3, result.stdout + result.stderr)
        self.assertRegex(result.stdout, f"us-east-1  security-group  {group}  failed  .*"
                         "DependencyViolation")
        self.assertGreaterEqual(self.state()["calls"]["DeleteSecurityGroup"], 2)
        self.assertIn(group, self.region_state()[2])

    def test_older_than_and_usage_errors(self):
        old = self.launch("1")
        time.sleep(2.2)
        young = self.launch("2")
        result = self.run_step("cleanup", "--older-than", "2s")
        self.assertEqual(result.returncode, 0, result.stderr)
        instances, keys, _ = self.region_state()
        self.assertEqual(instances[old[2]], "terminated")
        self.assertNotEqual(instances[young[2]], "terminated")
        self.assertNotIn(old[0], keys)
        nothing = self.run_step("cleanup")
        self.assertEqual(nothing.returncode, 2)
        self.assertEqual(nothing.stderr, "bakery-cleanup: nothing to clean up: give --run-id ID or "
                         "--older-than DUR (no CI run detected), or --image / --family with --version\n")

    def test_discards_a_failed_image_in_every_region(self):
        spec = lambda version, status: {"count": 1, "name": "web-" + version, "snapshots": 2,
                                        "tags": {"bakery:family": "web", "bakery:version": version,
                                                 "bakery:status": status}, "age_seconds": DAY}
        us = self.seed({"region": "us-east-1", "images": [spec("1.0", "production"),
                                                          spec("1.1", "testing")]})["images"]
        eu = self.seed({"region": "eu-west-1", "images": [spec("1.1", "testing")]})["images"]
        result = self.run_step("cleanup", "--image", us[1], "--region", "us-east-1",
                               "--region", "eu-west-1")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertEqual(self.images("us-east-1"), [us[0]])
        self.assertEqual(self.images("eu-west-1"), [])
        self.assertEqual(len(self.snapshots("us-east-1")), 2)
        self.assertEqual(self.snapshots("eu-west-1"), [])
        self.assertRegex(result.stdout, f"eu-west-1  image +{eu[0]} +deregistered\n")
        refused = self.run_step("cleanup", "--family", "web", "--version", "1.0")
        self.assertEqual(refused.returncode, 3)
        self.assertIn("refused", refused.stdout)
        self.assertEqual(self.images("us-east-1"), [us[0]])


if __name__ == "__main__":
    unittest.main()
