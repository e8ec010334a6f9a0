"""Tokens: opaque on the outside like Microsoft's, signed inside with PyJWT.

Opaque format (default): `Eg…` app tokens, `EwA…` user tokens, `M.R3_BAY.…` refresh tokens. The
part after the prefix is standard base64 (so it carries `+`, `/` and `=`, as the real ones do) of
a length-prefixed HS256 JWT payload and its signature. The mock verifies them without a lookup,
and servers that share `signing_key` accept each other's tokens. Clients must not parse them.

JWT format (`token_format="jwt"`): plain RS256 JWTs with a stable `kid` (the RFC 7638
thumbprint of the key), published as a JWKS.

Verification never reads the clock: the caller compares `Claims.expires_at` with the mock clock,
so a verified token can be cached and still expire on time.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import math
import re
import secrets
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._revocations import DEFAULT_LIMIT, RevocationLedger
from ._token_cache import FINGERPRINT_CACHE_BYTES, BoundedCache, fingerprint_bytes, token_cache
from ._token_cache import MAX_CACHED_TOKEN_CHARS as MAX_CACHED_TOKEN_CHARS

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa
    from jwt.types import Options

from ._clock import Clock

# Time is the mock clock's business (it may run ahead of real time): PyJWT checks no time claim.
_NO_TIME_CHECKS: Options = {"verify_exp": False, "verify_iat": False, "verify_nbf": False}
_HS_HEADER = base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').rstrip(b"=").decode()
_HS_SIGNING_PREFIX = _HS_HEADER.encode() + b"."


class TokenKind(StrEnum):
    APP = "app"
    USER = "user"
    REFRESH = "refresh"


_PREFIX = {TokenKind.APP: "Eg", TokenKind.USER: "EwA", TokenKind.REFRESH: "M.R3_BAY."}


@dataclass(frozen=True, slots=True)
class Claims:
    """What a token says. `grant_id` ties together everything one sign-in issued."""

    kind: TokenKind
    client_id: str
    user_id: str | None
    scopes: frozenset[str]
    issued_at: float
    expires_at: float
    token_id: str
    grant_id: str

    def expired(self, now: float) -> bool:
        return now >= self.expires_at


def fingerprint(token: str) -> str:
    """A short, stable, one-way name for a token or secret: safe to log and to compare."""
    return hashlib.sha256(token.encode("utf-8", "surrogateescape")).hexdigest()[:12]


# Every credential a request carries is journaled by its fingerprint, valid or not; a client
# sends the same token on every call. Shared by every mock in the process.
_FINGERPRINTS: BoundedCache[str] = BoundedCache(FINGERPRINT_CACHE_BYTES, fingerprint_bytes)


def cached_fingerprint(token: str) -> str:
    """`fingerprint(token)`, hashed once per token while the token stays in a cache bounded in
    bytes (`_token_cache`)."""
    found = _FINGERPRINTS.get(token)
    if found is None:
        found = fingerprint(token)
        _FINGERPRINTS.keep(token, found)
    return found


def guess_kind(token: str) -> TokenKind | None:
    """The kind a token claims by its look alone (for error codes on tokens that do not verify)."""
    if token.startswith("EwA"):
        return TokenKind.USER
    if token.startswith("Eg"):
        return TokenKind.APP
    if token.startswith("M.R3_BAY."):
        return TokenKind.REFRESH
    return None


# Claims made from verified tokens share their scope sets (most tokens carry one of a few):
# the strings come from tokens the mock signed, and the table is cleared when full.
_SCOPE_SETS: dict[str, frozenset[str]] = {}
_SCOPE_SETS_MAX = 256


class TokenService:
    """Mints and verifies tokens for one mock instance."""

    def __init__(
        self,
        clock: Clock,
        *,
        token_format: str = "opaque",
        signing_key: str | None = None,
        jwt_key_file: Path | None = None,
        issuer: str = "https://login.live.com",
        revocation_limit: int = DEFAULT_LIMIT,
    ):
        self.clock = clock
        self.token_format = token_format
        self.issuer = issuer
        seed = signing_key.encode() if signing_key else secrets.token_bytes(32)
        self._hs_key = hashlib.sha256(b"groove-mock:" + seed).digest()
        self.instance_id = fingerprint(self._hs_key.hex())
        self.ledger = RevocationLedger(revocation_limit)
        self._cache = token_cache()
        self._rsa: rsa.RSAPrivateKey | None = None
        self.kid: str | None = None
        if token_format == "jwt":
            self._rsa = _load_or_generate_rsa(jwt_key_file)
            self.kid = _thumbprint(self._rsa.public_key())

    # minting ------------------------------------------------------------------------------

    def mint(
        self,
        kind: TokenKind,
        client_id: str,
        *,
        lifetime: float,
        user_id: str | None = None,
        scopes: frozenset[str] | set[str] = frozenset(),
        grant_id: str | None = None,
        issued_at: float | None = None,
    ) -> tuple[str, Claims]:
        """A new token. `LedgerFull` when the revocation ledger is at its limit: a token the
        mock could not revoke without forgetting another revocation is not issued."""
        self.ledger.check_room(self.clock.now())
        now = self.clock.now() if issued_at is None else issued_at
        expires_at = now + lifetime
        if self._rsa is not None:
            # JWT NumericDates as whole seconds (RFC 7519 §2 allows fractions; we issue none,
            # and `_decode_jwt` accepts only integers).
            now, expires_at = float(math.floor(now)), float(math.ceil(expires_at))
        claims = Claims(
            kind=kind,
            client_id=client_id,
            user_id=user_id,
            scopes=frozenset(scopes),
            issued_at=now,
            expires_at=expires_at,
            token_id=secrets.token_hex(8),
            grant_id=grant_id or secrets.token_hex(8),
        )
        return self.encode(claims), claims

    def encode(self, claims: Claims) -> str:
        payload: dict[str, Any] = {
            "k": claims.kind.value,
            "cid": claims.client_id,
            "scp": " ".join(sorted(claims.scopes)),
            "iat": claims.issued_at,
            "exp": claims.expires_at,
            "jti": claims.token_id,
            "gid": claims.grant_id,
        }
        if claims.user_id is not None:
            payload["sub"] = claims.user_id
        if self._rsa is not None:
            import jwt  # only the JWT format needs PyJWT (and cryptography): ~100 ms of import

            payload.update(
                iss=self.issuer,
                aud="music.xboxlive.com",
                iat=int(claims.issued_at),
                exp=int(claims.expires_at),
            )
            return jwt.encode(payload, self._rsa, algorithm="RS256", headers={"kid": self.kid})
        # The HS256 JWS that PyJWT's `jwt.encode` would make (same JSON, same signing input),
        # signed with hmac directly: PyJWT's general path cost most of a token request.
        raw_body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
        signing_input = _HS_SIGNING_PREFIX + base64.urlsafe_b64encode(raw_body).rstrip(b"=")
        raw_signature = hmac.new(self._hs_key, signing_input, hashlib.sha256).digest()
        packed = len(raw_body).to_bytes(2, "big") + raw_body + raw_signature
        return _PREFIX[claims.kind] + base64.b64encode(packed).decode()

    # verifying ----------------------------------------------------------------------------

    def decode(self, token: str) -> Claims | None:
        """The claims of a token this instance signed, or None (malformed, forged, foreign).

        Expiry and revocation are not checked here: see `Claims.expired` and `is_revoked`.
        """
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        claims = self._decode_jwt(token) if self._rsa is not None else self._decode_opaque(token)
        if claims is not None:
            self._cache.keep(token, claims)
        return claims

    def is_revoked(self, claims: Claims) -> bool:
        return self.ledger.is_revoked(claims)

    def claims_by_fingerprint(self) -> dict[str, Claims]:
        """The claims of the tokens verified lately, by fingerprint: what the inspector shows
        for a journal entry, which keeps only the fingerprint (no token leaves this object)."""
        return {fingerprint(token): claims for token, claims in list(self._cache.items())}

    def revoke(self, claims: Claims) -> None:
        self.ledger.revoke_token(claims.token_id, claims.expires_at)

    def revoke_grant(self, grant_id: str, until: float | None = None) -> None:
        horizon = until if until is not None else self.clock.now() + 10 * 365 * 86400
        self.ledger.revoke_grant(grant_id, horizon)

    def jwks(self) -> dict[str, Any]:
        if self._rsa is None:
            return {"keys": []}
        import jwt

        jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self._rsa.public_key()))
        jwk.update(kid=self.kid, use="sig", alg="RS256")
        return {"keys": [jwk]}

    def _decode_opaque(self, token: str) -> Claims | None:
        kind = guess_kind(token)
        if kind is None:
            return None
        try:
            packed = base64.b64decode(token[len(_PREFIX[kind]) :], validate=True)
        except (binascii.Error, ValueError):
            return None
        if base64.b64encode(packed).decode() != token[len(_PREFIX[kind]) :]:
            # Non-canonical base64 (changed padding bits) decodes to the same bytes: a string
            # the mock never issued must not verify.
            return None
        size = int.from_bytes(packed[:2], "big")
        if len(packed) < 2 + size + 1:
            return None
        body, signature = packed[2 : 2 + size], packed[2 + size :]
        # The check `jwt.decode` made of the HS256 JWS (fixed header, HMAC over the signing
        # input, a JSON object), done with hmac so that PyJWT is not needed for opaque tokens.
        signing_input = _HS_SIGNING_PREFIX + base64.urlsafe_b64encode(body).rstrip(b"=")
        expected = hmac.new(self._hs_key, signing_input, hashlib.sha256).digest()
        if not hmac.compare_digest(expected, signature):
            return None
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return None
        if not isinstance(payload, dict):
            return None
        claims = _claims_from(payload)
        return claims if claims is not None and claims.kind is kind else None

    def _decode_jwt(self, token: str) -> Claims | None:
        import jwt

        assert self._rsa is not None
        if not _canonical_jws(token):
            return None
        try:
            payload = jwt.decode(
                token,
                self._rsa.public_key(),
                algorithms=["RS256"],
                audience="music.xboxlive.com",
                issuer=self.issuer,
                options=_NO_TIME_CHECKS,
            )
        except jwt.PyJWTError:
            return None
        if not _whole_seconds(payload):
            return None
        return _claims_from(payload)


_B64URL = re.compile(r"[A-Za-z0-9_-]+")


def _canonical_jws(token: str) -> bool:
    """Three unpadded base64url segments, each the one encoding of its bytes: a token the
    mock issued with `==` appended, or with other spare bits set, is a string it never issued
    (contract property P9; the opaque format checks the same)."""
    parts = token.split(".")
    if len(parts) != 3:
        return False
    for part in parts:
        if not _B64URL.fullmatch(part):
            return False
        raw = base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
        if base64.urlsafe_b64encode(raw).rstrip(b"=").decode() != part:
            return False
    return True


def _whole_seconds(payload: dict[str, Any]) -> bool:
    """`iat` and `exp` integers (never strings, booleans or fractions), and `nbf`, if any, an
    integer no later than `iat`: the mock issues no token that becomes valid later."""
    for name in ("iat", "exp", "nbf"):
        value = payload.get(name)
        if value is None and name == "nbf":
            continue
        if type(value) is not int:
            return False
    nbf = payload.get("nbf")
    return nbf is None or nbf <= payload["iat"]


def _claims_from(payload: dict[str, Any]) -> Claims | None:
    try:
        user_id = payload.get("sub")
        return Claims(
            kind=TokenKind(payload["k"]),
            # Interned: ids repeat across tokens (the scenario's apps and users).
            client_id=sys.intern(str(payload["cid"])),
            user_id=sys.intern(user_id) if isinstance(user_id, str) else user_id,
            scopes=_scope_set(str(payload["scp"])),
            issued_at=float(payload["iat"]),
            expires_at=float(payload["exp"]),
            token_id=str(payload["jti"]),
            grant_id=str(payload["gid"]),
        )
    except (KeyError, ValueError, TypeError):
        return None


def _scope_set(scp: str) -> frozenset[str]:
    found = _SCOPE_SETS.get(scp)
    if found is None:
        if len(_SCOPE_SETS) >= _SCOPE_SETS_MAX:
            _SCOPE_SETS.clear()
        found = _SCOPE_SETS[scp] = frozenset(sys.intern(s) for s in scp.split())
    return found


def _b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _load_or_generate_rsa(path: Path | None) -> rsa.RSAPrivateKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    if path is None:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError(f"{path}: not an RSA private key")
    return key


def _thumbprint(public_key: rsa.RSAPublicKey) -> str:
    """RFC 7638 JWK thumbprint: stable for as long as the key is."""
    import jwt

    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(public_key))
    canonical = json.dumps({k: jwk[k] for k in ("e", "kty", "n")}, separators=(",", ":"))
    return _b64url_encode(hashlib.sha256(canonical.encode()).digest())
