"""A small reference model of the Groove API's credential rules (docs/contract/credentials.md,
CR1 to CR15; reference §5 and §9; RFC 6750 §2 and §3).

It reads a request as it is on the wire and predicts the answer: the rule that decides, the
status, the ErrorCode, the `WWW-Authenticate` challenge and the journal violations. It is written
from the contract, not from the mock's code, so the property tests that compare the two catch a
mock that drifts from the contract (and a contract table that says something the mock does not).

Tokens are opaque to the model: the caller says what it knows about each genuine token it minted
(`TokenFacts`). Any other token is unknown, which is what a forged token, another server's token
or a made-up string is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal
from urllib.parse import unquote_to_bytes

import httpx

Access = Literal["app-or-user", "user", "user-with-pass"]
"""The access rule of an endpoint: the Token column of reference §6 (A|U, U, U+P)."""

MultipleAnswer = Literal["incompatible", "invalid-header"]
Challenge = Literal["absent", "bare", "invalid_token", "invalid_request"]
"""What `WWW-Authenticate` must say: no header, the realm alone, or the realm with an error."""

# RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")
_OWS = " \t"
_FORM = "application/x-www-form-urlencoded"


class Defect(StrEnum):
    """What can be wrong with a genuine token (one token may have several)."""

    REVOKED = "revoked"
    EXPIRED = "expired"
    UNREGISTERED_APP = "unregistered-app"
    UNENROLLED_APP = "unenrolled-app"
    UNKNOWN_USER = "unknown-user"
    NO_GROOVE_SCOPE = "no-groove-scope"
    CONSENT_REVOKED = "consent-revoked"
    SIGNED_OUT = "signed-out"


@dataclass(frozen=True, slots=True)
class TokenFacts:
    """What the test knows about a token the mock really issued."""

    kind: Literal["app", "user", "refresh"]
    defects: frozenset[Defect] = frozenset()
    music_pass: bool = False


@dataclass(frozen=True, slots=True)
class WireRequest:
    """A request as the server receives it: header names lowercased, raw query and body."""

    method: str
    headers: tuple[tuple[bytes, bytes], ...]
    query: bytes = b""
    body: bytes = b""

    @classmethod
    def of(cls, request: httpx.Request) -> WireRequest:
        headers = tuple((name.lower(), value) for name, value in request.headers.raw)
        return cls(request.method.upper(), headers, request.url.query, request.read())

    def header(self, name: bytes) -> bytes | None:
        return next((value for key, value in self.headers if key == name), None)


@dataclass(frozen=True, slots=True)
class Found:
    """One credential: its location (the journal's name for it) and its token if well formed."""

    location: str
    token: str | None

    @property
    def in_header(self) -> bool:
        return self.location.startswith("header")


@dataclass(frozen=True, slots=True)
class Verdict:
    """The predicted answer. `rule` is the ID of docs/contract/credentials.md that decides."""

    rule: str
    status: int
    error_code: str | None
    challenge: Challenge
    credentials: tuple[Found, ...]
    violations: frozenset[str] = field(default_factory=frozenset)

    @property
    def accepted(self) -> bool:
        return self.status == 200


# -- finding credentials ------------------------------------------------------------------------


def _bearer(value: str, location: str) -> Found:
    """`Bearer <b64token>`: the scheme ends at the first space (RFC 7235 §2.1), any case."""
    value = value.strip(_OWS)
    scheme, space, rest = value.partition(" ")
    token = rest.strip(_OWS)
    if not space or scheme.lower() != "bearer" or not _B64TOKEN.fullmatch(token):
        return Found(location, None)
    return Found(location, token)


def _bare(value: str, location: str) -> Found:
    return Found(location, value if _B64TOKEN.fullmatch(value) else None)


def _pairs(encoded: bytes) -> list[tuple[str, str]]:
    """`application/x-www-form-urlencoded` pairs (WHATWG URL: `&` separates, `+` is a space)."""
    pairs = []
    for chunk in encoded.split(b"&"):
        if not chunk:
            continue
        name, _, value = chunk.partition(b"=")
        pairs.append((_decode(name), _decode(value)))
    return pairs


def _decode(raw: bytes) -> str:
    return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8", "replace")


def _ascii_lower(name: str) -> str:
    return name.lower() if name.isascii() else name


def find_credentials(request: WireRequest) -> tuple[Found, ...]:
    """Every credential the request carries, in the order the journal lists them."""
    found: list[Found] = []
    lines = [value for name, value in request.headers if name == b"authorization"]
    for number, raw in enumerate(lines, start=1):
        if not raw.isascii():
            found.append(Found(f"header#{number}", None))
            continue
        values = raw.decode("ascii").split(",")
        for index, value in enumerate(values, start=1):
            where = f"header#{number}" if len(values) == 1 else f"header#{number}.{index}"
            found.append(_bearer(value, where))
    for name, value in _pairs(request.query):
        key = _ascii_lower(name)
        if key == "accesstoken":
            found.append(_bearer(value, "query:accessToken"))
        elif key == "access_token":
            found.append(_bare(value, "query:access_token"))
    if request.method not in ("GET", "HEAD") and _is_form(request.header(b"content-type")):
        found.extend(
            _bare(value, "form:access_token")
            for name, value in _pairs(request.body)
            if name == "access_token"
        )
    return tuple(found)


def _is_form(content_type: bytes | None) -> bool:
    if content_type is None:
        return False
    media = content_type.split(b";")[0].strip(b" \t").decode("latin-1")
    return media.lower() == _FORM


# -- deciding -------------------------------------------------------------------------------------


def predict(
    request: WireRequest,
    access: Access,
    known: Mapping[str, TokenFacts],
    *,
    strict: bool = False,
    multiple_credentials: MultipleAnswer = "incompatible",
) -> Verdict:
    """The answer the contract requires for `request` on an endpoint with rule `access`."""
    found = find_credentials(request)
    if not found:
        if access == "app-or-user":
            return Verdict("CR1", 401, "ACCESS_TOKEN_MISSING", "bare", found, _v("no-credential"))
        return Verdict(
            "CR2", 401, "INVALID_AUTHORIZATION_HEADER", "bare", found, _v("no-credential")
        )
    if len(found) > 1:
        violations = _v("multiple-credentials")
        if multiple_credentials == "invalid-header":
            code = "INVALID_AUTHORIZATION_HEADER"
            return Verdict("CR3'", 401, code, "invalid_request", found, violations)
        code = "INCOMPATIBLE_INPUT_PARAMETERS"
        return Verdict("CR3", 400, code, "invalid_request", found, violations)
    (credential,) = found
    if credential.token is None:
        return _refuse("CR4", "INVALID_AUTHORIZATION_HEADER", found, "malformed-credential")
    outside = frozenset() if credential.in_header else _v("credential-not-in-header")
    if strict and outside:
        return _refuse("CR5", "INVALID_AUTHORIZATION_HEADER", found, *outside)
    return _judge_token(credential.token, known.get(credential.token), access, found, outside)


def _v(*names: str) -> frozenset[str]:
    return frozenset(names)


def _refuse(rule: str, code: str, found: tuple[Found, ...], *violations: str) -> Verdict:
    return Verdict(rule, 401, code, "invalid_token", found, frozenset(violations))


def _judge_token(
    token: str,
    facts: TokenFacts | None,
    access: Access,
    found: tuple[Found, ...],
    outside: frozenset[str],
) -> Verdict:
    def refuse(rule: str, code: str, *violations: str) -> Verdict:
        return _refuse(rule, code, found, *outside, *violations)

    if facts is None:
        # CR6/CR7: a token that does not verify is judged by its look alone.
        if token.startswith("Eg"):
            return refuse("CR6", "ACCESS_TOKEN_INVALID", "unknown-token")
        return refuse("CR7", "INVALID_AUTHORIZATION_HEADER", "unknown-token")
    if facts.kind == "refresh":
        return refuse("CR8", "INVALID_AUTHORIZATION_HEADER", "refresh-token-as-access-token")
    app = facts.kind == "app"
    defects = facts.defects
    if Defect.REVOKED in defects:
        code = "ACCESS_TOKEN_INVALID" if app else "INVALID_AUTHORIZATION_HEADER"
        return refuse("CR9", code, "revoked-token")
    if Defect.EXPIRED in defects:
        code = "ACCESS_TOKEN_EXPIRED" if app else "AUTHORIZATION_TOKEN_EXPIRED"
        return refuse("CR10", code, "expired-token")
    if Defect.UNREGISTERED_APP in defects:
        return refuse(
            "CR6" if app else "CR7",
            "ACCESS_TOKEN_INVALID" if app else "INVALID_AUTHORIZATION_HEADER",
        )
    if Defect.UNENROLLED_APP in defects:
        return refuse("CR11", "ACCESS_TOKEN_INVALID_SUBSCRIPTION")
    if app:
        if access != "app-or-user":
            return refuse("CR12", "INVALID_AUTHORIZATION_HEADER", "app-token-on-user-endpoint")
        return Verdict("OK", 200, None, "absent", found, outside)
    if Defect.UNKNOWN_USER in defects:
        return refuse("CR7", "INVALID_AUTHORIZATION_HEADER")
    if Defect.NO_GROOVE_SCOPE in defects or Defect.CONSENT_REVOKED in defects:
        return refuse("CR13", "MSA_SCOPE_REQUIRES_USER_CONSENT")
    signed_out = _v("token-used-after-sign-out") if Defect.SIGNED_OUT in defects else _v()
    if access == "user-with-pass" and not facts.music_pass:
        violations = outside | signed_out
        return Verdict("CR14", 403, "NO_MUSIC_PASS_SUBSCRIPTION", "absent", found, violations)
    return Verdict("CR15" if signed_out else "OK", 200, None, "absent", found, outside | signed_out)
