"""`juesuan serve OUT`: serve the report site (OUT/report, built first when missing) on localhost.

Binds 127.0.0.1 only; the standard library's http.server, one thread per request, until Ctrl-C.
"""
from __future__ import annotations

import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass


def make_server(site: Path | str, port: int = 0, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """An HTTP server for the files of `site` on host:port (port 0: any free port); not started."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    return ThreadingHTTPServer((host, port), handler)


def serve_in_thread(site: Path | str, port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Start serving `site` in a daemon thread; (server, base URL).  Call server.shutdown() to stop."""
    server = make_server(site, port)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}/"
