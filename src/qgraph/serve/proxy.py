"""The public front of ``qgraph serve``: a small threaded reverse proxy before the oxigraph engine.

It adds what the engine lacks: ``/sparql`` as an alias of ``/query``, the named queries at
``/queries/``, a refusal of SPARQL UPDATE and Graph Store writes unless ``--writable``, CORS for one
origin only, and a query timeout that holds even for queries the engine cannot cut (a sort or an
aggregate over a huge join): the client gets a 503 and, on a read-only server, the engine is
restarted so the runaway query stops using the machine. Responses are streamed chunk by chunk.
"""

from __future__ import annotations

import http.client
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from qgraph.errors import QGraphError
from qgraph.query.named import NamedQuery
from qgraph.serve import named
from qgraph.serve.engine import Engine

CHUNK = 64 * 1024
MAX_QUERY_BODY = 16 * 1024 * 1024
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "host", "content-length"}
RESULT_TYPES = ("sparql-results", "csv", "tab-separated", "turtle", "n-triples", "rdf+xml",
                "ld+json", "n-quads", "trig")
READ_ONLY = ("qgraph serve is read-only: SPARQL UPDATE and Graph Store writes are refused "
             "(restart it with --writable to allow them)\n")


class ProxyServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], engine: Engine, *, writable: bool,
                 cors: str | None, timeout: float | None) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        super().__init__(address, Handler)
        self.engine = engine
        self.writable = writable
        self.cors = cors
        self.query_timeout = timeout


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: ProxyServer
    server_version = "qgraph-serve"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: the CLI says where it listens
        pass

    # routing -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._route()

    def do_HEAD(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def do_PUT(self) -> None:
        self._route()

    def do_DELETE(self) -> None:
        self._route()

    def do_PATCH(self) -> None:
        self._route()

    def do_OPTIONS(self) -> None:
        methods = "GET, HEAD, POST, OPTIONS" + (", PUT, DELETE" if self.server.writable else "")
        headers = {"Allow": methods}
        if self.server.cors:
            headers.update({"Access-Control-Allow-Methods": methods,
                            "Access-Control-Allow-Headers": "Content-Type, Accept, Authorization",
                            "Access-Control-Max-Age": "600"})
        self._reply(204, b"", headers=headers)

    def _route(self) -> None:
        url = urlsplit(self.path)
        path = url.path
        try:
            if path in ("/queries", "/queries/"):
                self._listing()
            elif path.startswith("/queries/"):
                self._named(path[len("/queries/"):], url.query)
            elif path in ("/query", "/sparql"):
                self._sparql(url.query)
            elif path == "/update":
                self._write_only_if_allowed("/update" + (f"?{url.query}" if url.query else ""))
            else:
                self._write_only_if_allowed(self.path)
        except QGraphError as err:
            self._reply(400, f"{err}\n".encode())
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    # endpoints ---------------------------------------------------------------------------
    def _listing(self) -> None:
        if "text/html" in self.headers.get("Accept", ""):
            self._reply(200, named.listing_html(), "text/html; charset=utf-8")
        else:
            self._reply(200, named.listing_json(), "application/json")

    def _named(self, name: str, query_string: str) -> None:
        if self.command not in ("GET", "HEAD"):
            self._reply(405, b"named queries are run with GET\n", headers={"Allow": "GET, HEAD"})
            return
        if name.endswith(".rq"):
            self._reply(200, named.find(name[:-3]).text.encode("utf-8"),
                        "application/sparql-query; charset=utf-8")
            return
        query: NamedQuery = named.find(name)
        values = {k: v[-1] for k, v in parse_qs(query_string, keep_blank_values=True).items() if v[-1]}
        body = urlencode({"query": named.bound_text(query, values)}).encode("utf-8")
        accept = self.headers.get("Accept", "")
        if not any(t in accept for t in RESULT_TYPES):
            accept = "application/sparql-results+json"
        self._forward("POST", "/query", iter([body]), timeout=self.server.query_timeout,
                      headers={"Content-Type": "application/x-www-form-urlencoded",
                               "Accept": accept, "Content-Length": str(len(body))})

    def _sparql(self, query_string: str) -> None:
        """``/query`` and ``/sparql``: queries go to the engine's /query; updates are refused
        on a read-only server and sent to the engine's /update otherwise."""
        if self.command in ("GET", "HEAD"):
            if "update" in parse_qs(query_string):
                self._refuse_update("SPARQL UPDATE must be sent with POST\n")
                return
            self._forward(self.command, f"/query?{query_string}", None,
                          timeout=self.server.query_timeout)
            return
        if self.command != "POST":
            self._reply(405, b"use GET or POST\n", headers={"Allow": "GET, HEAD, POST"})
            return
        body = self._read_body()
        if body is None:
            return
        ctype = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        is_update = ctype == "application/sparql-update" or (
            ctype == "application/x-www-form-urlencoded"
            and "update" in parse_qs(body.decode("utf-8", "replace")))
        if is_update:
            if not self.server.writable:
                self._reply(403, READ_ONLY.encode())
                return
            self._forward("POST", "/update" + (f"?{query_string}" if query_string else ""),
                          iter([body]), timeout=None, length=len(body))
            return
        self._forward("POST", "/query" + (f"?{query_string}" if query_string else ""),
                      iter([body]), timeout=self.server.query_timeout, length=len(body))

    def _refuse_update(self, writable_message: str) -> None:
        if not self.server.writable:
            self._reply(403, READ_ONLY.encode())
        else:
            self._reply(400, writable_message.encode())

    def _write_only_if_allowed(self, upstream: str) -> None:
        if self.command in ("GET", "HEAD"):
            self._forward(self.command, upstream, None, timeout=None)
        elif not self.server.writable:
            self._drain()
            self._reply(403, READ_ONLY.encode())
        else:
            self._forward(self.command, upstream, self._body_stream(), timeout=None,
                          length=self._length())

    # plumbing ----------------------------------------------------------------------------
    def _length(self) -> int:
        try:
            return int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return 0

    def _read_body(self) -> bytes | None:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            self._reply(411, b"send the request with a Content-Length\n")
            self.close_connection = True
            return None
        length = self._length()
        if length > MAX_QUERY_BODY:
            self._reply(413, b"query too large\n")
            self.close_connection = True
            return None
        return self.rfile.read(length) if length else b""

    def _drain(self) -> None:
        length = self._length()
        while length > 0:
            got = self.rfile.read(min(CHUNK, length))
            if not got:
                break
            length -= len(got)

    def _body_stream(self) -> Iterator[bytes]:
        remaining = self._length()
        while remaining > 0:
            data = self.rfile.read(min(CHUNK, remaining))
            if not data:
                return
            remaining -= len(data)
            yield data

    def _forward(self, method: str, upstream: str, body: Iterator[bytes] | None, *,
                 timeout: float | None,
                 headers: dict[str, str] | None = None, length: int | None = None) -> None:
        engine = self.server.engine
        port = engine.port
        out = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
        out.update(headers or {})
        if length is not None:
            out["Content-Length"] = str(length)
        elif body is not None and "Content-Length" not in out:
            out["Content-Length"] = "0"
        # The engine answers within its own --timeout-s when it can; the grace covers the rest.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout + 2 if timeout else 600)
        try:
            conn.request(method, upstream, body=body, headers=out, encode_chunked=False)
            resp = conn.getresponse()
        except TimeoutError:
            conn.close()
            self._reply(503, f"query timed out after {timeout:g} s (qgraph serve --timeout)\n".encode())
            if not self.server.writable:
                engine.restart(port)
            return
        except OSError as err:
            conn.close()
            self._reply(502, f"the SPARQL engine is not reachable: {err}\n".encode())
            return
        try:
            self._relay(resp, conn)
        finally:
            conn.close()

    def _relay(self, resp: http.client.HTTPResponse, conn: http.client.HTTPConnection) -> None:
        self.send_response(resp.status, resp.reason)
        length = resp.getheader("Content-Length")
        for key, value in resp.getheaders():
            low = key.lower()
            if low not in HOP_BY_HOP and low not in ("server", "date") \
                    and not low.startswith("access-control-"):
                self.send_header(key, value)
        self._cors_headers()
        head = self.command == "HEAD"
        chunked = length is None and not head and resp.status not in (204, 304)
        if length is not None:
            self.send_header("Content-Length", length)
        elif chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", "0")
        self.end_headers()
        if head:
            return
        if conn.sock is not None:
            conn.sock.settimeout(600)
        while True:
            data = resp.read1(CHUNK)
            if not data:
                break
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
            else:
                self.wfile.write(data)
            self.wfile.flush()
        if chunked:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

    def _cors_headers(self) -> None:
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", self.server.cors)
            self.send_header("Vary", "Origin")

    def _reply(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8",
               headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        if body:
            self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self._cors_headers()
        self.end_headers()
        if body and self.command != "HEAD":
            self.wfile.write(body)
