"""MaxResults/NextToken pagination: 2,500 seeded images over raw DescribeImages pages,
DescribeInstances pages, awscli's own paging, and bad tokens."""
import unittest
import xml.etree.ElementTree as ElementTree

from harness import EmulatorTestCase

NS = {"ec2": "http://ec2.amazonaws.com/doc/2016-11-15/"}
IMAGES = 2500
INSTANCES = 23
SOURCE = "ami-00000000000000001"


def parse(answer, set_name):
    """(ids in document order, nextToken or None) from a 200 Describe* answer."""
    status, body = answer
    assert status == 200, body
    root = ElementTree.fromstring(body)
    if set_name == "reservationSet":
        ids = [e.text for e in root.findall(
            "ec2:reservationSet/ec2:item/ec2:instancesSet/ec2:item/ec2:instanceId", NS)]
    else:
        ids = [e.text for e in root.findall(f"ec2:{set_name}/ec2:item/ec2:imageId", NS)]
    return ids, root.findtext("ec2:nextToken", namespaces=NS)


class PaginationTest(EmulatorTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        emulator = cls.emulator
        emulator.control("reset", {})
        cls.image_ids = emulator.control("seed", {"region": "us-east-2", "images": [{
            "count": IMAGES, "name": "page-{i}", "tags": {"bakery:family": "page"},
            "age_seconds": IMAGES, "step_seconds": 1}]})["images"]
        cls.instance_ids = emulator.control("seed", {"region": "us-east-2", "instances": [{
            "image_id": SOURCE, "count": INSTANCES, "tags": {"role": "pager"}}]})["instances"]

    def setUp(self):  # read-only tests share the seeded state: no reset
        pass

    def images(self, region="us-east-2", **params):
        return self.emulator.raw({"Action": "DescribeImages", "Owner.1": "self", **params},
                                 region=region)

    def pages(self, action, set_name, page_size, **params):
        ids, pages, token = [], 0, None
        while True:
            extra = {"NextToken": token} if token else {}
            page, token = parse(self.emulator.raw({"Action": action, "MaxResults": str(page_size),
                                                   **params, **extra}, region="us-east-2"),
                                set_name)
            pages += 1
            self.assertLessEqual(len(page), page_size)
            ids += page
            if token is None:
                return ids, pages

    def test_images_come_back_complete_and_in_order(self):
        unpaginated, token = parse(self.images(), "imagesSet")
        self.assertIsNone(token)
        self.assertEqual(len(unpaginated), IMAGES)
        self.assertEqual(sorted(unpaginated), sorted(self.image_ids))
        for page_size in (1000, 333):
            with self.subTest(page_size=page_size):
                ids, pages = self.pages("DescribeImages", "imagesSet", page_size,
                                        **{"Owner.1": "self"})
                self.assertEqual(pages, -(-IMAGES // page_size))
                self.assertEqual(len(set(ids)), IMAGES, "every image exactly once")
                self.assertEqual(ids, unpaginated)

    def test_filtered_images_paginate_too(self):
        filtered = {"Owner.1": "self", "Filter.1.Name": "name", "Filter.1.Value.1": "page-000*"}
        ids, pages = self.pages("DescribeImages", "imagesSet", 30, **filtered)
        self.assertEqual(len(ids), 100)  # page-00000 .. page-00099
        self.assertEqual(pages, 4)
        self.assertEqual(ids, parse(self.images(**filtered), "imagesSet")[0])

    def test_bad_next_token_is_invalid_parameter_value(self):
        for token in ("not-a-token", "MTA6YWJj"):  # garbage; base64 of "10:abc"
            with self.subTest(token=token):
                self.assertEc2Error(self.images(MaxResults="100", NextToken=token), 400,
                                    "InvalidParameterValue")
        # A token only continues the query it came from.
        _, instance_token = parse(self.emulator.raw(
            {"Action": "DescribeInstances", "MaxResults": "5"}, region="us-east-2"),
            "reservationSet")
        self.assertEc2Error(self.images(MaxResults="100", NextToken=instance_token), 400,
                            "InvalidParameterValue")
        self.assertAwsError("InvalidParameterValue", "ec2", "describe-instances",
                            "--next-token", "garbage", region="us-east-2")

    def test_max_results_out_of_range(self):
        message = self.assertEc2Error(self.emulator.raw(
            {"Action": "DescribeInstances", "MaxResults": "4"}, region="us-east-2"), 400,
            "InvalidParameterValue")
        self.assertIn("between 5 and 1000", message)
        self.assertEc2Error(self.images(MaxResults="1001"), 400, "InvalidParameterValue")

    def test_instances_pages(self):
        answer = self.emulator.raw({"Action": "DescribeInstances"}, region="us-east-2")
        unpaginated, _ = parse(answer, "reservationSet")
        self.assertEqual(unpaginated, self.instance_ids)
        # One RunInstances call: one reservation holding every instance.
        reservations = ElementTree.fromstring(answer[1]).findall("ec2:reservationSet/ec2:item", NS)
        self.assertEqual(len(reservations), 1)
        ids, pages = self.pages("DescribeInstances", "reservationSet", 5)
        self.assertEqual(pages, -(-INSTANCES // 5))
        self.assertEqual(ids, self.instance_ids)

    def test_awscli_follows_next_token(self):
        aws = self.emulator.aws
        reservations = aws("ec2", "describe-instances", "--page-size", "5", "--filters",
                           "Name=tag:role,Values=pager", region="us-east-2")["Reservations"]
        self.assertEqual([i["InstanceId"] for r in reservations for i in r["Instances"]],
                         self.instance_ids)
        # awscli merges pages; each page held a part of the one reservation.
        self.assertEqual(len(reservations), -(-INSTANCES // 5))
        self.assertEqual({r["ReservationId"] for r in reservations}, {reservations[0][
            "ReservationId"]})
        snapshots = aws("ec2", "describe-snapshots", "--owner-ids", "self", "--page-size", "900",
                        "--query", "Snapshots[].SnapshotId", region="us-east-2")
        self.assertEqual(len(snapshots), IMAGES)
        self.assertEqual(len(set(snapshots)), IMAGES)
        limited = aws("ec2", "describe-snapshots", "--owner-ids", "self", "--max-items", "7",
                      "--page-size", "5", region="us-east-2")
        self.assertEqual([s["SnapshotId"] for s in limited["Snapshots"]], snapshots[:7])
        self.assertIn("NextToken", limited)


if __name__ == "__main__":
    unittest.main()
