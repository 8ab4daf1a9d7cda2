"""EC2 filter matching (wildcards, tag:K, tag-key) and NextToken pagination."""
import base64
import fnmatch
import hashlib

from .state import ClientError


def wildcard_match(pattern: str, value: str) -> bool:
    # EC2 filter values support * and ?; fnmatch's [ ] have no meaning there.
    escaped = pattern.replace("[", "[[]")
    return fnmatch.fnmatchcase(value, escaped)


def matches(resource_fields, tags: dict, filters: list) -> bool:
    """resource_fields(name) -> list of values for a filter name (or None if unknown)."""
    for name, values in filters:
        if name.startswith("tag:"):
            key = name[4:]
            candidates = [tags[key]] if key in tags else []
        elif name == "tag-key":
            candidates = list(tags.keys())
        elif name == "tag-value":
            candidates = list(tags.values())
        else:
            candidates = resource_fields(name)
            if candidates is None:
                raise ClientError("InvalidParameterValue",
                                  f"The filter '{name}' is invalid")
        if not any(wildcard_match(v, str(c)) for v in values for c in candidates):
            return False
    return True


def tag_set(tags: dict) -> list:
    return [{"key": k, "value": v} for k, v in tags.items()]


def _token(offset: int, fingerprint: str) -> str:
    raw = f"{offset}:{fingerprint}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def paginate(items: list, params: dict, query_key: str, minimum=5, maximum=1000):
    """Returns (page, next_token or None) for MaxResults/NextToken parameters."""
    fingerprint = hashlib.sha256(query_key.encode()).hexdigest()[:16]
    offset = 0
    token = params.get("NextToken")
    if token:
        try:
            padded = token + "=" * (-len(token) % 4)
            raw_offset, raw_fingerprint = base64.urlsafe_b64decode(padded).decode().split(":")
            offset = int(raw_offset)
            if raw_fingerprint != fingerprint or offset < 0:
                raise ValueError
        except (ValueError, UnicodeDecodeError):
            raise ClientError("InvalidParameterValue",
                              f"Invalid value '{token}' for nextToken") from None
    max_results = params.get("MaxResults")
    if max_results is None:
        return items[offset:], None
    limit = int(max_results)
    if limit < minimum or limit > maximum:
        raise ClientError("InvalidParameterValue",
                          f"Value ( {limit} ) for parameter maxResults is invalid. Expecting a "
                          f"value between {minimum} and {maximum}.")
    page = items[offset:offset + limit]
    more = offset + limit < len(items)
    return page, (_token(offset + limit, fingerprint) if more else None)
