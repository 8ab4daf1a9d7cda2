"""EC2 instances: Run/Describe/Status/Stop/Start/Terminate/GetConsoleOutput with
timed lifecycles; instances report a loopback address."""
import base64
import time

from . import query
from .ec2_images import find_image, image_state
from .filters import matches, paginate, tag_set
from .state import ACCOUNT_ID, ClientError, iso, now_utc

_CODES = {"pending": 0, "running": 16, "shutting-down": 32, "terminated": 48,
          "stopping": 64, "stopped": 80}


def state_of(instance) -> str:
    """Applies timed transitions; returns the current state name."""
    now = time.monotonic()
    target, at = instance["transition"]
    if target and now >= at:
        instance["state"] = target
        instance["transition"] = (None, 0)
    return instance["state"]


def _move(instance, now_state, final_state, delay):
    instance["state"] = now_state
    instance["transition"] = (final_state, time.monotonic() + delay)


def find_instance(account, region, instance_id):
    instance = region.instances.get(instance_id)
    if instance is None:
        code = "InvalidInstanceID.Malformed" if not instance_id.startswith("i-") else \
            "InvalidInstanceID.NotFound"
        raise ClientError(code, f"The instance ID '{instance_id}' does not exist")
    return instance


def run_instances(account, region, params):
    token = params.get("ClientToken")
    if token and token in region.client_tokens:
        reservation = region.client_tokens[token]
        return _reservation(account, region, reservation, [
            i for i in region.instances.values() if i["reservation"] == reservation])
    image = find_image(region, params.get("ImageId", ""))
    if image_state(account, image) != "available":
        raise ClientError("IncorrectState", f"Image {image['id']} is not available")
    key_name = params.get("KeyName")
    if key_name and key_name not in region.key_pairs:
        raise ClientError("InvalidKeyPair.NotFound", f"The key pair '{key_name}' does not exist")
    groups = query.as_list(params.get("SecurityGroupId")) or ["sg-0default00000001"]
    for group in groups:
        if group not in region.security_groups:
            raise ClientError("InvalidGroup.NotFound",
                              f"The security group '{group}' does not exist")
    count = int(params.get("MinCount", "1"))
    specs = query.tag_specifications(params)
    reservation = account.new_id("r")
    created = []
    for index in range(count):
        instance = {"id": account.new_id("i"), "image_id": image["id"], "key_name": key_name,
                    "groups": groups, "type": params.get("InstanceType", "t3.micro"),
                    "tags": dict(specs.get("instance", {})), "launch": now_utc(),
                    "reservation": reservation, "index": index, "client_token": token or "",
                    "user_data": params.get("UserData", ""), "state": "pending",
                    "transition": (None, 0)}
        _move(instance, "pending", "running", account.delays.instance_start)
        region.instances[instance["id"]] = instance
        created.append(instance)
    if token:
        region.client_tokens[token] = reservation
    return _reservation(account, region, reservation, created)


def _render_instance(account, region, instance) -> dict:
    state = state_of(instance)
    ip = account.public_ip if state in ("pending", "running") else None
    return {
        "instanceId": instance["id"], "imageId": instance["image_id"],
        "instanceState": {"code": _CODES[state], "name": state},
        "privateDnsName": "ip-127-0-0-1.ec2.internal", "dnsName": "localhost" if ip else "",
        "keyName": instance["key_name"], "amiLaunchIndex": instance["index"],
        "instanceType": instance["type"], "launchTime": iso(instance["launch"]),
        "placement": {"availabilityZone": region.name + "a", "tenancy": "default"},
        "monitoring": {"state": "disabled"}, "subnetId": region.subnet_id,
        "vpcId": region.vpc_id, "privateIpAddress": account.public_ip, "ipAddress": ip,
        "groupSet": [{"groupId": g, "groupName": region.security_groups.get(g, {}).get(
            "groupName", g)} for g in instance["groups"]],
        "architecture": "x86_64", "rootDeviceType": "ebs", "rootDeviceName": "/dev/xvda",
        "clientToken": instance["client_token"] or None,
        "tagSet": tag_set(instance["tags"]) if instance["tags"] else None,
    }


def _reservation(account, region, reservation, instances) -> dict:
    return {"reservationId": reservation, "ownerId": ACCOUNT_ID, "groupSet": [],
            "instancesSet": [_render_instance(account, region, i) for i in instances]}


def _instance_fields(instance):
    def field(name):
        return {"instance-id": [instance["id"]], "instance-state-name": [state_of(instance)],
                "image-id": [instance["image_id"]], "key-name": [instance["key_name"] or ""],
                "instance.group-id": instance["groups"], "group-id": instance["groups"],
                "reservation-id": [instance["reservation"]],
                "instance-type": [instance["type"]]}.get(name)
    return field


def _select(region, params):
    ids = query.as_list(params.get("InstanceId"))
    for instance_id in ids:
        find_instance(None, region, instance_id)
    candidates = [region.instances[i] for i in ids] if ids else list(region.instances.values())
    flt = query.filters(params)
    return [i for i in candidates if matches(_instance_fields(i), i["tags"], flt)], ids, flt


def describe_instances(account, region, params):
    selected, ids, flt = _select(region, params)
    page, token = paginate(selected, params, f"instances|{ids}|{flt}", maximum=1000)
    # EC2 pages over instances but answers reservations holding the page's instances.
    reservations: dict = {}
    for instance in page:
        reservations.setdefault(instance["reservation"], []).append(instance)
    return {"reservationSet": [_reservation(account, region, r, members)
                               for r, members in reservations.items()], "nextToken": token}


def describe_instance_status(account, region, params):
    selected, ids, flt = _select(region, params)
    include_all = query.boolean(params.get("IncludeAllInstances"))
    items = []
    for instance in selected:
        state = state_of(instance)
        if state != "running" and not include_all:
            continue
        ok = "ok" if state == "running" else "not-applicable"
        items.append({"instanceId": instance["id"], "availabilityZone": region.name + "a",
                      "instanceState": {"code": _CODES[state], "name": state},
                      "systemStatus": {"status": ok, "details": [{"name": "reachability",
                                                                  "status": "passed"}]},
                      "instanceStatus": {"status": ok, "details": [{"name": "reachability",
                                                                    "status": "passed"}]}})
    page, token = paginate(items, params, f"status|{ids}|{flt}|{include_all}")
    return {"instanceStatusSet": page, "nextToken": token}


def _change(account, region, params, action):
    changes = []
    for instance_id in query.as_list(params.get("InstanceId")):
        instance = find_instance(account, region, instance_id)
        before = state_of(instance)
        delays = account.delays
        if action == "terminate" and before != "terminated":
            _move(instance, "shutting-down", "terminated", delays.instance_terminate)
        elif action == "stop" and before in ("pending", "running"):
            _move(instance, "stopping", "stopped", delays.instance_stop)
        elif action == "start" and before == "stopped":
            _move(instance, "pending", "running", delays.instance_start)
        after = instance["state"]
        changes.append({"instanceId": instance_id,
                        "currentState": {"code": _CODES[after], "name": after},
                        "previousState": {"code": _CODES[before], "name": before}})
    return {"instancesSet": changes}


def get_console_output(account, region, params):
    instance = find_instance(account, region, params.get("InstanceId", ""))
    text = (f"[    0.000000] Linux version 6.1.0 (emulator)\n"
            f"Cloud-init v. 22.4 finished at {iso(now_utc())}. Up 4.20 seconds\n")
    return {"instanceId": instance["id"], "timestamp": iso(now_utc()),
            "output": base64.b64encode(text.encode()).decode()}


def describe_volumes(account, region, params):
    """One root volume per instance that still exists."""
    flt = query.filters(params)
    volumes = []
    for instance in region.instances.values():
        state = state_of(instance)
        if state == "terminated":
            continue
        volume_id = "vol-" + instance["id"][2:]
        fields = {"volume-id": [volume_id], "attachment.instance-id": [instance["id"]],
                  "status": ["in-use"]}
        if not matches(lambda f, fields=fields: fields.get(f), {}, flt):
            continue
        volumes.append({"volumeId": volume_id, "size": 8, "availabilityZone": region.name + "a",
                        "status": "in-use", "createTime": iso(instance["launch"]),
                        "volumeType": "gp3", "encrypted": False,
                        "attachmentSet": [{"volumeId": volume_id, "instanceId": instance["id"],
                                           "device": "/dev/xvda", "status": "attached",
                                           "attachTime": iso(instance["launch"]),
                                           "deleteOnTermination": True}]})
    page, token = paginate(volumes, params, f"volumes|{flt}")
    return {"volumeSet": page, "nextToken": token}


HANDLERS = {
    "DescribeVolumes": describe_volumes,
    "RunInstances": run_instances, "DescribeInstances": describe_instances,
    "DescribeInstanceStatus": describe_instance_status,
    "TerminateInstances": lambda a, r, p: _change(a, r, p, "terminate"),
    "StopInstances": lambda a, r, p: _change(a, r, p, "stop"),
    "StartInstances": lambda a, r, p: _change(a, r, p, "start"),
    "GetConsoleOutput": get_console_output,
}
