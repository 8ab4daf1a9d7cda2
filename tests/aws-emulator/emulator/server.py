"""HTTP front: routing, SigV4, faults, throttling, protocol encoding."""
import json
import socket
import sys
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import control, ec2_images, ec2_instances, ec2_network, query, sigv4, ssm, sts, xmlout
from .faults import Faults
from .state import Account, ClientError, now_utc
from .throttle import Buckets

EC2_HANDLERS = {**ec2_images.HANDLERS, **ec2_instances.HANDLERS, **ec2_network.HANDLERS}
_EC2_AUTH_FAILURE = "AWS was not able to validate the provided access credentials"
_AUTH_CODES = {  # service -> verification failure kind -> (code, status[, message])
    # EC2 answers a bad signature with SignatureDoesNotMatch/403 and unknown or
    # unusable credentials with AuthFailure/401 (its own wording).
    "ec2": {"expired": ("RequestExpired", 400), "signature": ("SignatureDoesNotMatch", 403),
            "default": ("AuthFailure", 401, _EC2_AUTH_FAILURE)},
    "sts": {"expired": ("ExpiredToken", 403), "unknown_key": ("InvalidClientTokenId", 403),
            "token": ("InvalidClientTokenId", 403), "default": ("SignatureDoesNotMatch", 403)},
    "ssm": {"expired": ("ExpiredTokenException", 400),
            "unknown_key": ("UnrecognizedClientException", 400),
            "token": ("UnrecognizedClientException", 400),
            "default": ("InvalidSignatureException", 400)},
}


class Emulator:
    """Everything the handler needs; replaced wholesale by /_emulator/reset."""

    def __init__(self, seed=0):
        self.account = Account(seed)
        self.buckets = Buckets()
        self.faults = Faults()
        ec2_images.seed_source_images(self.account)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "AmazonEC2"
    sys_version = ""

    def log_message(self, *args):  # quiet: the state dump has call counts
        pass

    def do_GET(self):
        self._handle()

    def do_POST(self):
        self._handle()

    def do_PUT(self):
        self._handle()

    def _send(self, status: int, body: str, content_type: str, request_id: str):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", request_id)
        self.send_header("Date", self.date_time_string())
        self.end_headers()
        self.wfile.write(data)

    def _handle(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        if url.path.startswith("/_emulator/"):
            status, answer = control.handle(self.server.emulator, self.command, url.path,
                                            url.query, body)
            self._send(status, json.dumps(answer), "application/json", "control")
            return
        target = self.headers.get("X-Amz-Target")
        if target:
            self._json_call(target, url, body)
        else:
            self._query_call(url, body)

    def _verify(self, url, body, service_hint, unsigned_ok=False):
        emulator = self.server.emulator
        if unsigned_ok and "Authorization" not in self.headers:
            return None
        return sigv4.verify(self.command, url.path, url.query, self.headers, body,
                            emulator.account.lookup_credentials, now_utc())

    def _precheck(self, action, region, params, request_id, encode_error, throttle=False):
        """Counts the call, applies faults and throttling; False when answered."""
        emulator = self.server.emulator
        account = emulator.account
        with account.lock:
            account.calls[action] = account.calls.get(action, 0) + 1
        decision = emulator.faults.decide(action)
        if decision["latency_ms"]:
            time.sleep(decision["latency_ms"] / 1000)
        if decision["outcome"] == "drop":
            with account.lock:
                account.faulted[action] = account.faulted.get(action, 0) + 1
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return False
        if decision["outcome"]:
            with account.lock:
                account.faulted[action] = account.faulted.get(action, 0) + 1
            code = decision["outcome"]
            status = 500 if code == "InternalError" else 503
            message = ("An internal error has occurred" if status == 500
                       else "The service is unavailable. Please try again shortly.")
            encode_error(code, message, status, request_id)
            return False
        if throttle and not emulator.buckets.take(region, action, params):
            with account.lock:
                account.throttled[action] = account.throttled.get(action, 0) + 1
            encode_error("RequestLimitExceeded", "Request limit exceeded.", 503, request_id)
            return False
        return True

    def _ec2_error(self, code, message, status, request_id):
        self._send(status, xmlout.ec2_error(code, message, request_id), "text/xml;charset=UTF-8",
                   request_id)

    def _sts_error(self, code, message, status, request_id):
        self._send(status, xmlout.sts_error(code, message, request_id, status < 500),
                   "text/xml", request_id)

    def _ssm_error(self, code, message, status, request_id):
        self._send(status, json.dumps({"__type": code, "message": message}),
                   "application/x-amz-json-1.1", request_id)

    def _query_call(self, url, body):
        request_id = str(uuid.uuid4())
        flat = query.parse_form(body.decode() if body else url.query)
        if body and url.query:
            flat.update(query.parse_form(url.query))
        action = flat.get("Action", "")
        is_sts = action in sts.HANDLERS
        encode_error = self._sts_error if is_sts else self._ec2_error
        try:
            verified = self._verify(url, body, "sts" if is_sts else "ec2",
                                    unsigned_ok=action in sts.UNSIGNED)
        except sigv4.AuthError as error:
            codes = _AUTH_CODES["sts" if is_sts else "ec2"]
            code, status, *message = codes.get(error.kind, codes["default"])
            return encode_error(code, message[0] if message else str(error), status, request_id)
        region = verified.region if verified else "us-east-1"
        params = query.nest(flat)
        if not self._precheck(action, region, flat, request_id, encode_error,
                              throttle=not is_sts):
            return None
        account = self.server.emulator.account
        try:
            with account.lock:
                if is_sts:
                    result = sts.HANDLERS[action](account, verified, params)
                    return self._send(200, xmlout.sts_response(action, request_id, result),
                                      "text/xml", request_id)
                handler = EC2_HANDLERS.get(action)
                if handler is None:
                    print(f"aws-emulator: unknown EC2 action {action!r}", file=sys.stderr)
                    raise ClientError("InvalidAction",
                                      f"The action {action} is not valid for this web service.")
                result = handler(account, account.region(region), params)
            self._send(200, xmlout.ec2_response(action, request_id, result),
                       "text/xml;charset=UTF-8", request_id)
        except ClientError as error:
            encode_error(error.code, error.message, error.status, request_id)
        return None

    def _json_call(self, target, url, body):
        request_id = str(uuid.uuid4())
        action = target.split(".", 1)[-1]
        try:
            verified = self._verify(url, body, "ssm")
        except sigv4.AuthError as error:
            codes = _AUTH_CODES["ssm"]
            code, status = codes.get(error.kind, codes["default"])
            return self._ssm_error(code, str(error), status, request_id)
        if not self._precheck(action, verified.region, {}, request_id, self._ssm_error):
            return None
        account = self.server.emulator.account
        try:
            request = json.loads(body or b"{}")
            handler = ssm.HANDLERS.get(action)
            if handler is None:
                print(f"aws-emulator: unknown SSM action {action!r}", file=sys.stderr)
                raise ClientError("UnknownOperationException", f"Unknown operation {action}")
            with account.lock:
                result = handler(account, account.region(verified.region), request)
            self._send(200, json.dumps(result), "application/x-amz-json-1.1", request_id)
        except ClientError as error:
            self._ssm_error(error.code, error.message, error.status, request_id)
        except json.JSONDecodeError:
            self._ssm_error("SerializationException", "invalid JSON body", 400, request_id)
        return None


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address, seed=0):
        super().__init__(address, Handler)
        self.emulator = Emulator(seed)
