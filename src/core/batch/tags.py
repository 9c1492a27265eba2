"""Tags that tell apart URLs shown alike: http://a:one@h/r and http://a:two@h/r are both shown
http://a:***@h/r, yet are two inputs, each with its own record, row and error line.

A tag is the start of an HMAC-SHA256 of the whole URL under a key kept in OUT (OUT/.xxgk/key: 32
random bytes in hexadecimal, made on first use): it stays the input's from run to run, and tells
nothing of the password to whoever has the datasets (a plain hash of the URL would let a password
be guessed offline). `validate`, which keeps nothing, takes a key for the run.
"""
from __future__ import annotations

import hashlib
import hmac

from .records import ROOT
from .storage import Folder

KEY = f"{ROOT}/key"
KEY_BYTES = 32
PREFIX = "credentials:"   # a tagged location: credentials:<tag>:<the URL shown>


def tag(url: str, key: bytes) -> str:
    """12 hexadecimal digits naming `url`, credentials and all, under `key`."""
    return hmac.new(key, url.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:12]


def folder_key(folder: Folder) -> bytes:
    """The key of OUT's tags, made and kept there (in hexadecimal) when it has none, or a damaged
    one; WriteError when it cannot be kept."""
    try:
        with folder.open(KEY) as fh:
            kept = bytes.fromhex(fh.read(2 * KEY_BYTES + 1).decode("ascii"))
        if len(kept) == KEY_BYTES:
            return kept
    except (OSError, ValueError):   # none, or damaged
        pass
    made = run_key()
    folder.write(KEY, lambda out: out.write(made.hex().encode("ascii")))
    return made


def run_key() -> bytes:
    """A new key (for one run that keeps nothing, or to keep in OUT)."""
    import secrets  # with random: imported when a key is made, which a run without URLs never needs

    return secrets.token_bytes(KEY_BYTES)


def shown_tag(location: str) -> str:
    """The tag as shown after its URL (' <credentials:…>') for a tagged location; "" for any other."""
    if not location.startswith(PREFIX):
        return ""
    return f" <{PREFIX}{location[len(PREFIX):].split(':', 1)[0]}>"

