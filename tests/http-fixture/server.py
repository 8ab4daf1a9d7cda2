#!/usr/bin/env python3
"""A hand-written HTTP/1.1 server for testing HTTP clients on real sockets.

    python3 server.py --port-file FILE [--tls-cert CERT --tls-key KEY]
                      [--proxy] [--proxy-auth USER:PASS] [--log FILE]

Listens on 127.0.0.1 (a free port, written to --port-file once listening),
one daemon thread per connection, keep-alive. No http.server: every byte,
chunk and reset is explicit. Origin routes (query string ignored):

  /echo             200 JSON {method, target, path, query, headers, body, connection_id}
                    (connection_id: 1, 2, ... in the order connections send
                    their first request; connections that send none get no id)
  /chunked          "hello, chunked world" in 3 chunks (one with an extension) + trailer
  /close-delimited  200 with Connection: close and no length; body ends at close
  /stall            reads the request, answers nothing for 30 s
  /reset            Content-Length: 1000, 10 bytes, then TCP RST
  /close-after      200 "bye" with Content-Length, then closes without saying so
  /status/NNN       status NNN, body "status NNN" (none for 204/304)
  /early-hints      103 Early Hints, then 200 "after hints"
  /large            3,000,000 bytes of 0123456789...
  /headers-folded   200 "ok" with a 10,000-character X-Long header
  anything else     404 "not found"

--proxy turns it into a forward proxy (CONNECT tunnels, absolute-form GETs),
--proxy-auth demands Basic credentials (407 otherwise). --log appends each
received request line to FILE.
"""

import argparse
import base64
import http
import json
import os
import socket
import ssl
import struct
import sys
import threading
import time
import traceback
import urllib.parse

MAX_LINE = 1 << 16
LARGE_SIZE = 3_000_000


class Closed(Exception):
    """The peer closed the connection (possibly mid-request)."""


class BadRequest(Exception):
    pass


class Reader:
    """Buffered reads from a socket; leftover bytes stay in `buf`."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def _fill(self):
        data = self.sock.recv(65536)
        if not data:
            raise Closed()
        self.buf += data

    def readline(self):
        while True:
            i = self.buf.find(b"\n")
            if i >= 0:
                line, self.buf = self.buf[:i], self.buf[i + 1:]
                return line[:-1] if line.endswith(b"\r") else line
            if len(self.buf) > MAX_LINE:
                raise BadRequest("line too long")
            self._fill()

    def read(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data


class Request:
    def __init__(self, line, method, target, version, headers, body):
        self.line, self.method, self.target, self.version = line, method, target, version
        self.headers, self.body = headers, body

    def header(self, name):
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def tokens(self, name):
        return {t.strip().lower() for k, v in self.headers if k.lower() == name.lower()
                for t in v.split(",")}

    def wants_close(self):
        conn = self.tokens("connection")
        if self.version == "HTTP/1.0":
            return "keep-alive" not in conn
        return "close" in conn


def read_request(reader):
    """The next request, or None when the peer closed between requests."""
    try:
        line = reader.readline()
        while line == b"":  # tolerate stray CRLFs between requests
            line = reader.readline()
    except Closed:
        return None
    text = line.decode("latin-1")
    parts = text.split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise BadRequest("bad request line: %r" % text)
    method, target, version = parts
    headers = []
    while True:
        raw = reader.readline().decode("latin-1")
        if raw == "":
            break
        name, sep, value = raw.partition(":")
        if not sep or not name or name != name.strip():
            raise BadRequest("bad header line: %r" % raw)
        headers.append([name, value.strip(" \t")])
    req = Request(text, method, target, version, headers, b"")
    if "100-continue" in req.tokens("expect"):
        reader.sock.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
    if "chunked" in req.tokens("transfer-encoding"):
        req.body = read_chunked(reader)
    elif req.header("content-length") is not None:
        try:
            length = int(req.header("content-length"))
        except ValueError:
            raise BadRequest("bad Content-Length")
        req.body = reader.read(length)
    return req


def read_chunked(reader):
    body = b""
    while True:
        size_text = reader.readline().split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            raise BadRequest("bad chunk size %r" % size_text)
        if size == 0:
            while reader.readline() != b"":  # trailers
                pass
            return body
        body += reader.read(size)
        if reader.readline() != b"":
            raise BadRequest("chunk not followed by CRLF")


class Server:
    def __init__(self, args):
        self.args = args
        self.log_lock = threading.Lock()
        self.id_lock = threading.Lock()
        self.next_id = 0
        self.tls = None
        if args.tls_cert:
            self.tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            self.tls.minimum_version = ssl.TLSVersion.TLSv1_2
            self.tls.load_cert_chain(args.tls_cert, args.tls_key)
            self.tls.set_alpn_protocols(["http/1.1"])
        self.expected_auth = None
        if args.proxy_auth:
            self.expected_auth = "Basic " + base64.b64encode(args.proxy_auth.encode()).decode()

    def log(self, line):
        if not self.args.log:
            return
        with self.log_lock, open(self.args.log, "a", encoding="latin-1") as f:
            f.write(line + "\n")
            f.flush()

    def serve(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen(128)
        port = listener.getsockname()[1]
        tmp = self.args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
        os.replace(tmp, self.args.port_file)
        print("listening on 127.0.0.1:%d%s%s" % (port, " tls" if self.tls else "",
                                                 " proxy" if self.args.proxy else ""),
              file=sys.stderr, flush=True)
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=self.connection, args=(conn,), daemon=True).start()

    def connection(self, conn):
        try:
            conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if self.tls:
                conn = self.tls.wrap_socket(conn, server_side=True)
            reader = Reader(conn)
            if self.args.proxy:
                self.proxy_connection(conn, reader)
            else:
                cid = None
                while (req := read_request(reader)) is not None:
                    if cid is None:  # connections that never send a request (probes) get no id
                        with self.id_lock:
                            self.next_id += 1
                            cid = self.next_id
                    if not self.origin_request(conn, req, cid):
                        break
        except BadRequest as e:
            send_safely(conn, response(400, [("Connection", "close")], str(e).encode()))
        except (Closed, OSError):  # includes ssl.SSLError, resets, timeouts
            pass
        except Exception:
            traceback.print_exc()
        finally:
            close(conn)

    # ---- origin server ----

    def origin_request(self, conn, req, cid):
        """Answers one request; returns whether to keep the connection."""
        self.log(req.line)
        keep = not req.wants_close()
        extra = [] if keep else [("Connection", "close")]
        head = req.method == "HEAD"
        url = urllib.parse.urlsplit(req.target)
        path = url.path

        def reply(status, body=b"", headers=()):
            conn.sendall(response(status, list(headers) + extra, body, head=head))
            return keep

        if path == "/echo":
            doc = {"method": req.method, "target": req.target, "path": path, "query": url.query,
                   "headers": req.headers, "body": req.body.decode("utf-8", "replace"),
                   "connection_id": cid}
            return reply(200, json.dumps(doc).encode(), [("Content-Type", "application/json")])
        if path == "/chunked":
            conn.sendall(status_line(200) + header_block(
                [("Content-Type", "text/plain"), ("Transfer-Encoding", "chunked"),
                 ("Trailer", "X-Trailer")] + extra))
            if not head:
                for piece in (b"5;ext=1\r\nhello\r\n", b"c\r\n, chunked wo\r\n", b"3\r\nrld\r\n",
                              b"0\r\nX-Trailer: yes\r\n\r\n"):
                    conn.sendall(piece)
            return keep
        if path == "/close-delimited":
            conn.sendall(status_line(200) + header_block(
                [("Content-Type", "text/plain"), ("Connection", "close")]) + b"until the end")
            return False
        if path == "/stall":
            time.sleep(30)
            return False
        if path == "/reset":
            conn.sendall(status_line(200) + header_block(
                [("Content-Type", "text/plain"), ("Content-Length", "1000")]) + b"0123456789")
            time.sleep(0.1)  # let the peer read the head before the reset
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            raise Closed()  # close() in connection() then sends the RST
        if path == "/close-after":
            reply(200, b"bye", [("Content-Type", "text/plain")])
            return False
        if path.startswith("/status/"):
            try:
                status = int(path[len("/status/"):])
                if not 100 <= status <= 999:
                    raise ValueError
            except ValueError:
                return reply(400, b"bad status")
            if status in (204, 304):
                conn.sendall(status_line(status) + header_block(extra))
                return keep
            return reply(status, b"status %d" % status, [("Content-Type", "text/plain")])
        if path == "/early-hints":
            conn.sendall(b"HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\n")
            return reply(200, b"after hints", [("Content-Type", "text/plain")])
        if path == "/large":
            body = b"0123456789" * (LARGE_SIZE // 10)
            return reply(200, body, [("Content-Type", "application/octet-stream")])
        if path == "/headers-folded":
            return reply(200, b"ok", [("Content-Type", "text/plain"), ("X-Long", "a" * 10000)])
        return reply(404, b"not found", [("Content-Type", "text/plain")])

    # ---- forward proxy ----

    def proxy_connection(self, conn, reader):
        while True:
            req = read_request(reader)
            if req is None:
                return
            self.log(req.line)
            if self.expected_auth and req.header("proxy-authorization") != self.expected_auth:
                keep = not req.wants_close()
                conn.sendall(response(
                    407, [("Proxy-Authenticate", 'Basic realm="test"'),
                          ("Content-Type", "text/plain")] + ([] if keep else [("Connection", "close")]),
                    b"proxy authentication required\n"))
                if keep:
                    continue
                return
            if req.method == "CONNECT":
                return self.tunnel(conn, reader, req)
            return self.forward(conn, req)

    def dial(self, conn, host, port):
        try:
            return socket.create_connection((host, port), timeout=10)
        except OSError as e:
            conn.sendall(response(502, [("Content-Type", "text/plain"), ("Connection", "close")],
                                  ("cannot connect to %s:%s: %s\n" % (host, port, e)).encode()))
            return None

    def tunnel(self, conn, reader, req):
        host, _, port = req.target.rpartition(":")
        if not host or not port.isdigit():
            raise BadRequest("bad CONNECT target %r" % req.target)
        upstream = self.dial(conn, host.strip("[]"), int(port))
        if upstream is None:
            return
        upstream.settimeout(None)
        conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
        if reader.buf:
            upstream.sendall(reader.buf)
        relay_both(conn, upstream)

    def forward(self, conn, req):
        url = urllib.parse.urlsplit(req.target)
        if url.scheme != "http" or not url.hostname:
            raise BadRequest("proxy needs an absolute http:// target, got %r" % req.target)
        upstream = self.dial(conn, url.hostname, url.port or 80)
        if upstream is None:
            return
        upstream.settimeout(None)
        target = (url.path or "/") + ("?" + url.query if url.query else "")
        drop = {"proxy-authorization", "proxy-connection", "connection", "keep-alive",
                "transfer-encoding", "content-length"}
        headers = [(k, v) for k, v in req.headers if k.lower() not in drop]
        if req.body or req.header("content-length") is not None:
            headers.append(("Content-Length", str(len(req.body))))
        headers.append(("Connection", "close"))
        with upstream:
            upstream.sendall(("%s %s %s\r\n" % (req.method, target, req.version)).encode("latin-1")
                             + header_block(headers) + req.body)
            relay(upstream, conn)


def status_line(status):
    try:
        reason = http.HTTPStatus(status).phrase
    except ValueError:
        reason = "Unknown"
    return ("HTTP/1.1 %d %s\r\n" % (status, reason)).encode()


def header_block(headers):
    return b"".join(("%s: %s\r\n" % (k, v)).encode("latin-1") for k, v in headers) + b"\r\n"


def response(status, headers, body, head=False):
    headers = list(headers) + [("Content-Length", str(len(body)))]
    return status_line(status) + header_block(headers) + (b"" if head else body)


def relay(src, dst):
    """Copies src to dst until src reaches EOF; then half-closes dst."""
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    try:
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass


def relay_both(a, b):
    other = threading.Thread(target=relay, args=(b, a), daemon=True)
    other.start()
    relay(a, b)
    other.join()
    close(b)


def send_safely(conn, data):
    try:
        conn.sendall(data)
    except OSError:
        pass


def close(conn):
    """Closes cleanly: TLS close_notify when possible, then FIN (or RST if lingering 0)."""
    try:
        if isinstance(conn, ssl.SSLSocket):
            linger = conn.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
            if struct.unpack("ii", linger)[0] == 0:
                conn.settimeout(1)
                conn = conn.unwrap()
    except (OSError, ValueError):
        pass
    try:
        conn.close()
    except OSError:
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port-file", required=True)
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--proxy", action="store_true")
    parser.add_argument("--proxy-auth", metavar="USER:PASS")
    parser.add_argument("--log")
    args = parser.parse_args()
    if bool(args.tls_cert) != bool(args.tls_key):
        parser.error("--tls-cert and --tls-key go together")
    try:
        Server(args).serve()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
