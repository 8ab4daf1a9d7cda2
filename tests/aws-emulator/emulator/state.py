"""The emulated account: per-region EC2 resources, SSM parameters, credentials."""
import datetime
import random
import secrets
import threading
import time

ACCOUNT_ID = "123456789012"
DEFAULT_ACCESS_KEY = "AKIABAKERYTEST000001"
DEFAULT_SECRET_KEY = "bakery/emulator/secret/key/000000000000001"
REGIONS = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2",
           "eu-central-1", "ap-northeast-1", "ap-southeast-1", "ap-southeast-2", "sa-east-1",
           "ca-central-1"]


def now_utc() -> datetime.datetime:
    return datetime.datetime.now(datetime.timezone.utc)


def iso(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


class ClientError(Exception):
    """An AWS error answer: code, message, HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


class Delays:
    """Seconds a lifecycle transition takes (instances, images)."""

    def __init__(self):
        self.instance_start = 0.2
        self.instance_stop = 0.2
        self.instance_terminate = 0.2
        self.image_available = 0.2


class Region:
    def __init__(self, name: str):
        self.name = name
        self.images: dict = {}        # id -> image dict (insertion = creation order)
        self.snapshots: dict = {}
        self.instances: dict = {}
        self.key_pairs: dict = {}
        self.security_groups: dict = {}
        self.launch_templates: dict = {}
        self.client_tokens: dict = {}  # RunInstances ClientToken -> reservation id
        self.vpc_id = "vpc-0emulator0000001"
        self.subnet_id = "subnet-0emulator000001"
        default_group = {"groupId": "sg-0default00000001", "groupName": "default",
                         "description": "default VPC security group", "vpcId": self.vpc_id,
                         "ownerId": ACCOUNT_ID, "ingress": [], "tags": {}}
        self.security_groups[default_group["groupId"]] = default_group


class Account:
    def __init__(self, seed: int = 0):
        self.lock = threading.RLock()
        self.random = random.Random(seed)
        self.regions = {name: Region(name) for name in REGIONS}
        self.credentials = {DEFAULT_ACCESS_KEY: (DEFAULT_SECRET_KEY, None)}
        self.parameters: dict = {}    # (region, name) -> parameter dict
        self.commands: dict = {}      # command id -> command dict
        self.delays = Delays()
        self.public_ip = "127.0.0.1"
        self.sessions: dict = {}      # temporary access key -> assumed-role user
        self.web_identity_token = ""  # when set, AssumeRoleWithWebIdentity requires it
        self.legacy_deregister = False  # reject DeleteAssociatedSnapshots like old endpoints
        self.calls: dict = {}         # action -> count
        self.throttled: dict = {}     # action -> count
        self.faulted: dict = {}       # action -> count
        self.started = time.monotonic()

    def region(self, name: str) -> Region:
        if name not in self.regions:
            self.regions[name] = Region(name)
        return self.regions[name]

    def new_id(self, prefix: str, length: int = 17) -> str:
        return prefix + "-" + "".join(self.random.choice("0123456789abcdef") for _ in range(length))

    def issue_session(self, prefix: str = "ASIA") -> dict:
        """Temporary credentials that verify until the emulator stops."""
        access_key = prefix + secrets.token_hex(8).upper()
        secret = secrets.token_urlsafe(30)
        token = "FwoGZXIvYXdzE" + secrets.token_urlsafe(60)
        self.credentials[access_key] = (secret, token)
        expiration = iso(now_utc() + datetime.timedelta(hours=1)).replace(".000", "")
        return {"AccessKeyId": access_key, "SecretAccessKey": secret, "SessionToken": token,
                "Expiration": expiration}

    def lookup_credentials(self, access_key: str):
        with self.lock:
            return self.credentials.get(access_key)
