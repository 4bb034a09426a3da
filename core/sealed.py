"""Keys derived from the instance's secret, one per purpose, and what is made with them: keyed
digests, and opaque tokens that carry record numbers without showing them.

Participation ids and the like are small sequential numbers: shown in clear (a QR code, a
calendar link) they tell who is who, and what they are a digest of can be guessed. So a token
does not carry them in clear but encrypted, with AES-SIV (RFC 5297) under a key of its own:

* the same numbers always give the same token, so a printed badge or a calendar link stays the
  same however often it is shown, and bumping a version in it gives a new one;
* a token altered in any way, made for another purpose or by another Parley, opens to nothing;
* it tells nothing of the numbers inside, not even whether two tokens share one.

Each key is derived from ``SECRET_KEY`` with HKDF-SHA256 and a purpose label, so that one
purpose's key opens nothing of another's. Changing ``SECRET_KEY`` voids every token.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESSIV
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

_NUMBER = struct.Struct(">I")  # the numbers are the database's integers: 0 to 2**32 - 1
_TAG = 16  # bytes of the synthetic IV, which authenticates the token


def derived_key(purpose: str, length: int = 32) -> bytes:
    """A key of ``length`` bytes for ``purpose`` alone, derived from the instance's secret."""
    secret = current_app.config["SECRET_KEY"]
    secret = secret if isinstance(secret, bytes) else str(secret).encode()
    info = f"parley {purpose}".encode()
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=info).derive(secret)


def keyed_digest(purpose: str, text: str) -> str:
    """HMAC-SHA256 of ``text`` (UTF-8) under ``purpose``'s key, as 64 hex digits."""
    return hmac.new(derived_key(purpose), text.encode("utf-8"), hashlib.sha256).hexdigest()


def seal(purpose: str, *numbers: int) -> str:
    """``numbers`` as an opaque token for ``purpose``: URL-safe letters and digits only."""
    try:
        plain = b"".join(_NUMBER.pack(n) for n in numbers)
    except struct.error as error:
        raise ValueError(f"a sealed number must be between 0 and {2**32 - 1}") from error
    return _text(_cipher(purpose).encrypt(plain, [purpose.encode()]))


def _text(sealed: bytes) -> str:
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(purpose: str, token: str, count: int) -> tuple[int, ...] | None:
    """The ``count`` numbers ``token`` carries, or None when it is not a token this Parley
    sealed for ``purpose`` (altered, forged, of another purpose or instance, or not one)."""
    text = token.strip()
    expected = _TAG + count * _NUMBER.size
    if not text.isascii() or len(text) != -(-expected * 4 // 3):
        return None
    try:
        sealed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        if _text(sealed) != text:  # one spelling per token: no spare bits set, no odd letter
            return None
        plain = _cipher(purpose).decrypt(sealed, [purpose.encode()])
    except (InvalidTag, ValueError, binascii.Error):
        return None
    if len(plain) != count * _NUMBER.size:
        return None
    return tuple(n for (n,) in _NUMBER.iter_unpack(plain))


def _cipher(purpose: str) -> AESSIV:
    return AESSIV(derived_key(f"{purpose} token", 64))  # AES-256-SIV takes two 256-bit keys
