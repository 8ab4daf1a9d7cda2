"""The tags of built AMIs and snapshots carry the right commit and branch in
every CI the step runs in."""
import json
import os
import tempfile

from pipeline import PipelineTestCase


class CiTagsTest(PipelineTestCase):

    def build_and_check(self, env, commit, branch, ci):
        self.bakery("build", "--only", "base", "--force", env=env)
        for region in ("us-east-1", "eu-west-1"):
            image = self.images(region, "base")[-1]
            tags = self.tags(image)
            self.assertEqual(tags["bakery:commit"], commit, region)
            self.assertEqual(tags.get("bakery:branch"), branch, region)
            self.assertEqual(tags["bakery:ci"], ci, region)
            self.assertEqual(tags["bakery:status"], "testing")
            snapshot_id = image["BlockDeviceMappings"][0]["Ebs"]["SnapshotId"]
            snapshot = self.emulator.aws("ec2", "describe-snapshots", "--snapshot-ids",
                                         snapshot_id, region=region)["Snapshots"][0]
            snapshot_tags = self.tags(snapshot)
            self.assertEqual(snapshot_tags["bakery:commit"], commit, region)
            self.assertEqual(snapshot_tags["bakery:family"], "base", region)

    def github_env(self, **extra):
        return self.env(GITHUB_ACTIONS="true", GITHUB_REPOSITORY="acme/images",
                        GITHUB_SERVER_URL="https://github.com", GITHUB_RUN_ID="42",
                        GITHUB_OUTPUT=os.path.join(self.repo.path, "out"), **extra)

    def test_local_run(self):
        head = self.repo.git("rev-parse", "HEAD")
        self.build_and_check(self.env(), head, "main", "local")

    def test_github_push(self):
        head = self.repo.git("rev-parse", "HEAD")
        env = self.github_env(GITHUB_EVENT_NAME="push", GITHUB_SHA=head,
                              GITHUB_REF="refs/heads/release/2.0", GITHUB_REF_NAME="release/2.0",
                              GITHUB_REF_TYPE="branch")
        self.build_and_check(env, head, "release/2.0", "github-actions")
        image = self.images("us-east-1", "base")[-1]
        self.assertEqual(self.tags(image)["bakery:run-url"],
                         "https://github.com/acme/images/actions/runs/42")

    def test_github_pull_request_uses_the_head_commit(self):
        head = self.repo.git("rev-parse", "HEAD")
        merge = "f" * 40  # GitHub's merge commit, which is not what was built
        event = os.path.join(tempfile.mkdtemp(), "event.json")
        with open(event, "w") as f:
            json.dump({"pull_request": {"number": 7, "head": {"sha": head, "ref": "feature/tls"}}},
                      f)
        env = self.github_env(GITHUB_EVENT_NAME="pull_request", GITHUB_SHA=merge,
                              GITHUB_REF="refs/pull/7/merge", GITHUB_REF_NAME="7/merge",
                              GITHUB_HEAD_REF="feature/tls", GITHUB_BASE_REF="main",
                              GITHUB_EVENT_PATH=event)
        self.build_and_check(env, head, "feature/tls", "github-actions")

    def test_codebuild(self):
        head = self.repo.git("rev-parse", "HEAD")
        env = self.env(CODEBUILD_BUILD_ID="images:1234", CODEBUILD_RESOLVED_SOURCE_VERSION=head,
                       CODEBUILD_WEBHOOK_HEAD_REF="refs/heads/hotfix",
                       CODEBUILD_WEBHOOK_TRIGGER="branch/hotfix",
                       CODEBUILD_SOURCE_REPO_URL="https://github.com/acme/images.git",
                       BAKERY_ENV_FILE=os.path.join(self.repo.path, "cb.env"))
        self.build_and_check(env, head, "hotfix", "codebuild")
