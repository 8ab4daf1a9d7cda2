"""The control API under /_emulator/ (never an AWS path): health, reset,
config (throttling, faults, delays), seed, state dump. See ../README.md."""
import datetime
import json

from . import ec2_images
from .state import ACCOUNT_ID, iso, now_utc


def _created(spec, index):
    if "created" in spec:
        return datetime.datetime.fromisoformat(spec["created"].replace("Z", "+00:00"))
    age = float(spec.get("age_seconds", 0)) - index * float(spec.get("step_seconds", 0))
    return now_utc() - datetime.timedelta(seconds=age)


def _seed_images(account, region, spec, created):
    for index in range(int(spec.get("count", 1))):
        devices = []
        tags = {k: str(v).replace("{i}", str(index)) for k, v in spec.get("tags", {}).items()}
        snapshot_tags = {k: v for k, v in tags.items()
                         if k in spec.get("snapshot_tag_keys", list(tags))}
        for n in range(int(spec.get("snapshots", 1))):
            snapshot_id = ec2_images.new_snapshot(account, region, 8, "seeded", snapshot_tags)
            devices.append({"device": "/dev/xvda" if n == 0 else f"/dev/xvd{chr(98 + n)}",
                            "snapshot_id": snapshot_id, "size": 8})
        image = ec2_images.new_image(
            account, region, spec.get("name", "seeded-{i}").replace("{i}", f"{index:05d}"),
            devices, tags, creation=_created(spec, index), delay=0,
            public=bool(spec.get("public")), owner=spec.get("owner", ACCOUNT_ID))
        if spec.get("deprecated_seconds_ago") is not None:
            image["deprecation"] = now_utc() - datetime.timedelta(
                seconds=float(spec["deprecated_seconds_ago"]))
        image["launch_users"] = list(spec.get("shared_with", []))
        created.append(image["id"])


def _seed(emulator, request):
    from .ec2_instances import run_instances
    account = emulator.account
    created = {"images": [], "instances": [], "launch_templates": []}
    with account.lock:
        for region_spec in request.get("regions", [request]):
            region = account.region(region_spec.get("region", "us-east-1"))
            for spec in region_spec.get("images", []):
                _seed_images(account, region, spec, created["images"])
            for spec in region_spec.get("instances", []):
                params = {"ImageId": spec["image_id"], "MinCount": str(spec.get("count", 1)),
                          "TagSpecification": {"1": {"ResourceType": "instance", "Tag": {
                              str(i + 1): {"Key": k, "Value": v}
                              for i, (k, v) in enumerate(spec.get("tags", {}).items())}}}}
                result = run_instances(account, region, params)
                created["instances"] += [i["instanceId"] for i in result["instancesSet"]]
            for spec in region_spec.get("launch_templates", []):
                template_id = account.new_id("lt")
                region.launch_templates[template_id] = {
                    "id": template_id, "name": spec["name"], "versions": spec["versions"],
                    "default": int(spec.get("default", 1)), "created": now_utc()}
                created["launch_templates"].append(template_id)
            for spec in region_spec.get("parameters", []):
                account.parameters[(region.name, spec["name"])] = {
                    "Name": spec["name"], "Value": spec["value"], "Type": "String",
                    "Version": 1, "LastModified": 0, "Region": region.name}
    return created


def _configure(emulator, request):
    account = emulator.account
    if "throttling" in request:
        throttling = request["throttling"]
        emulator.buckets.configure(bool(throttling.get("enabled", True)),
                                   float(throttling.get("scale", 1.0)))
    if "faults" in request:
        emulator.faults.configure(request["faults"].get("rules", {}),
                                  int(request["faults"].get("seed", 0)))
    for name, value in request.get("delays", {}).items():
        setattr(account.delays, name, float(value))
    with account.lock:
        for credential in request.get("credentials", []):
            account.credentials[credential["access_key"]] = (
                credential["secret_key"], credential.get("session_token"))
        for key in ("public_ip", "web_identity_token", "legacy_deregister"):
            if key in request:
                setattr(account, key, request[key])
    return {"ok": True}


def _dump(emulator):
    account = emulator.account
    with account.lock:
        regions = {}
        for name, region in account.regions.items():
            from .ec2_instances import state_of
            regions[name] = {
                "images": [{"id": i["id"], "name": i["name"], "owner": i["owner"],
                            "state": ec2_images.image_state(account, i), "tags": i["tags"],
                            "public": i["public"], "creation": iso(i["creation"]),
                            "deprecation": iso(i["deprecation"]) if i["deprecation"] else None,
                            "snapshots": [d["snapshot_id"] for d in i["devices"]]}
                           for i in region.images.values()],
                "snapshots": [{"id": s["id"], "tags": s["tags"]} for s in region.snapshots.values()],
                "instances": [{"id": i["id"], "state": state_of(i), "image_id": i["image_id"],
                               "tags": i["tags"], "key_name": i["key_name"],
                               "groups": i["groups"]} for i in region.instances.values()],
                "key_pairs": [{"name": k["name"], "id": k["id"], "tags": k["tags"]}
                              for k in region.key_pairs.values()],
                "security_groups": [{"id": g["groupId"], "name": g["groupName"], "tags": g["tags"]}
                                    for g in region.security_groups.values()],
            }
        return {"regions": regions, "calls": dict(account.calls),
                "throttled": dict(account.throttled), "faulted": dict(account.faulted),
                "parameters": [{"region": r, "name": n, "value": p["Value"]}
                               for (r, n), p in account.parameters.items()]}


def handle(emulator_holder, method, path, query_string, body):
    """(status, JSON-able answer) for a control request."""
    from .server import Emulator
    server = emulator_holder
    request = json.loads(body or b"{}") if body else {}
    route = path[len("/_emulator/"):]
    if route == "health":
        return 200, {"ok": True}
    if route == "reset" and method == "POST":
        fresh = Emulator(int(request.get("seed", 0)))
        server.account, server.buckets, server.faults = fresh.account, fresh.buckets, fresh.faults
        return 200, {"ok": True}
    if route == "config" and method == "POST":
        return 200, _configure(server, request)
    if route == "seed" and method == "POST":
        return 200, _seed(server, request)
    if route == "state":
        return 200, _dump(server)
    return 404, {"error": f"unknown control route {method} {path}"}
