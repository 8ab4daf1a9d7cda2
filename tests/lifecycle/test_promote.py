"""bakery-promote against the emulator: moves, superseding, idempotence,
refusals, SSM parameters, build records."""
import json
import unittest

from harness import DAY, EmulatorTest


def image(version, status=None, age_days=10, **more):
    tags = {"bakery:family": "web", "bakery:version": version}
    if status:
        tags["bakery:status"] = status
    spec = {"count": 1, "name": "web-" + version, "tags": tags, "age_seconds": age_days * DAY}
    spec.update(more)
    return spec


class PromoteTest(EmulatorTest):
    def status_of(self, region="us-east-1"):
        return {i["id"]: i["tags"].get("bakery:status")
                for i in self.state()["regions"][region]["images"] if i["owner"] == "123456789012"}

    def test_promotes_in_every_region_and_supersedes_the_holder(self):
        us = self.seed({"region": "us-east-1", "images": [
            image("1.1", "staging", 20), image("1.2", "testing", 10)]})["images"]
        eu = self.seed({"region": "eu-west-1", "images": [image("1.2", "tested", 10)]})["images"]
        self.write("bakery.yml", "defaults:\n  regions: [us-east-1, eu-west-1]\n")
        result = self.run_step("promote", "--family", "web", "--version", "1.2", "--to", "staging",
                               "--ssm-parameter", "/amis/{family}/{channel}/{region}",
                               env={"GITHUB_ACTIONS": "true",
                                    "GITHUB_OUTPUT": self.workdir + "/out"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.status_of(), {us[0]: "superseded", us[1]: "staging"})
        self.assertEqual(self.status_of("eu-west-1"), {eu[0]: "staging"})
        parameters = {(p["region"], p["name"]): p["value"] for p in self.state()["parameters"]}
        self.assertEqual(parameters, {("us-east-1", "/amis/web/staging/us-east-1"): us[1],
                                      ("eu-west-1", "/amis/web/staging/eu-west-1"): eu[0]})
        self.assertIn(f"us-east-1  {us[1]}  1.2      testing → staging  {us[0]}", result.stdout)
        outputs = open(self.workdir + "/out").read()
        self.assertEqual(outputs, f'ami-ids={{"eu-west-1":"{eu[0]}","us-east-1":"{us[1]}"}}\n'
                                  "version=1.2\n")
        again = self.run_json("promote", "--family", "web", "--version", "1.2", "--to", "staging",
                              "--ssm-parameter", "/amis/{family}/{channel}/{region}")
        self.assertEqual([m["changed"] for m in again["moves"]], [False, False])
        self.assertEqual(self.state()["calls"]["CreateTags"], 3)  # only the first run tagged
        self.assertEqual(self.state()["calls"]["PutParameter"], 2)

    def test_from_channel_and_refusals(self):
        ids = self.seed({"region": "us-east-1", "images": [
            image("1.0", "revoked", 30), image("1.1", "staging", 20),
            image("1.2", "testing", 10), image("0.9", "tested", 40, deprecated_seconds_ago=DAY)]})["images"]
        refused = self.run_step("promote", "--family", "web", "--version", "1.2", "--from",
                                "staging", "--to", "production")
        self.assertEqual(refused.returncode, 1)
        self.assertEqual(refused.stderr, "bakery-promote: refusing to promote to production: "
                         f"{ids[2]} in us-east-1 is not in staging (status testing)\n")
        revoked = self.run_step("promote", "--family", "web", "--ami", ids[0], "--to", "staging")
        self.assertEqual(revoked.stderr, "bakery-promote: refusing to promote to staging: "
                         f"{ids[0]} in us-east-1 is revoked\n")
        deprecated = self.run_step("promote", "--family", "web", "--version", "0.9", "--to", "staging")
        self.assertRegex(deprecated.stderr, f"{ids[3]} in us-east-1 is deprecated since ")
        ok = self.run_step("promote", "--family", "web", "--version", "1.1", "--from", "staging",
                           "--to", "production")
        self.assertEqual(ok.returncode, 0, ok.stderr)
        self.assertEqual(self.status_of()[ids[1]], "production")
        missing = self.run_step("promote", "--family", "web", "--version", "7", "--to", "staging")
        self.assertEqual((missing.returncode, missing.stderr), (2, "bakery-promote: no image of "
                         "family web matches version 7 in us-east-1\n"))
        typo = self.run_step("promote", "--family", "web", "--version", "1.1", "--to", "prod")
        self.assertEqual(typo.stderr, "bakery-promote: --to: unknown channel 'prod'; channels are "
                         "testing, tested, staging, production, revoked\n")

    def test_from_build_record(self):
        ids = self.seed({"region": "us-east-1", "images": [image("2.0", "testing")]})["images"]
        self.write("build.json", json.dumps({"images": [
            {"family": "web", "version": "2.0", "amis": {"us-east-1": ids[0]}}]}))
        result = self.run_step("promote", "--family", "web", "--from-build", "build.json",
                               "--to", "tested")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(self.status_of(), {ids[0]: "tested"})


if __name__ == "__main__":
    unittest.main()
