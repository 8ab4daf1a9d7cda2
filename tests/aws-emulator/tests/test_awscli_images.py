"""awscli conformance: images, snapshots, tags, deprecation, attributes."""
import unittest

from harness import EmulatorTestCase

SOURCE = "ami-00000000000000001"


class ImagesTest(EmulatorTestCase):
    def seed(self, **spec):
        return self.emulator.control("seed", {"region": "us-east-1", "images": [spec]})["images"]

    def test_describe_images_owner_ids_and_filters(self):
        web = self.seed(count=3, name="web-{i}", tags={"bakery:family": "web", "n": "{i}"},
                        age_seconds=300, step_seconds=60)
        self.seed(count=1, name="db-0", tags={"bakery:family": "db"})
        aws = self.emulator.aws
        mine = aws("ec2", "describe-images", "--owners", "self")["Images"]
        self.assertEqual(len(mine), 4)
        self.assertEqual([i["ImageId"] for i in aws("ec2", "describe-images", "--owners", "amazon")
                          ["Images"]], [SOURCE])
        by_tag = aws("ec2", "describe-images", "--owners", "self", "--filters",
                     "Name=tag:bakery:family,Values=web")["Images"]
        self.assertEqual(sorted(i["ImageId"] for i in by_tag), sorted(web))
        by_name = aws("ec2", "describe-images", "--owners", "self", "--filters",
                      "Name=name,Values=web-0000?", "Name=state,Values=available")["Images"]
        self.assertEqual(len(by_name), 3)
        by_key = aws("ec2", "describe-images", "--owners", "self", "--filters",
                     "Name=tag-key,Values=n")["Images"]
        self.assertEqual(len(by_key), 3)
        one = aws("ec2", "describe-images", "--image-ids", web[1])["Images"][0]
        self.assertEqual(one["Name"], "web-00001")
        self.assertIn({"Key": "n", "Value": "1"}, one["Tags"])
        self.assertEqual(one["BlockDeviceMappings"][0]["Ebs"]["VolumeSize"], 8)

    def test_unknown_image_id(self):
        self.assertAwsError("InvalidAMIID.NotFound", "ec2", "describe-images", "--image-ids",
                            "ami-0123456789abcdef0")

    def test_deprecated_hidden_unless_included(self):
        self.seed(count=1, name="old", tags={"f": "x"}, deprecated_seconds_ago=60)
        aws = self.emulator.aws
        self.assertEqual(aws("ec2", "describe-images", "--owners", "self")["Images"], [])
        included = aws("ec2", "describe-images", "--owners", "self", "--include-deprecated")
        self.assertEqual(len(included["Images"]), 1)
        self.assertIn("DeprecationTime", included["Images"][0])

    def test_enable_deprecation_and_attributes(self):
        image = self.seed(count=1, name="img")[0]
        aws = self.emulator.aws
        aws("ec2", "enable-image-deprecation", "--image-id", image, "--deprecate-at",
            "2030-01-01T00:00:00Z")
        described = aws("ec2", "describe-images", "--image-ids", image)["Images"][0]
        self.assertEqual(described["DeprecationTime"], "2030-01-01T00:00:00.000Z")
        self.assertEqual(aws("ec2", "describe-image-attribute", "--image-id", image,
                             "--attribute", "launchPermission")["LaunchPermissions"], [])
        aws("ec2", "modify-image-attribute", "--image-id", image, "--launch-permission",
            "Add=[{UserId=210987654321}]")
        self.assertEqual(aws("ec2", "describe-image-attribute", "--image-id", image,
                             "--attribute", "launchPermission")["LaunchPermissions"],
                         [{"UserId": "210987654321"}])

    def test_snapshots_tags_and_in_use(self):
        image = self.seed(count=1, name="img", snapshots=2, tags={"bakery:family": "web"})[0]
        aws = self.emulator.aws
        snaps = [s["SnapshotId"] for s in aws("ec2", "describe-snapshots", "--owner-ids", "self",
                                              "--filters", "Name=tag:bakery:family,Values=web")
                 ["Snapshots"]]
        self.assertEqual(len(snaps), 2)
        error = self.assertAwsError("InvalidSnapshot.InUse", "ec2", "delete-snapshot",
                                    "--snapshot-id", snaps[0])
        self.assertIn(image, error.message)
        aws("ec2", "create-tags", "--resources", image, "--tags", "Key=status,Value=staging")
        tags = aws("ec2", "describe-tags", "--filters", f"Name=resource-id,Values={image}")["Tags"]
        self.assertIn({"Key": "status", "Value": "staging", "ResourceId": image,
                       "ResourceType": "image"}, tags)
        aws("ec2", "delete-tags", "--resources", image, "--tags", "Key=status")
        tags = aws("ec2", "describe-tags", "--filters", f"Name=resource-id,Values={image}")["Tags"]
        self.assertNotIn("status", [t["Key"] for t in tags])
        aws("ec2", "deregister-image", "--image-id", image)
        aws("ec2", "delete-snapshot", "--snapshot-id", snaps[0])
        left = aws("ec2", "describe-snapshots", "--owner-ids", "self")["Snapshots"]
        self.assertEqual([s["SnapshotId"] for s in left], [snaps[1]])

    def test_register_and_copy_image(self):
        aws = self.emulator.aws
        image = self.seed(count=1, name="src", tags={"bakery:family": "web"})[0]
        snapshot = aws("ec2", "describe-images", "--image-ids", image)["Images"][0][
            "BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
        registered = aws("ec2", "register-image", "--name", "reg", "--root-device-name",
                         "/dev/xvda", "--block-device-mappings",
                         f"DeviceName=/dev/xvda,Ebs={{SnapshotId={snapshot}}}",
                         "--architecture", "arm64")["ImageId"]
        self.assertEqual(aws("ec2", "describe-images", "--image-ids", registered)["Images"][0]
                         ["Architecture"], "arm64")
        copied = aws("ec2", "copy-image", "--source-image-id", image, "--source-region",
                     "us-east-1", "--name", "copy", region="eu-west-1")["ImageId"]
        in_eu = aws("ec2", "describe-images", "--image-ids", copied, region="eu-west-1")
        self.assertEqual(in_eu["Images"][0]["Name"], "copy")
        self.assertAwsError("InvalidAMIID.NotFound", "ec2", "describe-images", "--image-ids",
                            copied, region="us-east-1")


if __name__ == "__main__":
    unittest.main()
