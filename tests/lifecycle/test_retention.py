"""bakery-retention against the emulator: plan, safety rules, apply, legacy
deregister, orphans, partial failures, faults and throttling, SIGKILL + re-run."""
import json
import subprocess
import signal
import time
import unittest

from harness import DAY, EmulatorTest


def family(name, count, age_days, step_days=1, extra_tags=None, snapshots=1, **more):
    tags = {"bakery:family": name, "bakery:version": "1.{i}"}
    tags.update(extra_tags or {})
    spec = {"count": count, "name": name + "-{i}", "tags": tags, "snapshots": snapshots,
            "age_seconds": age_days * DAY, "step_seconds": step_days * DAY}
    spec.update(more)
    return spec


class RetentionTest(EmulatorTest):
    def plan(self, *args, env=None, expect=0):
        return self.run_json("retention", *args, env=env, expect=expect)

    def actions(self, document):
        return {image["id"]: image["action"] for region in document["regions"]
                for image in region["images"]}

    def test_plan_changes_nothing_and_explains_each_image(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 5, 40)]})["images"]
        before = (self.images(), self.snapshots())
        result = self.run_step("retention", "--family", "web", "--keep", "2")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual((self.images(), self.snapshots()), before)
        # Seeded image i is 40 - i days old: the two newest are kept.
        self.assertIn(f"{ids[4]}  1.4      -       5w 1d  KEEP    newest 1 of 2 (keep)", result.stdout)
        self.assertIn(f"{ids[0]}  1.0      -       5w 5d  DELETE  beyond the newest 2, age 5w 5d "
                      "over min-age 1w", result.stdout)
        self.assertTrue(result.stdout.endswith(
            "plan: 3 to delete, 0 to deprecate, 2 to keep in 1 region; dry run, nothing changed "
            "(add --apply)\n"), result.stdout)

    def test_safety_rules_protect_images_in_use(self):
        ids = self.seed({"region": "us-east-1", "images": [
            family("web", 12, 60),
            family("web", 1, 70, extra_tags={"keep": "true"}),
            family("web", 1, 70, extra_tags={"bakery:status": "production"}),
            family("web", 1, 70, shared_with=["111122223333"]),
            family("web", 1, 70, public=True),
            family("other", 2, 50)]})["images"]
        web = ids[:12]
        self.seed({"region": "us-east-1",
                   "instances": [{"image_id": web[0]}],
                   "launch_templates": [{"name": "web-lt", "versions": [web[1], web[2], web[3]],
                                         "default": 2}],
                   "parameters": [{"name": "/bakery/amis/web", "value": web[4]},
                                  {"name": "/elsewhere/web", "value": web[5]}]})
        document = self.plan("--family", "web", "--keep", "2", "--ssm-path", "/bakery/amis")
        actions = self.actions(document)
        reasons = {image["id"]: image["reasons"] for region in document["regions"]
                   for image in region["images"]}
        self.assertEqual(actions[web[0]], "KEEP")
        self.assertRegex(reasons[web[0]][0], r"^in use by instance i-\w+ \((pending|running)\)$")
        self.assertEqual(actions[web[1]], "DELETE")  # version 1: neither default nor latest
        self.assertRegex(reasons[web[2]][0],
                         r"^in use by launch template lt-\w+ \(web-lt\) version 2 \(default\)$")
        self.assertEqual(len(reasons[web[2]]), 1)
        self.assertEqual(actions[web[3]], "KEEP")
        self.assertEqual(reasons[web[4]], ["in use by SSM parameter /bakery/amis/web"])
        self.assertEqual(actions[web[5]], "DELETE")  # not under a configured path
        self.assertEqual(reasons[ids[12]], ["tagged keep=true"])
        self.assertEqual(reasons[ids[13]], ["status production is protected (keep-status)"])
        self.assertEqual(reasons[ids[14]], ["shared with 111122223333 (use --include-shared to allow)"])
        self.assertEqual(reasons[ids[15]], ["public (use --include-shared to allow)"])
        self.assertNotIn(ids[16], actions)  # another family is never a candidate
        # The newest two web images not in use are kept; in-use ones do not count.
        self.assertEqual([actions[i] for i in web[6:]], ["DELETE"] * 4 + ["KEEP"] * 2)
        all_versions = self.actions(self.plan("--family", "web", "--keep", "2",
                                              "--check-all-template-versions"))
        self.assertEqual(all_versions[web[1]], "KEEP")
        shared = self.actions(self.plan("--family", "web", "--keep", "2", "--include-shared"))
        self.assertEqual((shared[ids[14]], shared[ids[15]]), ("DELETE", "DELETE"))
        applied = self.plan("--family", "web", "--keep", "2", "--ssm-path", "/bakery/amis", "--apply")
        self.assertEqual(applied["summary"]["failed"], 0)
        kept = {web[0], web[2], web[3], web[4], web[10], web[11]} | set(ids[12:])
        self.assertEqual(set(self.images()), kept)
        self.assertEqual(self.actions(applied)[ids[14]], "KEEP")

    def test_apply_deletes_images_and_snapshots_then_converges(self):
        ids = self.seed({"regions": [
            {"region": "us-east-1", "images": [family("web", 6, 40, snapshots=2)]},
            {"region": "eu-west-1", "images": [family("web", 3, 40)]}]})["images"]
        keep_snapshots = {r: None for r in ("us-east-1", "eu-west-1")}
        document = self.plan("--family", "web", "--keep", "2", "--region", "us-east-1",
                             "--region", "eu-west-1", "--apply")
        self.assertEqual(document["summary"], {"delete": 5, "deprecate": 0, "keep": 4, "failed": 0})
        results = [r for region in document["regions"] for r in region["results"]]
        self.assertEqual(sorted(r["id"] for r in results), sorted(ids[0:4] + ids[6:7]))
        for r in results:
            self.assertEqual(r["action"], "deregistered")
            self.assertTrue(all(s["result"] == "success" for s in r["snapshots"]), r)
        self.assertEqual(self.images("us-east-1"), sorted(ids[4:6]))
        self.assertEqual(self.images("eu-west-1"), sorted(ids[7:9]))
        self.assertEqual(len(self.snapshots("us-east-1")), 4)
        self.assertEqual(len(self.snapshots("eu-west-1")), 2)
        again = self.plan("--family", "web", "--keep", "2", "--region", "us-east-1",
                          "--region", "eu-west-1", "--apply")
        self.assertEqual(again["summary"], {"delete": 0, "deprecate": 0, "keep": 4, "failed": 0})
        del keep_snapshots

    def test_legacy_endpoint_falls_back_to_delete_snapshot(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 4, 40, snapshots=2)]})["images"]
        self.control("config", {"legacy_deregister": True})
        document = self.plan("--family", "web", "--keep", "1", "--apply")
        self.assertEqual(document["summary"]["failed"], 0)
        self.assertEqual(self.images(), [ids[3]])
        self.assertEqual(len(self.snapshots()), 2)
        calls = self.state()["calls"]
        self.assertEqual(calls["DeleteSnapshot"], 6)

    def test_deprecate_first_then_delete(self):
        ids = self.seed({"region": "us-east-1", "images": [
            family("web", 1, 40, deprecated_seconds_ago=3 * DAY),
            family("web", 1, 39, deprecated_seconds_ago=DAY // 2),
            family("web", 2, 38)]})["images"]
        document = self.plan("--family", "web", "--keep", "1", "--deprecate-first", "1d", "--apply")
        self.assertEqual(self.actions(document), {ids[0]: "DELETE", ids[1]: "KEEP",
                                                  ids[2]: "DEPRECATE", ids[3]: "KEEP"})
        images = {i["id"]: i for i in self.state()["regions"]["us-east-1"]["images"]}
        self.assertNotIn(ids[0], images)
        self.assertIsNotNone(images[ids[2]]["deprecation"])
        self.assertIsNone(images[ids[3]]["deprecation"])
        again = self.plan("--family", "web", "--keep", "1", "--deprecate-first", "1d")
        self.assertEqual(self.actions(again)[ids[2]], "KEEP")

    def test_orphans_are_deleted_only_with_the_flag(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 3, 40)]})["images"]
        # Deregister one image without its snapshot (as older tools did).
        orphan_image = ids[0]
        snapshot = [i for i in self.state()["regions"]["us-east-1"]["images"]
                    if i["id"] == orphan_image][0]["snapshots"][0]
        subprocess.run(["/usr/bin/aws", "--endpoint-url", self.endpoint, "ec2", "deregister-image",
                        "--image-id", orphan_image], env=self.env(), check=True,
                       capture_output=True)
        self.assertIn(snapshot, self.snapshots())
        plan = self.plan("--family", "web", "--keep", "5")
        self.assertEqual(plan["regions"][0]["orphans"], [])
        young = self.plan("--family", "web", "--keep", "5", "--orphans")["regions"][0]["orphans"]
        self.assertEqual(young[0]["action"], "KEEP")
        self.assertRegex(young[0]["reason"], r"^orphan, but age \d+s is under min-age 1w$")
        document = self.plan("--family", "web", "--keep", "5", "--orphans", "--min-age", "0s",
                             "--apply")
        self.assertEqual(document["regions"][0]["orphans"], [
            {"snapshot_id": snapshot, "family": "web", "action": "DELETE",
             "reason": "no image uses it (orphan)"}])
        self.assertNotIn(snapshot, self.snapshots())
        self.assertEqual(len(self.snapshots()), 2)

    def test_failures_are_reported_per_image_with_exit_3(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 3, 40)]})["images"]
        self.control("config", {"faults": {"rules": {"DeregisterImage": {"error_rate": 1.0}}}})
        result = self.run_step("retention", "--family", "web", "--keep", "1", "--apply",
                               env={"AWS_MAX_ATTEMPTS": "2"})
        self.assertEqual(result.returncode, 3, result.stdout + result.stderr)
        self.assertIn(f"us-east-1 {ids[0]} failed — FAILED: ", result.stdout)
        self.assertIn("0 deregistered, 0 deprecated, 0 orphans deleted, 2 failed", result.stdout)
        self.assertEqual(self.images(), sorted(ids))

    def test_config_file_drives_families_and_prefix(self):
        ids = self.seed({"region": "eu-west-1", "images": [
            {"count": 4, "name": "db-{i}", "tags": {"acme:family": "db"},
             "age_seconds": 40 * DAY, "step_seconds": DAY}]})["images"]
        self.write("bakery.yml", "tag-prefix: 'acme:'\ndefaults:\n  regions: [eu-west-1]\n"
                   "retention:\n  families:\n    db: { keep: 3, min-age: 1d }\n")
        document = self.plan()
        self.assertEqual(document["families"], ["db"])
        self.assertEqual(self.actions(document),
                         {ids[0]: "DELETE", ids[1]: "KEEP", ids[2]: "KEEP", ids[3]: "KEEP"})

    def test_without_families_is_a_usage_error(self):
        result = self.run_step("retention")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stderr, "bakery-retention: no image families to manage: give "
                         "--family F (repeatable) or list images in bakery.yml\n")

    def test_faults_and_throttling_delete_exactly_the_plan(self):
        ids = self.seed({"regions": [
            {"region": "us-east-1", "images": [family("web", 30, 60, snapshots=2),
                                               family("api", 10, 60)]},
            {"region": "eu-west-1", "images": [family("web", 10, 60)]}]})["images"]
        args = ["--family", "web", "--family", "api", "--keep", "3", "--region", "us-east-1",
                "--region", "eu-west-1"]
        planned = {i for i, a in self.actions(self.plan(*args)).items() if a == "DELETE"}
        self.assertEqual(len(planned), 27 + 7 + 7)
        self.control("config", {
            "throttling": {"enabled": True, "scale": 0.2},
            "faults": {"seed": 7, "rules": {"*": {"error_rate": 0.05, "unavailable_rate": 0.05}}}})
        document = self.plan(*args, "--apply", env={"AWS_MAX_ATTEMPTS": "10"})
        self.assertEqual(document["summary"]["failed"], 0, json.dumps(document)[:2000])
        state = self.state()
        self.assertGreater(sum(state["faulted"].values()), 0)
        self.assertGreater(sum(state["throttled"].values()), 0)
        remaining = set(self.images("us-east-1")) | set(self.images("eu-west-1"))
        self.assertEqual(remaining, set(ids) - planned)
        kept_snapshots = {s for region in state["regions"].values() for i in region["images"]
                          if i["id"] in remaining for s in i["snapshots"]}
        self.assertEqual(set(self.snapshots("us-east-1")) | set(self.snapshots("eu-west-1")),
                         kept_snapshots)

    def test_killed_halfway_then_rerun_finishes(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 60, 90)]})["images"]
        self.control("config", {"faults": {"rules": {"DeregisterImage": {"latency_ms": 150}}}})
        process = self.start_step("retention", "--family", "web", "--keep", "2", "--apply")
        deadline = time.time() + 30
        while self.state()["calls"].get("DeregisterImage", 0) < 15 and time.time() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        left = self.images()
        self.assertLess(len(left), 60)
        self.assertGreater(len(left), 2)
        document = self.plan("--family", "web", "--keep", "2", "--apply")
        self.assertEqual(document["summary"]["failed"], 0)
        self.assertEqual(self.images(), sorted(ids[58:]))
        self.assertEqual(len(self.snapshots()), 2)


    def test_sigterm_stops_between_changes_with_exit_143(self):
        ids = self.seed({"region": "us-east-1", "images": [family("web", 40, 90)]})["images"]
        self.control("config", {"faults": {"rules": {"DeregisterImage": {"latency_ms": 100}}}})
        process = self.start_step("retention", "--family", "web", "--keep", "2", "--apply")
        deadline = time.time() + 30
        while self.state()["calls"].get("DeregisterImage", 0) < 8 and time.time() < deadline:
            time.sleep(0.05)
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        self.assertEqual(process.returncode, 143, err)
        self.assertIn("not started (interrupted)", out)
        self.assertIn("bakery-retention: interrupted; changes not started are listed above; a "
                      "re-run finishes them\n", err)
        self.assertGreater(len(self.images()), 2)
        self.plan("--family", "web", "--keep", "2", "--apply")
        self.assertEqual(self.images(), sorted(ids[38:]))


if __name__ == "__main__":
    unittest.main()
