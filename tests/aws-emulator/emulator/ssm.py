"""SSM (JSON 1.1): parameters, and Run Command executed as a local subprocess
standing in for the instance."""
import subprocess
import threading
import time
import uuid

from .ec2_instances import state_of
from .state import ClientError


def _key(region, name):
    return (region.name, name)


def _render(parameter, with_value=True):
    result = {"Name": parameter["Name"], "Type": parameter["Type"], "Version": parameter["Version"],
              "LastModifiedDate": parameter["LastModified"], "DataType": "text",
              "ARN": f"arn:aws:ssm:{parameter['Region']}:123456789012:parameter"
                     f"{'' if parameter['Name'].startswith('/') else '/'}{parameter['Name']}"}
    if with_value:
        result["Value"] = parameter["Value"]
    return result


def get_parameter(account, region, body):
    parameter = account.parameters.get(_key(region, body.get("Name", "")))
    if parameter is None:
        raise ClientError("ParameterNotFound", "")
    return {"Parameter": _render(parameter)}


def put_parameter(account, region, body):
    name = body.get("Name", "")
    existing = account.parameters.get(_key(region, name))
    if existing and not body.get("Overwrite"):
        raise ClientError("ParameterAlreadyExists", "The parameter already exists. To overwrite "
                          "this value, set the overwrite option in the request to true.")
    version = existing["Version"] + 1 if existing else 1
    account.parameters[_key(region, name)] = {
        "Name": name, "Value": body.get("Value", ""), "Type": body.get("Type", "String"),
        "Version": version, "LastModified": time.time(), "Region": region.name}
    return {"Version": version, "Tier": "Standard"}


def delete_parameter(account, region, body):
    if account.parameters.pop(_key(region, body.get("Name", "")), None) is None:
        raise ClientError("ParameterNotFound", "")
    return {}


def get_parameters_by_path(account, region, body):
    path = body.get("Path", "/").rstrip("/") + "/"
    recursive = body.get("Recursive", False)
    names = sorted(n for (r, n) in account.parameters if r == region.name and n.startswith(path)
                   and (recursive or "/" not in n[len(path):]))
    start = int(body.get("NextToken", "0") or "0")
    limit = int(body.get("MaxResults", 10))
    page = names[start:start + limit]
    result = {"Parameters": [_render(account.parameters[(region.name, n)]) for n in page]}
    if start + limit < len(names):
        result["NextToken"] = str(start + limit)
    return result


def _run(command, instance_id, script):
    try:
        done = subprocess.run(["sh", "-c", script], capture_output=True, text=True, timeout=120)
        invocation = command["invocations"][instance_id]
        invocation.update(Status="Success" if done.returncode == 0 else "Failed",
                          ResponseCode=done.returncode, StandardOutputContent=done.stdout,
                          StandardErrorContent=done.stderr)
    except subprocess.TimeoutExpired:
        command["invocations"][instance_id].update(Status="TimedOut", ResponseCode=-1)


def send_command(account, region, body):
    instance_ids = body.get("InstanceIds", [])
    for instance_id in instance_ids:
        instance = region.instances.get(instance_id)
        if instance is None or state_of(instance) != "running":
            raise ClientError("InvalidInstanceId", "Instances not in a valid state for account")
    script = "\n".join(body.get("Parameters", {}).get("commands", []))
    command_id = str(uuid.uuid4())
    command = {"CommandId": command_id, "InstanceIds": instance_ids,
               "DocumentName": body.get("DocumentName", "AWS-RunShellScript"),
               "invocations": {i: {"Status": "InProgress", "ResponseCode": -1,
                                   "StandardOutputContent": "", "StandardErrorContent": ""}
                               for i in instance_ids}}
    account.commands[command_id] = command
    for instance_id in instance_ids:
        threading.Thread(target=_run, args=(command, instance_id, script), daemon=True).start()
    return {"Command": {"CommandId": command_id, "DocumentName": command["DocumentName"],
                        "InstanceIds": instance_ids, "Status": "Pending"}}


def get_command_invocation(account, region, body):
    command = account.commands.get(body.get("CommandId", ""))
    instance_id = body.get("InstanceId", "")
    if command is None or instance_id not in command["invocations"]:
        raise ClientError("InvocationDoesNotExist", "")
    invocation = command["invocations"][instance_id]
    return {"CommandId": command["CommandId"], "InstanceId": instance_id,
            "DocumentName": command["DocumentName"], "Status": invocation["Status"],
            "StatusDetails": invocation["Status"], "ResponseCode": invocation["ResponseCode"],
            "StandardOutputContent": invocation["StandardOutputContent"],
            "StandardErrorContent": invocation["StandardErrorContent"]}


def describe_instance_information(account, region, body):
    return {"InstanceInformationList": [{
        "InstanceId": i["id"], "PingStatus": "Online", "LastPingDateTime": time.time(),
        "AgentVersion": "3.2.0.0", "PlatformType": "Linux", "PlatformName": "Amazon Linux",
        "ResourceType": "EC2Instance", "IPAddress": account.public_ip}
        for i in region.instances.values() if state_of(i) == "running"]}


HANDLERS = {
    "GetParameter": get_parameter, "PutParameter": put_parameter,
    "DeleteParameter": delete_parameter, "GetParametersByPath": get_parameters_by_path,
    "SendCommand": send_command, "GetCommandInvocation": get_command_invocation,
    "DescribeInstanceInformation": describe_instance_information,
}
