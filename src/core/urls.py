"""URLs as xxgk names its inputs: which names are http(s) URLs, and how one is shown without its
credentials. Fetching them is `xxgk.fetch` (which imports the standard library's HTTP client)."""
from __future__ import annotations

SCHEMES = ("http://", "https://")


def is_url(name: str) -> bool:
    return name.lower().startswith(SCHEMES)


def redacted(url: str) -> str:
    """The URL as it may be shown: the credentials it carries masked, `user:***@` for a user and a
    password, `***@` for a user alone (a token), in malformed URLs too (`_credentials_end`)."""
    scheme, sep, rest = url.partition("://")
    end = _credentials_end(rest) if sep else -1
    if end < 0:
        return url
    user, colon, _ = rest[:end].partition(":")
    return f"{scheme}://{user + ':***' if colon and user else '***'}@{rest[end + 1:]}"


def _credentials_end(rest: str) -> int:
    """Where the credentials of a URL end, in `rest` (what follows "://"): at the last "@" of the
    authority (up to the first "/", "?" or "#"), or when a password's raw "/", "?" or "#" ends the
    authority early (`user:pa#ss@host`, `u:p/w@host`), at the first "@" after it if the authority
    is `user:` and something other than a port (a port is digits and ends at a "/"); and past a
    password's raw "?" or "#" to the last "@" before the next "/" (`user:p@ss#x@host`). -1 for none."""
    end = min((i for i in map(rest.find, "/?#") if i >= 0), default=len(rest))
    at = rest.rfind("@", 0, end)
    if at < 0:
        name, colon, port = rest[:end].partition(":")
        if not colon or not name or (port.isdigit() and rest.startswith("/", end)):
            return -1
        at = rest.find("@", end)
        if at < 0:
            return -1
    slash = rest.find("/", at)
    return max(at, rest.rfind("@", at + 1, len(rest) if slash < 0 else slash))
