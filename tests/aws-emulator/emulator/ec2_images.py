"""EC2 images and snapshots: Describe/Create/Register/Copy/Deregister, attributes,
deprecation, DescribeSnapshots/DeleteSnapshot."""
import datetime
import time

from . import query
from .filters import matches, paginate, tag_set
from .state import ACCOUNT_ID, ClientError, iso, now_utc

AMAZON_OWNER = "137112412989"
SOURCE_AMI = "ami-00000000000000001"


def _check_id(image_id: str):
    if not image_id.startswith("ami-") or len(image_id) < 12:
        raise ClientError("InvalidAMIID.Malformed", f'Invalid id: "{image_id}"')


def find_image(region, image_id):
    _check_id(image_id)
    image = region.images.get(image_id)
    if image is None:
        raise ClientError("InvalidAMIID.NotFound", f"The image id '[{image_id}]' does not exist")
    return image


def image_state(account, image) -> str:
    if image.get("failed"):
        return "failed"
    return "available" if time.monotonic() >= image["ready_at"] else "pending"


def new_snapshot(account, region, size, description, tags, encrypted=False):
    snapshot_id = account.new_id("snap")
    region.snapshots[snapshot_id] = {
        "id": snapshot_id, "size": size, "description": description, "tags": dict(tags),
        "start": now_utc(), "encrypted": encrypted, "owner": ACCOUNT_ID}
    return snapshot_id


def new_image(account, region, name, devices, tags, **extra):
    image_id = account.new_id("ami")
    image = {"id": image_id, "name": name, "description": extra.get("description", ""),
             "owner": extra.get("owner", ACCOUNT_ID), "public": extra.get("public", False),
             "launch_users": [], "architecture": extra.get("architecture", "x86_64"),
             "root_device": "/dev/xvda", "devices": devices, "tags": dict(tags),
             "creation": extra.get("creation") or now_utc(), "deprecation": None,
             "ready_at": time.monotonic() + extra.get("delay", account.delays.image_available)}
    region.images[image_id] = image
    return image


def _fields(account, image):
    def field(name):
        return {
            "name": [image["name"]], "image-id": [image["id"]], "owner-id": [image["owner"]],
            "state": [image_state(account, image)], "architecture": [image["architecture"]],
            "is-public": ["true" if image["public"] else "false"],
            "root-device-type": ["ebs"], "image-type": ["machine"],
            "virtualization-type": ["hvm"], "hypervisor": ["xen"],
            "root-device-name": [image["root_device"]],
            "creation-date": [iso(image["creation"])],
            "block-device-mapping.snapshot-id": [d["snapshot_id"] for d in image["devices"]],
            "description": [image["description"]],
        }.get(name)
    return field


def render_image(account, image) -> dict:
    return {
        "imageId": image["id"], "imageLocation": f"{image['owner']}/{image['name']}",
        "imageState": image_state(account, image), "imageOwnerId": image["owner"],
        "creationDate": iso(image["creation"]), "isPublic": image["public"],
        "architecture": image["architecture"], "imageType": "machine", "name": image["name"],
        "description": image["description"] or None, "rootDeviceType": "ebs",
        "rootDeviceName": image["root_device"], "virtualizationType": "hvm", "hypervisor": "xen",
        "enaSupport": True,
        "blockDeviceMapping": [{"deviceName": d["device"], "ebs": {
            "snapshotId": d["snapshot_id"], "volumeSize": d["size"], "deleteOnTermination": True,
            "volumeType": "gp3", "encrypted": d.get("encrypted", False)}} for d in image["devices"]],
        "tagSet": tag_set(image["tags"]) if image["tags"] else None,
        "deprecationTime": iso(image["deprecation"]) if image["deprecation"] else None,
    }


def _visible(account, image, owners, ids_given, include_deprecated) -> bool:
    if owners:
        wanted = {ACCOUNT_ID if o == "self" else AMAZON_OWNER if o == "amazon" else o
                  for o in owners}
        if image["owner"] not in wanted:
            return False
    elif not ids_given and image["owner"] != ACCOUNT_ID and not image["public"]:
        return False
    deprecated = image["deprecation"] is not None and image["deprecation"] <= now_utc()
    return not deprecated or include_deprecated or ids_given


def describe_images(account, region, params):
    owners = query.as_list(params.get("Owner"))
    ids = query.as_list(params.get("ImageId"))
    for image_id in ids:
        find_image(region, image_id)
    flt = query.filters(params)
    include = query.boolean(params.get("IncludeDeprecated"))
    candidates = [region.images[i] for i in ids] if ids else list(region.images.values())
    selected = [i for i in candidates
                if _visible(account, i, owners, bool(ids), include)
                and matches(_fields(account, i), i["tags"], flt)]
    key = f"images|{owners}|{ids}|{flt}|{include}"
    page, token = paginate(selected, params, key)
    return {"imagesSet": [render_image(account, i) for i in page], "nextToken": token}


def create_image(account, region, params):
    from .ec2_instances import find_instance
    instance = find_instance(account, region, params.get("InstanceId", ""))
    specs = query.tag_specifications(params)
    source = region.images.get(instance["image_id"])
    devices = []
    for device in (source["devices"] if source else [{"device": "/dev/xvda", "size": 8}]):
        snapshot_id = new_snapshot(account, region, device["size"],
                                   f"Created by CreateImage({instance['id']})",
                                   specs.get("snapshot", {}))
        devices.append({"device": device["device"], "snapshot_id": snapshot_id,
                        "size": device["size"]})
    image = new_image(account, region, params.get("Name", ""), devices, specs.get("image", {}),
                      description=params.get("Description", ""))
    image["source_instance"] = instance["id"]
    return {"imageId": image["id"]}


def register_image(account, region, params):
    devices = []
    for mapping in query.as_list(params.get("BlockDeviceMapping")):
        ebs = mapping.get("Ebs", {})
        snapshot_id = ebs.get("SnapshotId", "")
        if snapshot_id not in region.snapshots:
            raise ClientError("InvalidSnapshot.NotFound",
                              f"The snapshot '{snapshot_id}' does not exist.")
        devices.append({"device": mapping.get("DeviceName", "/dev/xvda"),
                        "snapshot_id": snapshot_id,
                        "size": int(ebs.get("VolumeSize", region.snapshots[snapshot_id]["size"]))})
    specs = query.tag_specifications(params)
    image = new_image(account, region, params.get("Name", ""), devices, specs.get("image", {}),
                      architecture=params.get("Architecture", "x86_64"),
                      description=params.get("Description", ""))
    return {"imageId": image["id"]}


def copy_image(account, region, params):
    source_region = account.region(params.get("SourceRegion", region.name))
    source = find_image(source_region, params.get("SourceImageId", ""))
    devices = []
    for device in source["devices"]:
        snapshot_id = new_snapshot(account, region, device["size"],
                                   f"Copied for DestinationAmi from SourceAmi {source['id']}", {})
        devices.append({"device": device["device"], "snapshot_id": snapshot_id,
                        "size": device["size"]})
    tags = source["tags"] if query.boolean(params.get("CopyImageTags")) else {}
    image = new_image(account, region, params.get("Name", source["name"]), devices, tags,
                      description=params.get("Description", source["description"]))
    return {"imageId": image["id"]}


def deregister_image(account, region, params):
    image = find_image(region, params.get("ImageId", ""))
    delete = params.get("DeleteAssociatedSnapshots")
    if delete is not None and account.legacy_deregister:
        raise ClientError("UnknownParameter",
                          "The parameter DeleteAssociatedSnapshots is not recognized")
    del region.images[image["id"]]
    result = {"return": True}
    if query.boolean(delete):
        outcomes = []
        for device in image["devices"]:
            in_use = any(device["snapshot_id"] in [d["snapshot_id"] for d in other["devices"]]
                         for other in region.images.values())
            if device["snapshot_id"] not in region.snapshots:
                code = "client-error"
            elif in_use:
                code = "skipped"
            else:
                del region.snapshots[device["snapshot_id"]]
                code = "success"
            outcomes.append({"snapshotId": device["snapshot_id"], "returnCode": code})
        result["deleteSnapshotResultSet"] = outcomes
    return result


def _snapshot_fields(snapshot):
    def field(name):
        return {"snapshot-id": [snapshot["id"]], "owner-id": [snapshot["owner"]],
                "status": ["completed"], "volume-size": [str(snapshot["size"])],
                "description": [snapshot["description"]]}.get(name)
    return field


def describe_snapshots(account, region, params):
    ids = query.as_list(params.get("SnapshotId"))
    for snapshot_id in ids:
        if snapshot_id not in region.snapshots:
            raise ClientError("InvalidSnapshot.NotFound",
                              f"The snapshot '{snapshot_id}' does not exist.")
    candidates = [region.snapshots[i] for i in ids] if ids else list(region.snapshots.values())
    owners = {ACCOUNT_ID if o == "self" else AMAZON_OWNER if o == "amazon" else o
              for o in query.as_list(params.get("Owner"))}
    flt = query.filters(params)
    selected = [s for s in candidates if (not owners or s["owner"] in owners)
                and matches(_snapshot_fields(s), s["tags"], flt)]
    page, token = paginate(selected, params, f"snapshots|{ids}|{flt}")
    return {"snapshotSet": [{
        "snapshotId": s["id"], "volumeId": "vol-ffffffff", "status": "completed",
        "startTime": iso(s["start"]), "progress": "100%", "ownerId": s["owner"],
        "volumeSize": s["size"], "description": s["description"], "encrypted": s["encrypted"],
        "storageTier": "standard", "tagSet": tag_set(s["tags"]) if s["tags"] else None}
        for s in page], "nextToken": token}


def delete_snapshot(account, region, params):
    snapshot_id = params.get("SnapshotId", "")
    if snapshot_id not in region.snapshots:
        raise ClientError("InvalidSnapshot.NotFound", f"The snapshot '{snapshot_id}' does not exist.")
    for image in region.images.values():
        if snapshot_id in [d["snapshot_id"] for d in image["devices"]]:
            raise ClientError("InvalidSnapshot.InUse",
                              f"The snapshot {snapshot_id} is currently in use by {image['id']}")
    del region.snapshots[snapshot_id]
    return {"return": True}


def enable_image_deprecation(account, region, params):
    image = find_image(region, params.get("ImageId", ""))
    stamp = params.get("DeprecateAt", "")
    try:
        image["deprecation"] = datetime.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        raise ClientError("InvalidParameterValue", f"Invalid DeprecateAt: {stamp}") from None
    return {"return": True}


def disable_image_deprecation(account, region, params):
    find_image(region, params.get("ImageId", ""))["deprecation"] = None
    return {"return": True}


def describe_image_attribute(account, region, params):
    image = find_image(region, params.get("ImageId", ""))
    attribute = params.get("Attribute", "")
    result = {"imageId": image["id"]}
    if attribute == "launchPermission":
        permissions = [{"group": "all"}] if image["public"] else []
        permissions += [{"userId": u} for u in image["launch_users"]]
        result["launchPermission"] = permissions
    elif attribute == "description":
        result["description"] = {"value": image["description"]}
    elif attribute == "blockDeviceMapping":
        result["blockDeviceMapping"] = render_image(account, image)["blockDeviceMapping"]
    else:
        raise ClientError("InvalidParameterValue", f"Value ({attribute}) for parameter attribute "
                          "is invalid. Unknown attribute.")
    return result


def modify_image_attribute(account, region, params):
    image = find_image(region, params.get("ImageId", ""))
    permission = params.get("LaunchPermission", {})
    adds = query.as_list(permission.get("Add"))
    removes = query.as_list(permission.get("Remove"))
    if params.get("Attribute") == "launchPermission":
        target = adds if params.get("OperationType") == "add" else removes
        target += [{"UserId": u} for u in query.as_list(params.get("UserId"))]
        target += [{"Group": g} for g in query.as_list(params.get("UserGroup"))]
    for entry in adds:
        if entry.get("Group") == "all":
            image["public"] = True
        elif entry.get("UserId") and entry["UserId"] not in image["launch_users"]:
            image["launch_users"].append(entry["UserId"])
    for entry in removes:
        if entry.get("Group") == "all":
            image["public"] = False
        elif entry.get("UserId") in image["launch_users"]:
            image["launch_users"].remove(entry["UserId"])
    if "Description" in params:
        image["description"] = params["Description"].get("Value", "")
    return {"return": True}


HANDLERS = {
    "DescribeImages": describe_images, "CreateImage": create_image,
    "RegisterImage": register_image, "CopyImage": copy_image,
    "DeregisterImage": deregister_image, "DescribeSnapshots": describe_snapshots,
    "DeleteSnapshot": delete_snapshot, "EnableImageDeprecation": enable_image_deprecation,
    "DisableImageDeprecation": disable_image_deprecation,
    "DescribeImageAttribute": describe_image_attribute,
    "ModifyImageAttribute": modify_image_attribute,
}


def seed_source_images(account):
    """A public Amazon-owned base image in every region, for Packer's source_ami."""
    for region in account.regions.values():
        snapshot_id = new_snapshot(account, region, 8, "amazon base image", {})
        region.snapshots[snapshot_id]["owner"] = AMAZON_OWNER
        image = new_image(account, region, "al2023-ami-emulator-x86_64",
                          [{"device": "/dev/xvda", "snapshot_id": snapshot_id, "size": 8}], {},
                          owner=AMAZON_OWNER, public=True, delay=0,
                          description="Amazon Linux 2023 (emulated)")
        del region.images[image["id"]]
        image["id"] = SOURCE_AMI
        region.images[SOURCE_AMI] = image
