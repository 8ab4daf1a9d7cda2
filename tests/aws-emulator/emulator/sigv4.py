"""SigV4 verification of incoming requests (header and presigned-query forms)."""
import datetime
import hashlib
import hmac
import re
import urllib.parse

MAX_SKEW = datetime.timedelta(minutes=15)
_AUTH = re.compile(r"AWS4-HMAC-SHA256\s+Credential=([^,]+),\s*SignedHeaders=([^,]+),\s*"
                   r"Signature=([0-9a-f]+)")


class AuthError(Exception):
    """kind: 'unknown_key' | 'signature' | 'expired' | 'missing' | 'token'."""

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def _encode(text: str) -> str:
    return urllib.parse.quote(text, safe="-_.~")


def canonical_query(query: str, drop_signature=False) -> str:
    pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
    if drop_signature:
        pairs = [(k, v) for k, v in pairs if k != "X-Amz-Signature"]
    encoded = sorted((_encode(k), _encode(v)) for k, v in pairs)
    return "&".join(f"{k}={v}" for k, v in encoded)


def canonical_headers(headers, signed: list) -> str:
    lines = []
    for name in signed:
        values = headers.get_all(name) or []
        value = ",".join(" ".join(v.strip().split()) for v in values)
        lines.append(f"{name}:{value}\n")
    return "".join(lines)


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


class Verified:
    def __init__(self, access_key, region, service, session_token):
        self.access_key = access_key
        self.region = region
        self.service = service
        self.session_token = session_token


def _parse_time(stamp: str) -> datetime.datetime:
    return datetime.datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(
        tzinfo=datetime.timezone.utc)


def verify(method: str, path: str, query: str, headers, body: bytes, credentials,
           now: datetime.datetime) -> Verified:
    """Checks the request's signature against `credentials` (a callable
    access_key -> (secret, session_token or None) or None)."""
    params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
    presigned = "X-Amz-Signature" in params
    if presigned:
        credential, signed, signature = (params.get("X-Amz-Credential", ""),
                                         params.get("X-Amz-SignedHeaders", ""),
                                         params["X-Amz-Signature"])
        stamp = params.get("X-Amz-Date", "")
        token = params.get("X-Amz-Security-Token")
    else:
        match = _AUTH.match(headers.get("Authorization", ""))
        if not match:
            raise AuthError("missing", "Request is missing Authentication Token")
        credential, signed, signature = match.groups()
        stamp = headers.get("X-Amz-Date", "")
        token = headers.get("X-Amz-Security-Token")
    scope = credential.split("/")
    if len(scope) != 5 or scope[4] != "aws4_request":
        raise AuthError("signature", f"Credential should be scoped correctly: {credential}")
    access_key, date, region, service = scope[:4]
    try:
        when = _parse_time(stamp)
    except ValueError:
        raise AuthError("missing", "X-Amz-Date is missing or malformed") from None
    if abs(now - when) > MAX_SKEW:
        raise AuthError("expired", f"Request has expired. Timestamp date is {stamp}")
    known = credentials(access_key)
    if known is None:
        raise AuthError("unknown_key", "The security token included in the request is invalid")
    secret, expected_token = known
    if expected_token is not None and token != expected_token:
        raise AuthError("token", "The security token included in the request is invalid")
    signed_list = signed.split(";")
    payload_hash = hashlib.sha256(body).hexdigest()
    claimed = headers.get("X-Amz-Content-Sha256")
    if claimed and claimed != payload_hash:  # else a body could change under a kept header
        raise AuthError("signature", "The provided 'x-amz-content-sha256' header does not "
                        "match what was computed.")
    if presigned:
        payload_hash = "UNSIGNED-PAYLOAD"
    canonical = "\n".join([method, path or "/", canonical_query(query, presigned),
                           canonical_headers(headers, signed_list), signed, payload_hash])
    string_to_sign = "\n".join(["AWS4-HMAC-SHA256", stamp, f"{date}/{region}/{service}/aws4_request",
                                hashlib.sha256(canonical.encode()).hexdigest()])
    key = signing_key(secret, date, region, service)
    expected = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise AuthError("signature", "The request signature we calculated does not match the "
                        "signature you provided. Check your AWS Secret Access Key and signing "
                        "method. Consult the service documentation for details.")
    return Verified(access_key, region, service, token)
