"""AWS Query protocol parameters: flat `Filter.1.Value.2=x` keys to nested data."""
import urllib.parse


def parse_form(body: str) -> dict:
    """Decodes an application/x-www-form-urlencoded body into a flat dict."""
    return dict(urllib.parse.parse_qsl(body, keep_blank_values=True))


def nest(flat: dict) -> dict:
    """{'Filter.1.Name': 'x'} -> {'Filter': {'1': {'Name': 'x'}}}."""
    root: dict = {}
    for key, value in flat.items():
        node = root
        parts = key.split(".")
        for part in parts[:-1]:
            child = node.get(part)
            if not isinstance(child, dict):
                child = {}
                node[part] = child
            node = child
        node[parts[-1]] = value
    return root


def as_list(node) -> list:
    """A numbered node ({'1': a, '2': b}) as a list in index order."""
    if node is None:
        return []
    if isinstance(node, list):
        return node
    if not isinstance(node, dict):
        return [node]
    numbered = [(int(k), v) for k, v in node.items() if k.isdigit()]
    if not numbered and "member" in node:  # STS-style Name.member.N
        return as_list(node["member"])
    return [v for _, v in sorted(numbered)]


def filters(params: dict) -> list:
    """[(name, [values])] from Filter.N.Name / Filter.N.Value.M."""
    result = []
    for item in as_list(params.get("Filter")):
        result.append((item.get("Name", ""), as_list(item.get("Value"))))
    return result


def tags_of(node) -> dict:
    """{'1': {'Key': k, 'Value': v}} -> {k: v}."""
    return {t.get("Key", ""): t.get("Value", "") for t in as_list(node)}


def tag_specifications(params: dict) -> dict:
    """{resource_type: {key: value}} from TagSpecification.N."""
    result: dict = {}
    for spec in as_list(params.get("TagSpecification")):
        result.setdefault(spec.get("ResourceType", ""), {}).update(tags_of(spec.get("Tag")))
    return result


def boolean(value, default=False) -> bool:
    if value is None:
        return default
    return str(value).lower() == "true"
