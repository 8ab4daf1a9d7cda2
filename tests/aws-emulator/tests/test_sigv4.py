"""SigV4 verification: awscli with a wrong secret, tampered headers and bodies, stale
dates, unknown keys and session tokens get EC2's errors, statuses and XML shape."""
import datetime
import hashlib
import subprocess
import unittest
import xml.etree.ElementTree as ElementTree

from harness import AWS, DEFAULT_SECRET_KEY, EmulatorTestCase

DESCRIBE = {"Action": "DescribeImages", "Owner.1": "self"}
MISMATCH = ("The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.")
AUTH_FAILURE = "AWS was not able to validate the provided access credentials"
TEMPORARY = ("ASIABAKERYTEMP000001", "temporary/secret/key/0000000000000000001",
             "FwoGZXIvYXdzEBakeryTestSessionToken")
STS_NS = "{https://sts.amazonaws.com/doc/2011-06-15/}"


def replace_header(name, value):
    def mutate(body, headers):
        return body, {**headers, name: value}
    return mutate


class SigV4Test(EmulatorTestCase):
    def raw(self, **kwargs):
        return self.emulator.raw(DESCRIBE, **kwargs)

    def test_awscli_wrong_secret_is_rejected(self):
        wrong = "not-the-secret-at-all-0000000000000000000"
        done = subprocess.run([AWS, "--endpoint-url", self.emulator.endpoint, "--region",
                               "us-east-1", "ec2", "describe-images", "--owners", "self"],
                              capture_output=True, text=True, timeout=60,
                              env=self.emulator.env(AWS_SECRET_ACCESS_KEY=wrong))
        self.assertEqual(done.returncode, 254, done.stderr)  # awscli v2: service error
        self.assertEqual(done.stdout, "")
        self.assertIn("An error occurred (SignatureDoesNotMatch) when calling the DescribeImages "
                      "operation: " + MISMATCH, done.stderr)
        self.assertNotIn(wrong, done.stderr)
        self.assertNotIn(DEFAULT_SECRET_KEY, done.stderr)
        # Rejected before any handler ran: nothing counted.
        self.assertEqual(self.emulator.control("state")["calls"], {})

    def test_signed_request_passes_and_unsigned_headers_are_ignored(self):
        self.assertEqual(self.raw()[0], 200)
        self.assertEqual(self.raw(mutate=replace_header("X-Unsigned-Extra", "1"))[0], 200)

    def test_tampered_header_after_signing(self):
        def later_date(body, headers):
            stamp = datetime.datetime.strptime(headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ")
            later = (stamp + datetime.timedelta(seconds=1)).strftime("%Y%m%dT%H%M%SZ")
            return body, {**headers, "X-Amz-Date": later}
        for name, mutate in (("X-Amz-Date", later_date),
                             ("Content-Type", replace_header("Content-Type",
                                                             "application/x-www-form-urlencoded"))):
            with self.subTest(header=name):
                message = self.assertEc2Error(self.raw(mutate=mutate), 403,
                                              "SignatureDoesNotMatch")
                self.assertEqual(message, MISMATCH)

    def test_tampered_body_after_signing(self):
        def other_owner(body, headers):
            self.assertIn("Owner.1=self", body)
            return body.replace("Owner.1=self", "Owner.1=amazon"), headers

        def other_owner_keeping_hash(body, headers):
            original = hashlib.sha256(body.encode()).hexdigest()
            tampered, _ = other_owner(body, headers)
            return tampered, {**headers, "X-Amz-Content-Sha256": original}
        for mutate in (other_owner, other_owner_keeping_hash):
            with self.subTest(mutate=mutate.__name__):
                self.assertEc2Error(self.raw(mutate=mutate), 403, "SignatureDoesNotMatch")

    def test_stale_or_future_date_is_expired(self):
        for minutes in (-16, 16, -60 * 24):
            with self.subTest(minutes=minutes):
                answer = self.raw(skew=datetime.timedelta(minutes=minutes))
                message = self.assertEc2Error(answer, 400, "RequestExpired")
                self.assertTrue(message.startswith("Request has expired."), message)
        for minutes in (-14, 14):  # inside EC2's 15-minute window
            self.assertEqual(self.raw(skew=datetime.timedelta(minutes=minutes))[0], 200)

    def test_unknown_access_key_is_auth_failure(self):
        answer = self.raw(credentials=("AKIAUNKNOWN000000000", DEFAULT_SECRET_KEY, None))
        self.assertEqual(self.assertEc2Error(answer, 401, "AuthFailure"), AUTH_FAILURE)

    def test_session_token_required_when_configured(self):
        access_key, secret, token = TEMPORARY
        self.emulator.control("config", {"credentials": [
            {"access_key": access_key, "secret_key": secret, "session_token": token}]})
        self.assertEqual(self.raw(credentials=TEMPORARY)[0], 200)
        for label, token_sent in (("missing", None), ("wrong", token + "x")):
            with self.subTest(token=label):
                answer = self.raw(credentials=(access_key, secret, token_sent))
                self.assertEqual(self.assertEc2Error(answer, 401, "AuthFailure"), AUTH_FAILURE)
        env = self.emulator.env(AWS_ACCESS_KEY_ID=access_key, AWS_SECRET_ACCESS_KEY=secret,
                                AWS_SESSION_TOKEN=token)
        self.assertEqual(self.emulator.aws("ec2", "describe-images", "--owners", "self",
                                           env=env), {"Images": []})
        del env["AWS_SESSION_TOKEN"]
        self.assertAwsError("AuthFailure", "ec2", "describe-images", env=env)

    def test_sts_signature_error_shape(self):
        status, body = self.emulator.raw({"Action": "GetCallerIdentity"}, service="sts",
                                         secret="wrong-secret")
        self.assertEqual(status, 403, body)
        root = ElementTree.fromstring(body)
        self.assertEqual(root.tag, STS_NS + "ErrorResponse")
        self.assertEqual([c.tag for c in root], [STS_NS + "Error", STS_NS + "RequestId"])
        error = root.find(STS_NS + "Error")
        self.assertEqual([(c.tag[len(STS_NS):], c.text) for c in error][:2],
                         [("Type", "Sender"), ("Code", "SignatureDoesNotMatch")])
        self.assertEqual(error.findtext(STS_NS + "Message"), MISMATCH)


if __name__ == "__main__":
    unittest.main()
