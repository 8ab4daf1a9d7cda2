"""EC2 key pairs, security groups, VPCs, subnets, regions, launch templates, tags."""
import base64
import hashlib
import os
import subprocess
import tempfile

from . import query
from .ec2_instances import state_of
from .filters import matches, tag_set
from .state import ACCOUNT_ID, REGIONS, ClientError, iso, now_utc


def _generate_key() -> tuple:
    """(private PEM, public OpenSSH line) from a real ssh-keygen."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "key")
        subprocess.run(["ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-m", "PEM", "-N", "",
                        "-f", path], check=True)
        with open(path) as private, open(path + ".pub") as public:
            return private.read(), public.read().strip()


def _fingerprint(public_line: str) -> str:
    blob = base64.b64decode(public_line.split()[1])
    digest = hashlib.md5(blob).hexdigest()  # EC2 shows MD5 for imported keys
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def create_key_pair(account, region, params):
    name = params.get("KeyName", "")
    if name in region.key_pairs:
        raise ClientError("InvalidKeyPair.Duplicate", f"The keypair '{name}' already exists.")
    private, public = _generate_key()
    specs = query.tag_specifications(params)
    pair = {"name": name, "id": account.new_id("key"), "public": public,
            "fingerprint": _fingerprint(public), "tags": specs.get("key-pair", {}),
            "created": now_utc()}
    region.key_pairs[name] = pair
    return {"keyName": name, "keyFingerprint": pair["fingerprint"], "keyMaterial": private,
            "keyPairId": pair["id"], "tagSet": tag_set(pair["tags"]) if pair["tags"] else None}


def import_key_pair(account, region, params):
    name = params.get("KeyName", "")
    if name in region.key_pairs:
        raise ClientError("InvalidKeyPair.Duplicate", f"The keypair '{name}' already exists.")
    try:
        public = base64.b64decode(params.get("PublicKeyMaterial", ""), validate=True).decode().strip()
        _fingerprint(public)
    except (ValueError, IndexError, UnicodeDecodeError):
        raise ClientError("InvalidKeyPair.Format", "Key is not in valid OpenSSH public key format")
    pair = {"name": name, "id": account.new_id("key"), "public": public,
            "fingerprint": _fingerprint(public),
            "tags": query.tag_specifications(params).get("key-pair", {}), "created": now_utc()}
    region.key_pairs[name] = pair
    return {"keyName": name, "keyFingerprint": pair["fingerprint"], "keyPairId": pair["id"]}


def delete_key_pair(account, region, params):
    name = params.get("KeyName") or next(
        (n for n, p in region.key_pairs.items() if p["id"] == params.get("KeyPairId")), "")
    region.key_pairs.pop(name, None)  # EC2 succeeds for unknown names too
    return {"return": True}


def describe_key_pairs(account, region, params):
    names = query.as_list(params.get("KeyName"))
    for name in names:
        if name not in region.key_pairs:
            raise ClientError("InvalidKeyPair.NotFound", f"The key pair '{name}' does not exist")
    flt = query.filters(params)
    pairs = [region.key_pairs[n] for n in names] if names else list(region.key_pairs.values())
    selected = [p for p in pairs if matches(
        lambda f, p=p: {"key-name": [p["name"]], "key-pair-id": [p["id"]]}.get(f), p["tags"], flt)]
    return {"keySet": [{"keyPairId": p["id"], "keyName": p["name"],
                        "keyFingerprint": p["fingerprint"], "keyType": "rsa",
                        "createTime": iso(p["created"]),
                        "tagSet": tag_set(p["tags"]) if p["tags"] else None} for p in selected]}


def create_security_group(account, region, params):
    name = params.get("GroupName", "")
    if any(g["groupName"] == name for g in region.security_groups.values()):
        raise ClientError("InvalidGroup.Duplicate",
                          f"The security group '{name}' already exists for VPC '{region.vpc_id}'")
    group_id = account.new_id("sg")
    region.security_groups[group_id] = {
        "groupId": group_id, "groupName": name, "description": params.get("GroupDescription", ""),
        "vpcId": params.get("VpcId", region.vpc_id), "ownerId": ACCOUNT_ID, "ingress": [],
        "tags": query.tag_specifications(params).get("security-group", {})}
    return {"return": True, "groupId": group_id}


def _group(region, params):
    group_id = params.get("GroupId") or next(
        (g for g, v in region.security_groups.items() if v["groupName"] == params.get("GroupName")),
        "")
    if group_id not in region.security_groups:
        raise ClientError("InvalidGroup.NotFound",
                          f"The security group '{group_id or params.get('GroupName')}' does not exist")
    return region.security_groups[group_id]


def authorize_ingress(account, region, params):
    group = _group(region, params)
    for permission in query.as_list(params.get("IpPermissions")):
        group["ingress"].append({
            "ipProtocol": permission.get("IpProtocol", "tcp"),
            "fromPort": permission.get("FromPort"), "toPort": permission.get("ToPort"),
            "ipRanges": [{"cidrIp": r.get("CidrIp")} for r in query.as_list(permission.get("IpRanges"))]})
    if params.get("CidrIp"):
        group["ingress"].append({"ipProtocol": params.get("IpProtocol", "tcp"),
                                 "fromPort": params.get("FromPort"), "toPort": params.get("ToPort"),
                                 "ipRanges": [{"cidrIp": params["CidrIp"]}]})
    return {"return": True}


def delete_security_group(account, region, params):
    group = _group(region, params)
    for instance in region.instances.values():
        if group["groupId"] in instance["groups"] and state_of(instance) != "terminated":
            raise ClientError("DependencyViolation",
                              f"resource {group['groupId']} has a dependent object")
    del region.security_groups[group["groupId"]]
    return {"return": True}


def describe_security_groups(account, region, params):
    ids = query.as_list(params.get("GroupId"))
    names = query.as_list(params.get("GroupName"))
    groups = list(region.security_groups.values())
    for wanted in ids:
        if wanted not in region.security_groups:
            raise ClientError("InvalidGroup.NotFound", f"The security group '{wanted}' does not exist")
    if ids:
        groups = [region.security_groups[i] for i in ids]
    if names:
        groups = [g for g in groups if g["groupName"] in names]
    flt = query.filters(params)
    groups = [g for g in groups if matches(lambda f, g=g: {
        "group-id": [g["groupId"]], "group-name": [g["groupName"]], "vpc-id": [g["vpcId"]]}.get(f),
        g["tags"], flt)]
    return {"securityGroupInfo": [{
        "ownerId": g["ownerId"], "groupId": g["groupId"], "groupName": g["groupName"],
        "groupDescription": g["description"], "vpcId": g["vpcId"], "ipPermissions": g["ingress"],
        "ipPermissionsEgress": [{"ipProtocol": "-1", "ipRanges": [{"cidrIp": "0.0.0.0/0"}]}],
        "tagSet": tag_set(g["tags"]) if g["tags"] else None} for g in groups]}


def describe_vpcs(account, region, params):
    return {"vpcSet": [{"vpcId": region.vpc_id, "state": "available", "cidrBlock": "172.31.0.0/16",
                        "isDefault": True, "ownerId": ACCOUNT_ID, "instanceTenancy": "default"}]}


def describe_subnets(account, region, params):
    return {"subnetSet": [{"subnetId": region.subnet_id, "state": "available",
                           "vpcId": region.vpc_id, "cidrBlock": "172.31.0.0/20",
                           "availableIpAddressCount": 4091,
                           "availabilityZone": region.name + "a", "defaultForAz": True,
                           "mapPublicIpOnLaunch": True, "ownerId": ACCOUNT_ID}]}


def describe_regions(account, region, params):
    names = query.as_list(params.get("RegionName")) or REGIONS
    return {"regionInfo": [{"regionName": n, "regionEndpoint": f"ec2.{n}.amazonaws.com",
                            "optInStatus": "opt-in-not-required"} for n in names]}


def describe_availability_zones(account, region, params):
    return {"availabilityZoneInfo": [{"zoneName": region.name + z, "zoneState": "available",
                                      "regionName": region.name, "zoneId": f"use1-az{i}"}
                                     for i, z in enumerate("abc", 1)]}


def describe_launch_templates(account, region, params):
    return {"launchTemplates": [{
        "launchTemplateId": t["id"], "launchTemplateName": t["name"],
        "createTime": iso(t["created"]), "createdBy": f"arn:aws:iam::{ACCOUNT_ID}:root",
        "defaultVersionNumber": t["default"], "latestVersionNumber": len(t["versions"])}
        for t in region.launch_templates.values()]}


def describe_launch_template_versions(account, region, params):
    template_id = params.get("LaunchTemplateId")
    name = params.get("LaunchTemplateName")
    template = next((t for t in region.launch_templates.values()
                     if t["id"] == template_id or t["name"] == name), None)
    if template is None:
        raise ClientError("InvalidLaunchTemplateId.NotFound",
                          f"The specified launch template, with template ID {template_id}, does "
                          "not exist.")
    wanted = query.as_list(params.get("LaunchTemplateVersion"))
    latest = len(template["versions"])
    numbers = []
    for w in wanted or [str(n) for n in range(1, latest + 1)]:
        numbers.append(latest if w == "$Latest" else template["default"] if w == "$Default"
                       else int(w))
    return {"launchTemplateVersionSet": [{
        "launchTemplateId": template["id"], "launchTemplateName": template["name"],
        "versionNumber": n, "defaultVersion": n == template["default"],
        "createTime": iso(template["created"]),
        "launchTemplateData": {"imageId": template["versions"][n - 1]}} for n in numbers]}


def _resource(region, resource_id):
    for collection in (region.images, region.snapshots, region.instances,
                       region.security_groups):
        if resource_id in collection:
            return collection[resource_id]
    for pair in region.key_pairs.values():
        if pair["id"] == resource_id:
            return pair
    raise ClientError("InvalidID", f"The ID '{resource_id}' is not valid")


def create_tags(account, region, params):
    tags = query.tags_of(params.get("Tag"))
    for resource_id in query.as_list(params.get("ResourceId")):
        _resource(region, resource_id)["tags"].update(tags)
    return {"return": True}


def delete_tags(account, region, params):
    tags = query.as_list(params.get("Tag"))
    for resource_id in query.as_list(params.get("ResourceId")):
        resource = _resource(region, resource_id)
        for tag in tags:
            if "Value" not in tag or resource["tags"].get(tag["Key"]) == tag["Value"]:
                resource["tags"].pop(tag.get("Key"), None)
    return {"return": True}


def describe_tags(account, region, params):
    flt = query.filters(params)
    items = []
    for kind, collection in (("image", region.images), ("snapshot", region.snapshots),
                             ("instance", region.instances),
                             ("security-group", region.security_groups)):
        for resource_id, resource in collection.items():
            for key, value in resource["tags"].items():
                fields = {"resource-id": [resource_id], "resource-type": [kind],
                          "key": [key], "value": [value]}
                if matches(lambda f, fields=fields: fields.get(f), {}, flt):
                    items.append({"resourceId": resource_id, "resourceType": kind,
                                  "key": key, "value": value})
    return {"tagSet": items}


HANDLERS = {
    "CreateKeyPair": create_key_pair, "ImportKeyPair": import_key_pair,
    "DeleteKeyPair": delete_key_pair, "DescribeKeyPairs": describe_key_pairs,
    "CreateSecurityGroup": create_security_group,
    "AuthorizeSecurityGroupIngress": authorize_ingress,
    "DeleteSecurityGroup": delete_security_group,
    "DescribeSecurityGroups": describe_security_groups, "DescribeVpcs": describe_vpcs,
    "DescribeSubnets": describe_subnets, "DescribeRegions": describe_regions,
    "DescribeAvailabilityZones": describe_availability_zones,
    "DescribeLaunchTemplates": describe_launch_templates,
    "DescribeLaunchTemplateVersions": describe_launch_template_versions,
    "CreateTags": create_tags, "DeleteTags": delete_tags, "DescribeTags": describe_tags,
}
