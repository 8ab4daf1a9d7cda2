"""Renders Python data as AWS Query-protocol XML."""
from xml.sax.saxutils import escape

EC2_NS = "http://ec2.amazonaws.com/doc/2016-11-15/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape(str(value))


def element(name: str, value, item: str = "item") -> str:
    """dict -> child elements in order; list -> <item> children; None -> omitted."""
    if value is None:
        return ""
    if isinstance(value, dict):
        inner = "".join(element(k, v, item) for k, v in value.items())
        return f"<{name}>{inner}</{name}>"
    if isinstance(value, list):
        inner = "".join(element(item, v, item) for v in value)
        return f"<{name}>{inner}</{name}>"
    return f"<{name}>{_value(value)}</{name}>"


def ec2_response(action: str, request_id: str, body: dict) -> str:
    inner = "".join(element(k, v) for k, v in body.items())
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<{action}Response xmlns="{EC2_NS}">'
            f"<requestId>{request_id}</requestId>{inner}</{action}Response>")


def ec2_error(code: str, message: str, request_id: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error></Errors>"
            f"<RequestID>{request_id}</RequestID></Response>")


def sts_response(action: str, request_id: str, result: dict) -> str:
    inner = "".join(element(k, v, "member") for k, v in result.items())
    return (f'<{action}Response xmlns="{STS_NS}"><{action}Result>{inner}</{action}Result>'
            f"<ResponseMetadata><RequestId>{request_id}</RequestId></ResponseMetadata>"
            f"</{action}Response>")


def sts_error(code: str, message: str, request_id: str, sender: bool = True) -> str:
    kind = "Sender" if sender else "Receiver"
    return (f'<ErrorResponse xmlns="{STS_NS}"><Error><Type>{kind}</Type>'
            f"<Code>{escape(code)}</Code><Message>{escape(message)}</Message></Error>"
            f"<RequestId>{request_id}</RequestId></ErrorResponse>")
