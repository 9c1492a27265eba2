"""Fetching a report page by URL (standard library): timeouts, redirects, a size cap."""
from __future__ import annotations

import socket
import urllib.error
import urllib.request

from . import __version__
from .errors import ReadError
from .registry import Source

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 30.0
SCHEMES = ("http://", "https://")


def is_url(name: str) -> bool:
    return name.lower().startswith(SCHEMES)


def fetch(url: str, timeout: float | None = None, max_bytes: int | None = None) -> Source:
    """The response body as a Source named by the URL, with the server's media type and charset.

    The body is kept as bytes: decoding is the reader's job (the server's charset is one hint).
    Limits default to TIMEOUT seconds and MAX_BYTES."""
    timeout = TIMEOUT if timeout is None else timeout
    max_bytes = MAX_BYTES if max_bytes is None else max_bytes
    request = urllib.request.Request(url, headers={"User-Agent": f"xxgk/{__version__}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(max_bytes + 1)
            headers = response.headers
    except urllib.error.HTTPError as exc:
        raise ReadError(f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        reason = exc.reason
        raise ReadError(f"cannot fetch: {'timed out' if isinstance(reason, socket.timeout) else reason}") from exc
    except TimeoutError as exc:
        raise ReadError("cannot fetch: timed out") from exc
    except OSError as exc:
        raise ReadError(f"cannot fetch: {exc}") from exc
    if len(data) > max_bytes:
        raise ReadError(f"response larger than {max_bytes // (1024 * 1024)} MiB")
    return Source(data, url, headers.get_content_type(), headers.get_content_charset())
