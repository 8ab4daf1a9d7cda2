"""awscli conformance: instances, key pairs, security groups, network, launch templates."""
import base64
import os
import subprocess
import tempfile
import time
import unittest

from harness import EmulatorTestCase

SOURCE = "ami-00000000000000001"


class InstancesTest(EmulatorTestCase):
    def setUp(self):
        super().setUp()
        self.emulator.control("config", {"delays": {"instance_start": 0.3, "instance_stop": 0.3,
                                                    "instance_terminate": 0.3}})

    def test_run_lifecycle_filters_and_console(self):
        aws = self.emulator.aws
        key = aws("ec2", "create-key-pair", "--key-name", "t1")
        self.assertIn("BEGIN RSA PRIVATE KEY", key["KeyMaterial"])
        with tempfile.TemporaryDirectory() as tmp:  # the material is a real key
            path = os.path.join(tmp, "k")
            with open(path, "w") as f:
                f.write(key["KeyMaterial"])
            os.chmod(path, 0o600)
            public = subprocess.run(["ssh-keygen", "-y", "-f", path], capture_output=True,
                                    text=True, check=True).stdout
            self.assertTrue(public.startswith("ssh-rsa "))
        group = aws("ec2", "create-security-group", "--group-name", "t1", "--description",
                    "test")["GroupId"]
        aws("ec2", "authorize-security-group-ingress", "--group-id", group, "--protocol", "tcp",
            "--port", "22", "--cidr", "127.0.0.1/32")
        run = aws("ec2", "run-instances", "--image-id", SOURCE, "--instance-type", "t3.micro",
                  "--key-name", "t1", "--security-group-ids", group, "--client-token", "tok-1",
                  "--tag-specifications",
                  "ResourceType=instance,Tags=[{Key=purpose,Value=test-launch},{Key=run-id,Value=7}]")
        instance = run["Instances"][0]
        self.assertEqual(instance["State"]["Name"], "pending")
        again = aws("ec2", "run-instances", "--image-id", SOURCE, "--client-token", "tok-1")
        self.assertEqual(again["Instances"][0]["InstanceId"], instance["InstanceId"])
        time.sleep(0.4)
        found = aws("ec2", "describe-instances", "--filters", "Name=tag:purpose,Values=test-launch",
                    "Name=instance-state-name,Values=running")["Reservations"]
        self.assertEqual(len(found), 1)
        described = found[0]["Instances"][0]
        self.assertEqual(described["PublicIpAddress"], "127.0.0.1")
        self.assertEqual(described["SecurityGroups"][0]["GroupId"], group)
        status = aws("ec2", "describe-instance-status", "--instance-ids", instance["InstanceId"])
        self.assertEqual(status["InstanceStatuses"][0]["InstanceStatus"]["Status"], "ok")
        console = aws("ec2", "get-console-output", "--instance-id", instance["InstanceId"])
        self.assertIn("Cloud-init", console["Output"])
        self.assertAwsError("DependencyViolation", "ec2", "delete-security-group", "--group-id",
                            group)
        stopped = aws("ec2", "stop-instances", "--instance-ids", instance["InstanceId"])
        self.assertEqual(stopped["StoppingInstances"][0]["CurrentState"]["Name"], "stopping")
        image = aws("ec2", "create-image", "--instance-id", instance["InstanceId"], "--name",
                    "from-instance", "--tag-specifications",
                    "ResourceType=image,Tags=[{Key=f,Value=web}]",
                    "ResourceType=snapshot,Tags=[{Key=f,Value=web}]")["ImageId"]
        snaps = aws("ec2", "describe-snapshots", "--filters", "Name=tag:f,Values=web")["Snapshots"]
        self.assertEqual(len(snaps), 1)
        self.assertEqual(aws("ec2", "describe-images", "--image-ids", image)["Images"][0]["Tags"],
                         [{"Key": "f", "Value": "web"}])
        done = aws("ec2", "terminate-instances", "--instance-ids", instance["InstanceId"])
        self.assertEqual(done["TerminatingInstances"][0]["CurrentState"]["Name"], "shutting-down")
        time.sleep(0.4)
        aws("ec2", "delete-security-group", "--group-id", group)
        aws("ec2", "delete-key-pair", "--key-name", "t1")
        self.assertEqual(aws("ec2", "describe-key-pairs")["KeyPairs"], [])

    def test_import_key_and_missing_references(self):
        aws = self.emulator.aws
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "k")
            subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", path], check=True)
            with open(path + ".pub", "rb") as f:
                material = base64.b64encode(f.read()).decode()
        imported = aws("ec2", "import-key-pair", "--key-name", "mine", "--public-key-material",
                       material)
        self.assertEqual(imported["KeyName"], "mine")
        self.assertEqual([k["KeyName"] for k in aws("ec2", "describe-key-pairs")["KeyPairs"]],
                         ["mine"])
        self.assertAwsError("InvalidKeyPair.NotFound", "ec2", "run-instances", "--image-id",
                            SOURCE, "--key-name", "nope")
        self.assertAwsError("InvalidGroup.NotFound", "ec2", "run-instances", "--image-id", SOURCE,
                            "--security-group-ids", "sg-0123456789abcdef0")

    def test_network_regions_and_launch_templates(self):
        aws = self.emulator.aws
        self.assertTrue(aws("ec2", "describe-vpcs")["Vpcs"][0]["IsDefault"])
        self.assertEqual(aws("ec2", "describe-subnets")["Subnets"][0]["AvailabilityZone"],
                         "us-east-1a")
        regions = [r["RegionName"] for r in aws("ec2", "describe-regions")["Regions"]]
        self.assertIn("eu-west-1", regions)
        self.assertEqual(aws("ec2", "describe-security-groups", "--group-names", "default")
                         ["SecurityGroups"][0]["GroupName"], "default")
        seeded = self.emulator.control("seed", {"region": "us-east-1", "launch_templates": [
            {"name": "web", "versions": ["ami-0000000000000000a", "ami-0000000000000000b"],
             "default": 1}]})["launch_templates"][0]
        templates = aws("ec2", "describe-launch-templates")["LaunchTemplates"]
        self.assertEqual(templates[0]["LatestVersionNumber"], 2)
        versions = aws("ec2", "describe-launch-template-versions", "--launch-template-id", seeded,
                       "--versions", "$Latest", "$Default")["LaunchTemplateVersions"]
        self.assertEqual([v["LaunchTemplateData"]["ImageId"] for v in versions],
                         ["ami-0000000000000000b", "ami-0000000000000000a"])


if __name__ == "__main__":
    unittest.main()
