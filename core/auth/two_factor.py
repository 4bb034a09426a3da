"""The second factor: a TOTP secret kept encrypted, codes that cannot be used twice, and ten
single-use recovery codes of which only salted hashes are kept.

The secret is sealed with AES-GCM under a key derived from the instance's ``SECRET_KEY`` (the
key of its own purpose, ``core.sealed.derived_key``) and bound to the account's id, so a copy
of the database alone cannot produce codes, and a sealed secret moved to another account does
not open. Changing ``SECRET_KEY`` voids every secret: their owners sign in with a recovery
code, or an administrator resets their second factor.

A code is accepted for the current 30-second step or the one either side (a phone's clock is
rarely exact), and only for a step later than the last one accepted: the step is written with
a conditional update, so two requests racing with one code cannot both pass.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import time

import pyotp
import segno
import sqlalchemy as sa
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from flask import current_app

from core.auth.security_events import announce
from core.db import db_session, utcnow
from core.models import RecoveryCode, User
from core.sealed import derived_key

log = logging.getLogger("parley.two_factor")

ISSUER = "Parley"
STEP = 30  # seconds of one TOTP code
DRIFT = 1  # steps accepted either side of now
RECOVERY_CODES = 10
# letters and digits that cannot be taken for one another (no 0/o, 1/l/i)
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_CODE_LENGTH = 10  # about 49 bits each


# --- the secret, sealed at rest


def _key() -> bytes:
    return derived_key("two-factor secret")


def new_secret() -> str:
    """A fresh secret, as the base32 text an authenticator app takes (160 bits)."""
    return pyotp.random_base32(32)


def seal(user_id: int, secret: str) -> str:
    """``secret`` encrypted for the account ``user_id``: 64 characters, the column's size."""
    raw = base64.b32decode(secret)
    nonce = secrets.token_bytes(12)
    sealed = nonce + AESGCM(_key()).encrypt(nonce, raw, str(user_id).encode())
    return base64.urlsafe_b64encode(sealed).decode().rstrip("=")


def unseal(user_id: int, sealed: str | None) -> str | None:
    """The secret ``seal`` made for ``user_id``, or None when it cannot be opened (another
    account's, another key's, or damaged)."""
    if not sealed:
        return None
    try:
        data = base64.urlsafe_b64decode(sealed + "=" * (-len(sealed) % 4))
        raw = AESGCM(_key()).decrypt(data[:12], data[12:], str(user_id).encode())
    except (InvalidTag, ValueError):
        log.warning("user %s: a two-factor secret cannot be opened with this key", user_id)
        return None
    return base64.b32encode(raw).decode()


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_data_uri(uri: str) -> str:
    """The ``otpauth://`` address as a QR code, a PNG in a ``data:`` address for an <img>."""
    return segno.make(uri, error="m").png_data_uri(scale=5, border=4)


# --- codes


def _digits(code: str | None) -> str:
    return "".join((code or "").split()).replace("-", "")


def _now() -> float:
    return time.time()


def matching_step(secret: str, code: str | None, *, after: int | None = None) -> int | None:
    """The time step ``code`` belongs to (now, or one step either side), if later than
    ``after``; None when it matches none."""
    code = _digits(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    now = int(_now()) // STEP
    for step in range(now - DRIFT, now + DRIFT + 1):
        if (after is None or step > after) and hmac.compare_digest(totp.at(step * STEP), code):
            return step
    return None


def _claim_step(user: User, step: int) -> bool:
    """Record ``step`` as used, unless a request got there first with the same or a later one."""
    done = db_session().execute(
        sa.update(User)
        .where(User.id == user.id)
        .where(sa.or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        return False
    user.totp_last_step = step
    return True


def check_totp(user: User, code: str | None) -> bool:
    """True, once, for a right code of the account's app; the step is then used up."""
    secret = unseal(user.id, user.totp_secret)
    if secret is None or not user.has_two_factor:
        return False
    step = matching_step(secret, code, after=user.totp_last_step)
    return step is not None and _claim_step(user, step)


# --- recovery codes


def _hash(code: str, salt: str) -> str:
    digest = hashlib.sha256(f"{salt}:{code}".encode()).hexdigest()
    return f"sha256${salt}${digest}"


def _matches(code: str, stored: str) -> bool:
    _scheme, salt, _digest = stored.split("$", 2)
    return hmac.compare_digest(_hash(code, salt), stored)


def _normalise(code: str | None) -> str:
    return _digits(code).lower()


def _new_code() -> str:
    code = "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
    return f"{code[:5]}-{code[5:]}"


def renew_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones, returned in clear (to be shown
    once; only their hashes are kept)."""
    session = db_session()
    session.execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_code() for _ in range(RECOVERY_CODES)]
    for code in codes:
        session.add(
            RecoveryCode(user_id=user.id, code_hash=_hash(_normalise(code), secrets.token_hex(8)))
        )
    session.flush()
    session.expire(user, ["recovery_codes"])
    return codes


def unused_codes(user: User) -> int:
    return db_session().scalar(
        sa.select(sa.func.count(RecoveryCode.id)).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )


def use_recovery_code(user: User, code: str | None) -> bool:
    """True, once, for one of the account's unused recovery codes, which is then used up."""
    code = _normalise(code)
    if len(code) != _CODE_LENGTH or not user.has_two_factor:
        return False
    rows = db_session().execute(
        sa.select(RecoveryCode.id, RecoveryCode.code_hash).where(
            RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
        )
    )
    for row_id, stored in rows.all():
        if _matches(code, stored):
            done = db_session().execute(
                sa.update(RecoveryCode)
                .where(RecoveryCode.id == row_id, RecoveryCode.used_at.is_(None))
                .values(used_at=utcnow())
                .execution_options(synchronize_session=False)
            )
            return done.rowcount == 1
    return False


def check_second_factor(user: User, code: str | None) -> str | None:
    """``"app"`` for a right TOTP code, ``"recovery"`` for an unused recovery code (each used
    up by the check), None otherwise."""
    if check_totp(user, code):
        return "app"
    if use_recovery_code(user, code):
        return "recovery"
    return None


# --- turning it on and off


def enable(user: User, secret: str, step: int) -> list[str]:
    """Turn the second factor on with ``secret``, whose code of ``step`` the owner just
    typed; returns the new recovery codes. Not committed."""
    user.totp_secret = seal(user.id, secret)
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    return renew_recovery_codes(user)


def disable(user: User) -> None:
    """Turn the second factor off: the secret and every recovery code are dropped."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    db_session().execute(sa.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db_session().expire(user, ["recovery_codes"])


def reset(user: User, reason: str) -> None:
    """Reset the second factor of an owner who lost it, on an administrator's word: turned
    off, every session ended, audited with ``reason`` and told to the owner. Not committed."""
    disable(user)
    user.end_sessions()
    announce(user, "two_factor_reset", reason=reason)


# --- who must have it


def required_roles() -> set[str]:
    return set(current_app.config["REQUIRE_TWO_FACTOR"])


def holds_required_role(user: User) -> bool:
    """Whether ``user`` holds, globally or for any dialogue, a role that needs a second factor."""
    required = required_roles()
    return any(grant.role.value in required for grant in user.grants)


def must_have_two_factor(user: User) -> bool:
    """Whether ``user`` must set up a second factor before doing anything else."""
    return not user.has_two_factor and holds_required_role(user)
