"""bakery-inspect cloud modes against the emulator: --family (+status),
--max-age exit 3, --ami details with ancestry, outputs."""
import json
import unittest

from harness import DAY, EmulatorTest


def image(family, version, age_days, status=None, **tags):
    all_tags = {"bakery:family": family, "bakery:version": version, "bakery:commit": "c0ffee" + version,
                "bakery:branch": "main"}
    if status:
        all_tags["bakery:status"] = status
    all_tags.update(tags)
    return {"count": 1, "name": f"{family}-{version}", "tags": all_tags, "age_seconds": age_days * DAY}


class InspectCloudTest(EmulatorTest):
    def outputs(self):
        with open(self.workdir + "/out") as f:
            return f.read()

    def github(self):
        return {"GITHUB_ACTIONS": "true", "GITHUB_OUTPUT": self.workdir + "/out",
                "GITHUB_STEP_SUMMARY": self.workdir + "/summary"}

    def test_family_newest_first_with_status_filter_and_outputs(self):
        us = self.seed({"region": "us-east-1", "images": [
            image("web", "1.0", 20, "production"), image("web", "1.1", 5, "staging"),
            image("db", "9", 1)]})["images"]
        eu = self.seed({"region": "eu-west-1", "images": [image("web", "1.1", 5, "staging")]})["images"]
        result = self.run_step("inspect", "--family", "web", "--region", "us-east-1",
                               "--region", "eu-west-1", env=self.github())
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.splitlines(), [
            "REGION     IMAGE                  VERSION  COMMIT     BRANCH  STATUS      AGE",
            f"us-east-1  {us[1]}  1.1      c0ffee1.1  main    staging     5d",
            f"us-east-1  {us[0]}  1.0      c0ffee1.0  main    production  2w 6d",
            f"eu-west-1  {eu[0]}  1.1      c0ffee1.1  main    staging     5d"])
        self.assertEqual(self.outputs(), f'ami-ids={{"eu-west-1":"{eu[0]}","us-east-1":"{us[1]}"}}\n'
                         f"ami-id={us[1]}\nversion=1.1\nage-days=5\n")
        production = self.run_json("inspect", "--family", "web", "--status", "production")
        self.assertEqual([i["id"] for i in production["images"]], [us[0]])
        self.assertEqual(production["images"][0]["age_days"], 20)

    def test_max_age_exits_3_when_the_newest_is_too_old(self):
        ids = self.seed({"region": "us-east-1", "images": [
            image("web", "1.0", 20, "production"), image("web", "1.1", 2, "staging")]})["images"]
        fresh = self.run_step("inspect", "--family", "web", "--max-age", "7d")
        self.assertEqual(fresh.returncode, 0, fresh.stderr)
        stale = self.run_step("inspect", "--family", "web", "--status", "production",
                              "--max-age", "7d")
        self.assertEqual(stale.returncode, 3)
        self.assertEqual(stale.stderr, f"bakery-inspect: us-east-1: newest web (status production) "
                         f"image {ids[0]} is 2w 6d old, older than --max-age 1w\n")
        missing = self.run_step("inspect", "--family", "nope", "--max-age", "7d")
        self.assertEqual((missing.returncode, missing.stderr),
                         (3, "bakery-inspect: us-east-1: no nope image\n"))
        bad = self.run_step("inspect", "--family", "web", "--max-age", "7days")
        self.assertEqual(bad.returncode, 2)

    def test_ami_details_and_ancestry(self):
        base = self.seed({"region": "us-east-1", "images": [image("base", "2.0", 30)]})["images"][0]
        web = self.seed({"region": "us-east-1", "images": [
            dict(image("web", "1.0", 3, "staging", **{"bakery:parent": base}),
                 shared_with=["111122223333"], snapshots=2)]})["images"][0]
        document = self.run_json("inspect", "--ami", web)
        self.assertEqual(document["id"], web)
        self.assertEqual(document["family"], "web")
        self.assertEqual(len(document["block_devices"]), 2)
        self.assertEqual(document["launch_permissions"], {"public": False, "user_ids": ["111122223333"]})
        self.assertEqual([a["id"] for a in document["ancestry"]], [base])
        text = self.run_step("inspect", "--ami", web, env=self.github())
        self.assertIn(f"ancestry            {web} ← {base} (base 2.0)\n", text.stdout)
        self.assertIn("launch permissions  shared with 111122223333\n", text.stdout)
        self.assertEqual(self.outputs(), f"ami-id={web}\nversion=1.0\nage-days=3\n")
        missing = self.run_step("inspect", "--ami", "ami-0123456789abcdef0")
        self.assertEqual((missing.returncode, missing.stderr), (2, "bakery-inspect: image "
                         "ami-0123456789abcdef0 not found in us-east-1\n"))


if __name__ == "__main__":
    unittest.main()
