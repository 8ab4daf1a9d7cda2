"""Shared test harness: a running emulator, awscli against it, raw signed calls."""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import types
import unittest
import urllib.error
import urllib.parse
import urllib.request
import uuid
import xml.etree.ElementTree as ElementTree

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)
from emulator.state import DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY  # noqa: E402

AWS = "/usr/bin/aws"


def _load_run():
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("emulator_run", os.path.join(ROOT, "run"))
    spec = importlib.util.spec_from_loader("emulator_run", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


class AwsError(Exception):
    def __init__(self, code, message, status=None):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


class Emulator:
    """Starts the emulator for a test class and talks to it."""

    def __init__(self):
        self.run = _load_run()
        self.state_dir = tempfile.mkdtemp(prefix="aws-emulator-test-")
        self.endpoint = self.run.start(self.state_dir)

    def stop(self):
        self.run.stop(self.state_dir)
        shutil.rmtree(self.state_dir, ignore_errors=True)

    def control(self, route, payload=None):
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(f"{self.endpoint}/_emulator/{route}", data=data,
                                         method="POST" if data is not None else "GET")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def env(self, **overrides):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update({"AWS_ACCESS_KEY_ID": DEFAULT_ACCESS_KEY,
                    "AWS_SECRET_ACCESS_KEY": DEFAULT_SECRET_KEY,
                    "AWS_CONFIG_FILE": "/dev/null", "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
                    "AWS_PAGER": "", "AWS_EC2_METADATA_DISABLED": "true"})
        env.update(overrides)
        return env

    def aws(self, *args, region="us-east-1", env=None):
        """Runs awscli; returns parsed JSON output ({} for none); raises AwsError."""
        command = [AWS, "--endpoint-url", self.endpoint, "--region", region, "--output", "json",
                   *args]
        done = subprocess.run(command, capture_output=True, text=True, env=env or self.env(),
                              timeout=60)
        if done.returncode != 0:
            message = done.stderr.strip()
            code = message.split("(", 1)[1].split(")", 1)[0] if "(" in message else "?"
            raise AwsError(code, message)
        return json.loads(done.stdout) if done.stdout.strip() else {}

    def raw(self, params, region="us-east-1", service="ec2", secret=None, mutate=None,
            credentials=None, skew=None):
        """A Query-protocol call signed by botocore's SigV4 (Debian python3-botocore).
        credentials: (access key, secret, session token or None) instead of the default
        key; skew: a timedelta added to the signing clock; mutate(body, headers) ->
        (body, headers) runs after signing. Returns (status, body text)."""
        from unittest import mock
        import botocore.auth
        from botocore.awsrequest import AWSRequest
        from botocore.credentials import Credentials
        body = urllib.parse.urlencode({"Version": "2016-11-15" if service == "ec2"
                                       else "2011-06-15", **params})
        request = AWSRequest(method="POST", url=self.endpoint + "/", data=body, headers={
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
        access_key, secret_key, token = credentials or (
            DEFAULT_ACCESS_KEY, secret or DEFAULT_SECRET_KEY, None)
        signer = botocore.auth.SigV4Auth(Credentials(access_key, secret_key, token), service,
                                         region)
        if skew is None:
            signer.add_auth(request)
        else:
            real = datetime.datetime

            class Shifted(real):
                @classmethod
                def utcnow(cls):
                    return real.utcnow() + skew
            with mock.patch.object(botocore.auth, "datetime",
                                   types.SimpleNamespace(datetime=Shifted)):
                signer.add_auth(request)
        headers = dict(request.headers.items())
        if mutate:
            body, headers = mutate(body, headers)
        http = urllib.request.Request(self.endpoint + "/", data=body.encode(), headers=headers,
                                      method="POST")
        try:
            with urllib.request.urlopen(http, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class EmulatorTestCase(unittest.TestCase):
    """One emulator per test class, reset before each test."""

    @classmethod
    def setUpClass(cls):
        cls.emulator = Emulator()

    @classmethod
    def tearDownClass(cls):
        cls.emulator.stop()

    def setUp(self):
        self.emulator.control("reset", {})

    def assertAwsError(self, code, *args, **kwargs):
        with self.assertRaises(AwsError) as raised:
            self.emulator.aws(*args, **kwargs)
        self.assertEqual(raised.exception.code, code, raised.exception.message)
        return raised.exception

    def assertEc2Error(self, answer, status, code):
        """Checks a raw() answer is EC2's error document, exactly
        <Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>
        (no namespace), with `status` and `code`; returns the message."""
        got_status, body = answer
        self.assertEqual(got_status, status, body)
        root = ElementTree.fromstring(body)
        self.assertEqual(root.tag, "Response", body)
        self.assertEqual([child.tag for child in root], ["Errors", "RequestID"], body)
        errors = list(root.find("Errors"))
        self.assertEqual([e.tag for e in errors], ["Error"], body)
        self.assertEqual([child.tag for child in errors[0]], ["Code", "Message"], body)
        self.assertEqual(errors[0].findtext("Code"), code, body)
        uuid.UUID(root.findtext("RequestID"))  # raises unless a request id
        message = errors[0].findtext("Message")
        self.assertTrue(message, body)
        return message
