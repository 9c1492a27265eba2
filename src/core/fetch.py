"""Fetching a report page by URL (standard library): a deadline for the whole request, redirects
to http(s) only, a size cap, credentials sent as Basic auth and never shown.

`TIMEOUT` bounds each wait on the network (connecting, each read); `DEADLINE` the whole request,
redirects and body included, so that a server that drips its answer (a byte every few seconds,
each read within TIMEOUT) is cut off too. Every failure is a one-line ReadError.
"""
from __future__ import annotations

import base64
import http.client
import re
import socket
import threading
import urllib.error
import urllib.request
from urllib.parse import SplitResult, unquote, urlsplit, urlunsplit

from . import __version__
from .errors import ReadError
from .registry import Source
from .urls import SCHEMES, is_url, redacted

__all__ = ["DEADLINE", "MAX_BYTES", "SCHEMES", "TIMEOUT", "fetch", "is_url", "redacted"]

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 30.0     # seconds for each wait on the network
DEADLINE = 120.0   # seconds for the whole request
PIECE = 64 * 1024


def fetch(url: str, timeout: float | None = None, max_bytes: int | None = None,
          deadline: float | None = None) -> Source:
    """The response body as a Source named by the URL (its password redacted), with the server's
    media type and charset.

    The body is kept as bytes: decoding is the reader's job (the server's charset is one hint).
    Limits default to TIMEOUT, MAX_BYTES and DEADLINE. ReadError for a malformed URL, a redirect
    to another scheme (ftp:, file:), to a malformed URL or to one with credentials, an HTTP error,
    a time-out or an answer over the size cap."""
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    deadline = DEADLINE if deadline is None else deadline
    target, credentials = _parsed(url)
    request = urllib.request.Request(urlunsplit(target), headers={"User-Agent": f"xxgk/{__version__}"})
    if credentials:   # never sent on to where a redirect leads
        request.add_unredirected_header("Authorization", f"Basic {credentials}")
    watch = _Watch(deadline)
    opener = urllib.request.build_opener(_HttpOnlyRedirects, _Http(watch), _Https(watch))
    try:
        with watch, opener.open(request, timeout=min(timeout, deadline)) as response:
            pieces, size = [], 0
            while size <= max_bytes and (piece := response.read1(min(PIECE, max_bytes + 1 - size))):
                pieces.append(piece)
                size += len(piece)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        raise ReadError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise ReadError(watch.why() or f"cannot fetch: {_reason(exc.reason)}") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise ReadError(watch.why() or f"cannot fetch: {_reason(exc)}") from exc
    except UnicodeError as exc:   # a host name IDNA cannot encode ("a..b", a label over 63 characters)
        raise ReadError(f"malformed URL: host name: {exc}") from exc
    if watch.why():   # cut off: what was read is not the whole answer
        raise ReadError(watch.why())
    if size > max_bytes:
        raise ReadError(f"response larger than {max_bytes // (1024 * 1024)} MiB")
    return Source(b"".join(pieces), redacted(url), headers.get_content_type(), headers.get_content_charset())


def _reason(reason: object) -> str:
    return "timed out" if isinstance(reason, (socket.timeout, TimeoutError)) else str(reason)


def _parsed(url: str) -> tuple[SplitResult, str | None]:
    """The URL to request, without credentials, and the Basic credentials it carried (base64)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port   # ValueError: not a number, or out of range
    except ValueError as exc:   # its words may quote the port or the host: a password's start, in a malformed URL
        why = str(exc) if redacted(url) == url else re.sub(r"'[^']*'", "…", str(exc))
        raise ReadError(f"malformed URL: {why}") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ReadError("malformed URL: no host")
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    netloc = f"{host}:{port}" if port is not None else host
    credentials = None
    if parts.username is not None or parts.password is not None:
        pair = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
        credentials = base64.b64encode(pair.encode("utf-8")).decode("ascii")
    return parts._replace(netloc=netloc), credentials


class _Watch:
    """The deadline of one request: when it passes, every connection the request opened is shut
    down, which ends any read waiting on it: the TLS handshake's, the headers' and the body's. A
    duplicate of each connection's socket is kept here from the moment it is made, for the
    connection lets go of its own under TLS (wrapping it) and once the headers are read (urllib),
    while the rest is still to come through it."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(deadline, self.cut)
        self.timer.daemon = True

    def __enter__(self) -> _Watch:
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.cancel()
        with self.lock:
            for sock in self.sockets:
                sock.close()
            self.sockets.clear()

    def why(self) -> str | None:
        return f"cannot fetch: no whole answer within {self.deadline:g} s" if self.expired else None

    def cut(self) -> None:
        with self.lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)

    def connected(self, *args, **kwargs) -> socket.socket:
        """socket.create_connection, a duplicate of the socket kept (and shut down at once when the
        deadline has passed)."""
        sock = socket.create_connection(*args, **kwargs)
        with self.lock:
            self.sockets.append(sock.dup())
            if self.expired:
                _shut(self.sockets[-1])
        return sock

    def connection(self, kind):
        def opened(host, **kwargs):
            if self.expired:
                raise TimeoutError("deadline passed")
            connection = kind(host, **kwargs)
            connection._create_connection = self.connected
            return connection
        return opened


def _shut(sock: socket.socket) -> None:
    """Shut a connection down for reading and writing: a read blocked on it in another thread ends."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:   # closed by the server already
        pass


class _Http(urllib.request.HTTPHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def http_open(self, req):
        return self.do_open(self.watch.connection(http.client.HTTPConnection), req)


class _Https(urllib.request.HTTPSHandler):
    def __init__(self, watch: _Watch) -> None:
        super().__init__()
        self.watch = watch

    def https_open(self, req):
        return self.do_open(self.watch.connection(http.client.HTTPSConnection), req,
                            context=self._context)  # type: ignore[attr-defined]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed to http(s) only (the standard handler follows one to ftp: as well), never
    to a URL with credentials, and a malformed target refused as one line."""

    def http_error_302(self, req, fp, code, msg, headers):
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except ValueError:   # the target cannot be parsed, or its host name encoded
            raise urllib.error.HTTPError(redacted(req.full_url), code, "redirect to a malformed URL: refused",
                                         headers, fp) from None

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        target = urlsplit(newurl)
        target.port   # noqa: B018 -- ValueError: not a number, or out of range
        scheme = target.scheme.lower()
        if scheme not in ("http", "https"):
            raise urllib.error.HTTPError(redacted(newurl), code, f"redirect to {scheme}: refused (http and https "
                                         "only)", headers, fp)
        if target.username is not None or target.password is not None:
            raise urllib.error.HTTPError(redacted(newurl), code, "redirect to a URL with credentials: refused",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)
