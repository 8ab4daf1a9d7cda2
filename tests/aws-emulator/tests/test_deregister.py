"""DeregisterImage with DeleteAssociatedSnapshots (per-snapshot results), the legacy
endpoint that does not know the parameter, and DeleteSnapshot of a snapshot in use."""
import unittest
import xml.etree.ElementTree as ElementTree

from harness import EmulatorTestCase

NS = "{http://ec2.amazonaws.com/doc/2016-11-15/}"


class DeregisterTest(EmulatorTestCase):
    def seed(self, snapshots=2):
        image = self.emulator.control("seed", {"region": "us-east-1", "images": [
            {"count": 1, "name": "old", "snapshots": snapshots}]})["images"][0]
        return image, self.snapshots_of(image)

    def query(self, params, path):
        # Raw calls: awscli's start-up would make this file several times slower.
        status, body = self.emulator.raw(params)
        self.assertEqual(status, 200, body)
        return [e.text for e in ElementTree.fromstring(body).iterfind(path)]

    def snapshots_of(self, image):
        return self.query({"Action": "DescribeImages", "ImageId.1": image},
                          f"{NS}imagesSet/{NS}item/{NS}blockDeviceMapping/{NS}item/{NS}ebs/"
                          f"{NS}snapshotId")

    def existing_snapshots(self):
        return set(self.query({"Action": "DescribeSnapshots", "Owner.1": "self"},
                              f"{NS}snapshotSet/{NS}item/{NS}snapshotId"))

    def deregister(self, image, **extra):
        return self.emulator.raw({"Action": "DeregisterImage", "ImageId": image, **extra})

    def parse_success(self, answer):
        """(return text, [(snapshotId, returnCode)] or None) after checking the shape."""
        status, body = answer
        self.assertEqual(status, 200, body)
        root = ElementTree.fromstring(body)
        self.assertEqual(root.tag, NS + "DeregisterImageResponse")
        children = [c.tag[len(NS):] for c in root]
        if "deleteSnapshotResultSet" not in children:
            self.assertEqual(children, ["requestId", "return"])
            return root.findtext(NS + "return"), None
        self.assertEqual(children, ["requestId", "return", "deleteSnapshotResultSet"])
        results = []
        for item in root.find(NS + "deleteSnapshotResultSet"):
            self.assertEqual(item.tag, NS + "item")
            self.assertEqual([c.tag[len(NS):] for c in item], ["snapshotId", "returnCode"])
            results.append((item.findtext(NS + "snapshotId"), item.findtext(NS + "returnCode")))
        return root.findtext(NS + "return"), results

    def test_delete_associated_snapshots_reports_each_snapshot(self):
        image, snapshots = self.seed(snapshots=2)
        self.assertEqual(len(snapshots), 2)
        answer = self.deregister(image, DeleteAssociatedSnapshots="true")
        self.assertEqual(self.parse_success(answer),
                         ("true", [(s, "success") for s in snapshots]))
        self.assertFalse(self.existing_snapshots() & set(snapshots))
        self.assertAwsError("InvalidAMIID.NotFound", "ec2", "describe-images", "--image-ids",
                            image)
        self.assertAwsError("InvalidSnapshot.NotFound", "ec2", "describe-snapshots",
                            "--snapshot-ids", snapshots[0])

    def test_snapshot_shared_with_another_image_is_skipped(self):
        image, (snapshot,) = self.seed(snapshots=1)
        other = self.emulator.aws("ec2", "register-image", "--name", "shares-snapshot",
                                  "--root-device-name", "/dev/xvda", "--block-device-mappings",
                                  f"DeviceName=/dev/xvda,Ebs={{SnapshotId={snapshot}}}")["ImageId"]
        answer = self.deregister(image, DeleteAssociatedSnapshots="true")
        self.assertEqual(self.parse_success(answer), ("true", [(snapshot, "skipped")]))
        self.assertIn(snapshot, self.existing_snapshots())
        self.assertEqual(self.snapshots_of(other), [snapshot])

    def test_without_the_parameter_snapshots_stay(self):
        for extra in ({}, {"DeleteAssociatedSnapshots": "false"}):
            with self.subTest(extra=extra):
                image, snapshots = self.seed()
                self.assertEqual(self.parse_success(self.deregister(image, **extra))[0], "true")
                self.assertLessEqual(set(snapshots), self.existing_snapshots())

    def test_legacy_endpoint_rejects_the_parameter_as_unknown(self):
        self.emulator.control("config", {"legacy_deregister": True})
        image, snapshots = self.seed()
        for value in ("true", "false"):
            with self.subTest(value=value):
                message = self.assertEc2Error(
                    self.deregister(image, DeleteAssociatedSnapshots=value), 400,
                    "UnknownParameter")
                self.assertEqual(message, "The parameter DeleteAssociatedSnapshots is not "
                                 "recognized")
        # Nothing happened; a plain deregistration still works.
        self.assertEqual(self.snapshots_of(image), snapshots)
        self.assertEqual(self.parse_success(self.deregister(image)), ("true", None))
        self.assertLessEqual(set(snapshots), self.existing_snapshots())

    def test_delete_snapshot_in_use(self):
        image, (snapshot,) = self.seed(snapshots=1)
        answer = self.emulator.raw({"Action": "DeleteSnapshot", "SnapshotId": snapshot})
        self.assertEqual(self.assertEc2Error(answer, 400, "InvalidSnapshot.InUse"),
                         f"The snapshot {snapshot} is currently in use by {image}")
        self.assertAwsError("InvalidSnapshot.InUse", "ec2", "delete-snapshot", "--snapshot-id",
                            snapshot)
        self.parse_success(self.deregister(image))
        self.emulator.aws("ec2", "delete-snapshot", "--snapshot-id", snapshot)
        self.assertNotIn(snapshot, self.existing_snapshots())


if __name__ == "__main__":
    unittest.main()
