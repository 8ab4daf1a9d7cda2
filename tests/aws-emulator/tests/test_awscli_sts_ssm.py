"""awscli conformance: STS and SSM, and rejection of a wrong secret."""
import time
import unittest

from harness import EmulatorTestCase

SOURCE = "ami-00000000000000001"
ROLE = "arn:aws:iam::123456789012:role/image-builder"


class StsSsmTest(EmulatorTestCase):
    def test_caller_identity_and_assume_role_chain(self):
        aws = self.emulator.aws
        self.assertEqual(aws("sts", "get-caller-identity")["Account"], "123456789012")
        assumed = aws("sts", "assume-role", "--role-arn", ROLE, "--role-session-name", "ci")
        credentials = assumed["Credentials"]
        self.assertTrue(credentials["AccessKeyId"].startswith("ASIA"))
        env = self.emulator.env(AWS_ACCESS_KEY_ID=credentials["AccessKeyId"],
                                AWS_SECRET_ACCESS_KEY=credentials["SecretAccessKey"],
                                AWS_SESSION_TOKEN=credentials["SessionToken"])
        me = aws("sts", "get-caller-identity", env=env)
        self.assertEqual(me["Arn"], "arn:aws:sts::123456789012:assumed-role/image-builder/ci")
        env["AWS_SESSION_TOKEN"] = "forged"
        self.assertAwsError("InvalidClientTokenId", "sts", "get-caller-identity", env=env)

    def test_assume_role_with_web_identity_is_unsigned(self):
        self.emulator.control("config", {"web_identity_token": "jwt-from-github"})
        env = self.emulator.env()
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
        answer = self.emulator.aws("sts", "assume-role-with-web-identity", "--role-arn", ROLE,
                                   "--role-session-name", "gh", "--web-identity-token",
                                   "jwt-from-github", env=env)
        self.assertIn("SessionToken", answer["Credentials"])
        self.assertAwsError("InvalidIdentityToken", "sts", "assume-role-with-web-identity",
                            "--role-arn", ROLE, "--role-session-name", "gh",
                            "--web-identity-token", "other", env=env)

    def test_parameters(self):
        aws = self.emulator.aws
        aws("ssm", "put-parameter", "--name", "/images/web/production", "--value",
            "ami-0000000000000000a", "--type", "String")
        self.assertAwsError("ParameterAlreadyExists", "ssm", "put-parameter", "--name",
                            "/images/web/production", "--value", "x", "--type", "String")
        aws("ssm", "put-parameter", "--name", "/images/web/production", "--value",
            "ami-0000000000000000b", "--type", "String", "--overwrite")
        got = aws("ssm", "get-parameter", "--name", "/images/web/production")["Parameter"]
        self.assertEqual((got["Value"], got["Version"]), ("ami-0000000000000000b", 2))
        aws("ssm", "put-parameter", "--name", "/images/db/staging", "--value", "v", "--type",
            "String")
        listed = aws("ssm", "get-parameters-by-path", "--path", "/images", "--recursive")
        self.assertEqual(sorted(p["Name"] for p in listed["Parameters"]),
                         ["/images/db/staging", "/images/web/production"])
        aws("ssm", "delete-parameter", "--name", "/images/web/production")
        self.assertAwsError("ParameterNotFound", "ssm", "get-parameter", "--name",
                            "/images/web/production")

    def test_run_command_on_emulated_instance(self):
        aws = self.emulator.aws
        self.emulator.control("config", {"delays": {"instance_start": 0}})
        instance = aws("ec2", "run-instances", "--image-id", SOURCE)["Instances"][0]["InstanceId"]
        info = aws("ssm", "describe-instance-information")["InstanceInformationList"]
        self.assertEqual([i["InstanceId"] for i in info], [instance])
        command = aws("ssm", "send-command", "--instance-ids", instance, "--document-name",
                      "AWS-RunShellScript", "--parameters",
                      'commands=["echo hello from $((6*7))","exit 3"]')["Command"]["CommandId"]
        for _ in range(50):
            invocation = aws("ssm", "get-command-invocation", "--command-id", command,
                             "--instance-id", instance)
            if invocation["Status"] != "InProgress":
                break
            time.sleep(0.1)
        self.assertEqual(invocation["Status"], "Failed")
        self.assertEqual(invocation["ResponseCode"], 3)
        self.assertEqual(invocation["StandardOutputContent"], "hello from 42\n")

    def test_wrong_secret_is_rejected(self):
        env = self.emulator.env(AWS_SECRET_ACCESS_KEY="not-the-secret")
        self.assertAwsError("SignatureDoesNotMatch", "ec2", "describe-images", "--owners", "self",
                            env=env)
        self.assertAwsError("SignatureDoesNotMatch", "sts", "get-caller-identity", env=env)
        self.assertAwsError("InvalidSignatureException", "ssm", "get-parameter", "--name", "x",
                            env=env)
        env = self.emulator.env(AWS_ACCESS_KEY_ID="AKIAUNKNOWN000000000")
        self.assertAwsError("AuthFailure", "ec2", "describe-images", env=env)


if __name__ == "__main__":
    unittest.main()
