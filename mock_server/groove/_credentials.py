"""Finding every credential a Groove request carries (reference §1, §4, §9; RFC 6750 §2).

A request may carry a token in each `Authorization` header (several headers, or several values
joined by commas), in the legacy `accessToken` query parameter (value `Bearer <token>`), and in
`access_token` in the query or a form body (the RFC 6750 names). The rule is exactly one; this
module only finds and parses them, `_access` decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_to_bytes

from .._tokens import fingerprint
from ..types import Scope

_KNOWN_SCHEMES = frozenset(
    {"basic", "digest", "negotiate", "ntlm", "hoba", "mutual", "dpop", "mac"}
)
_B64TOKEN = re.compile(r"[A-Za-z0-9\-._~+/]+=*")


@dataclass(frozen=True, slots=True)
class Credential:
    """One credential: where it was found, and its token when it is well formed."""

    location: str
    token: str | None
    problem: str | None = None

    @property
    def fingerprint(self) -> str | None:
        return fingerprint(self.token) if self.token else None

    @property
    def in_header(self) -> bool:
        return self.location.startswith("header")

    @property
    def legacy_query(self) -> bool:
        return self.location == "query:accessToken"


def _parse_bearer(value: str, location: str) -> Credential:
    scheme, _, token = value.strip().partition(" ")
    token = token.strip()
    if not scheme:
        return Credential(location, None, "empty credential")
    if scheme.lower() != "bearer":
        # Name the scheme only when it is one: a value with no scheme is often the bare token,
        # and the answer must not quote it back.
        named = scheme if scheme.lower() in _KNOWN_SCHEMES else "an unknown scheme"
        return Credential(location, None, f"{named} is not the Bearer scheme")
    if not token:
        return Credential(location, None, "Bearer without a token")
    if not _B64TOKEN.fullmatch(token):
        return Credential(location, None, "the token has characters a bearer token cannot have")
    return Credential(location, token)


def _parse_bare(value: str, location: str) -> Credential:
    if not value:
        return Credential(location, None, "empty token")
    if not _B64TOKEN.fullmatch(value):
        return Credential(location, None, "the token has characters a bearer token cannot have")
    return Credential(location, value)


def _parse_header(raw: bytes, count: int) -> list[Credential]:
    if not raw.isascii():
        return [Credential(f"header#{count}", None, "bytes that are not ASCII")]
    parts = raw.decode("ascii").split(",")
    return [
        _parse_bearer(part, f"header#{count}" if len(parts) == 1 else f"header#{count}.{index}")
        for index, part in enumerate(parts, start=1)
    ]


# A client sends the same Authorization value on every call: the first header's parse is kept
# (credentials are immutable), bounded and cleared when full.
_FIRST_HEADERS: dict[bytes, tuple[Credential, ...]] = {}
_FIRST_HEADERS_MAX = 4096


def _first_header(raw: bytes) -> tuple[Credential, ...]:
    parsed = _FIRST_HEADERS.get(raw)
    if parsed is None:
        if len(_FIRST_HEADERS) >= _FIRST_HEADERS_MAX:
            _FIRST_HEADERS.clear()
        parsed = _FIRST_HEADERS[raw] = tuple(_parse_header(raw, 1))
    return parsed


def header_credentials(scope: Scope) -> list[Credential]:
    found: list[Credential] = []
    count = 0
    for name, raw in scope["headers"]:
        if name != b"authorization":
            continue
        count += 1
        found.extend(_first_header(raw) if count == 1 else _parse_header(raw, count))
    return found


def query_credentials(query: bytes) -> list[Credential]:
    # A percent-encoded name (`access%5Ftoken`) is the same parameter: look at the decoded text.
    lowered = (unquote_to_bytes(query) if b"%" in query else query).lower()
    if b"accesstoken" not in lowered and b"access_token" not in lowered:
        return []
    found: list[Credential] = []
    text = query.decode("latin-1")
    for name, value in parse_qsl(text, keep_blank_values=True, encoding="latin-1"):
        key = name.lower()
        if key == "accesstoken":
            found.append(_parse_bearer(value, "query:accessToken"))
        elif key == "access_token":
            found.append(_parse_bare(value, "query:access_token"))
    return found


def form_credentials(body: bytes) -> list[Credential]:
    if b"access_token" not in (unquote_to_bytes(body) if b"%" in body else body):
        return []
    found: list[Credential] = []
    for name, value in parse_qsl(body.decode("latin-1"), keep_blank_values=True):
        if name == "access_token":
            found.append(_parse_bare(value, "form:access_token"))
    return found


def describe(location: str) -> str:
    """Human wording of a location, for error messages."""
    if location.startswith("header"):
        return f"Authorization {location.replace('header', 'header ')}"
    source, _, name = location.partition(":")
    return f"{name} {'query parameter' if source == 'query' else 'form field'}"
