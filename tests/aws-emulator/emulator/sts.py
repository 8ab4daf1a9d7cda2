"""STS (Query/XML): GetCallerIdentity, AssumeRole, AssumeRoleWithWebIdentity."""
from .state import ACCOUNT_ID, ClientError


def _assumed(role_arn: str, session: str) -> dict:
    role_name = role_arn.rsplit("/", 1)[-1]
    account = role_arn.split(":")[4] if role_arn.count(":") >= 5 else ACCOUNT_ID
    return {"Arn": f"arn:aws:sts::{account}:assumed-role/{role_name}/{session}",
            "AssumedRoleId": f"AROAEMULATOR{role_name.upper()[:8]}:{session}"}


def _validate(params):
    role_arn = params.get("RoleArn", "")
    session = params.get("RoleSessionName", "")
    if not role_arn.startswith("arn:aws") or ":role/" not in role_arn:
        raise ClientError("ValidationError", f"{role_arn} is invalid")
    if not session:
        raise ClientError("ValidationError", "1 validation error detected: Value null at "
                          "'roleSessionName' failed to satisfy constraint: Member must not be null")
    return role_arn, session


def get_caller_identity(account, verified, params):
    session = account.sessions.get(verified.access_key) if verified else None
    if session:
        return {"Arn": session["Arn"], "UserId": session["AssumedRoleId"], "Account": ACCOUNT_ID}
    return {"Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/bakery-ci", "UserId": "AIDAEMULATORUSER0001",
            "Account": ACCOUNT_ID}


def assume_role(account, verified, params):
    role_arn, session = _validate(params)
    credentials = account.issue_session()
    user = _assumed(role_arn, session)
    account.sessions[credentials["AccessKeyId"]] = user
    return {"Credentials": credentials, "AssumedRoleUser": user}


def assume_role_with_web_identity(account, verified, params):
    role_arn, session = _validate(params)
    token = params.get("WebIdentityToken", "")
    if not token or (account.web_identity_token and token != account.web_identity_token):
        raise ClientError("InvalidIdentityToken", "Couldn't retrieve verification key from your "
                          "identity provider")
    credentials = account.issue_session()
    user = _assumed(role_arn, session)
    account.sessions[credentials["AccessKeyId"]] = user
    return {"Credentials": credentials, "SubjectFromWebIdentityToken": "repo:acme/images:ref:main",
            "AssumedRoleUser": user, "Provider": "token.actions.githubusercontent.com",
            "Audience": "sts.amazonaws.com"}


HANDLERS = {"GetCallerIdentity": get_caller_identity, "AssumeRole": assume_role,
            "AssumeRoleWithWebIdentity": assume_role_with_web_identity}
# Called without a signature by design (the token is the credential).
UNSIGNED = {"AssumeRoleWithWebIdentity"}
