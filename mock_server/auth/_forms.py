"""Strict reading of OAuth parameters from query strings and form bodies.

Stricter than `urllib.parse.parse_qs` on purpose (RFC 6749 §3.1, §3.2): a repeated name, a broken
percent-escape, bytes that are not UTF-8, a wrong Content-Type or an oversized body are all
`invalid_request`, never a silently different reading and never a 500. Parameters sent without
a value count as omitted (RFC 6749 §3.1).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote_to_bytes

from starlette.requests import Request

from .._journal import CredentialSeen, JournalEntry
from .._tokens import fingerprint
from ..types import Scope
from ._errors import InvalidRequest
from ._violations import Violation

MAX_BODY_BYTES = 64 * 1024
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"

_BROKEN_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_UTF8_CHARSETS = frozenset({"utf-8", "utf8"})

# Parameters that must never travel in a URL: servers, proxies and browsers log URLs.
SENSITIVE_IN_QUERY: dict[str, Violation] = {
    "client_secret": Violation.SECRET_IN_QUERY,
    "code": Violation.CODE_IN_QUERY,
    "refresh_token": Violation.REFRESH_TOKEN_IN_QUERY,
    "code_verifier": Violation.CODE_VERIFIER_IN_QUERY,
}


@dataclass(frozen=True, slots=True)
class ParsedParams:
    """Parameters by name (empty values dropped) and the names that came more than once."""

    values: dict[str, str]
    repeated: tuple[str, ...]


def parse_params(raw: bytes, where: str, entry: JournalEntry) -> ParsedParams:
    """Parse `application/x-www-form-urlencoded` bytes; repeats are reported, not resolved."""
    values: dict[str, str] = {}
    seen: set[str] = set()
    repeated: list[str] = []
    if not raw:
        return ParsedParams(values, ())
    if _BROKEN_ESCAPE.search(raw):
        raise _malformed(entry, f"The {where} is not valid form encoding: a '%' is not an escape")
    for pair in raw.split(b"&"):
        if not pair:
            continue
        raw_name, _, raw_value = pair.partition(b"=")
        name, value = _decode(raw_name, where, entry), _decode(raw_value, where, entry)
        if not name:
            raise _malformed(entry, f"The {where} has a value without a parameter name")
        if name in seen:
            if name not in repeated:
                repeated.append(name)
            continue
        seen.add(name)
        if value:
            values[name] = value
    return ParsedParams(values, tuple(repeated))


def refuse_repeats(parsed: ParsedParams, where: str, entry: JournalEntry) -> dict[str, str]:
    """The parameters, or `invalid_request` naming the first repeated one."""
    if parsed.repeated:
        entry.violate(Violation.REPEATED_PARAMETER.value)
        raise InvalidRequest(
            f"The parameter '{parsed.repeated[0]}' appears more than once in the {where}"
        )
    return parsed.values


def query_params(scope: Scope, entry: JournalEntry) -> ParsedParams:
    return parse_params(scope.get("query_string", b""), "query string", entry)


async def read_form(request: Request, entry: JournalEntry) -> dict[str, str]:
    """The form body of a POST, checked and parsed; `invalid_request` on anything odd."""
    body = await _read_body(request, entry)
    content_types = request.headers.getlist("content-type")
    if body or content_types:
        _check_content_type(content_types, entry)
    return refuse_repeats(parse_params(body, "request body", entry), "request body", entry)


def refuse_secrets_in_query(scope: Scope, entry: JournalEntry) -> None:
    """RFC 6749 §2.3.1, §3.2: secrets and grants travel in the body, never in the URL. Each one
    found is journaled (by fingerprint) before the request is refused."""
    query: bytes = scope.get("query_string", b"")
    if not query:
        return
    found: list[str] = []
    for name, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        violation = SENSITIVE_IN_QUERY.get(name)
        if violation is not None:
            entry.credentials.append(
                CredentialSeen(f"query:{name}", fingerprint(value) if value else None)
            )
            entry.violate(violation.value)
            found.append(name)
    if found:
        raise InvalidRequest(
            f"The parameter '{found[0]}' must be sent in the request body, never in the URL"
        )


async def _read_body(request: Request, entry: JournalEntry) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large(entry)
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding not in ("", "identity"):
        # A compressed body's real size is unknown until inflated: refused as too large may be.
        entry.violate(Violation.BODY_TOO_LARGE.value)
        raise InvalidRequest(f"Content-Encoding '{encoding[:30]}' is not supported")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large(entry)
        chunks.append(chunk)
    return b"".join(chunks)


def _check_content_type(values: list[str], entry: JournalEntry) -> None:
    if len(values) != 1:
        entry.violate(Violation.WRONG_CONTENT_TYPE.value)
        raise InvalidRequest(f"The request needs one Content-Type: {FORM_MEDIA_TYPE}")
    media_type, _, parameters = values[0].partition(";")
    if media_type.strip().lower() != FORM_MEDIA_TYPE:
        entry.violate(Violation.WRONG_CONTENT_TYPE.value)
        raise InvalidRequest(
            f"Content-Type must be {FORM_MEDIA_TYPE}, not '{media_type.strip()[:60]}'"
        )
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        charset = value.strip().strip('"').lower()
        if name.strip().lower() == "charset" and charset not in _UTF8_CHARSETS:
            entry.violate(Violation.WRONG_CONTENT_TYPE.value)
            raise InvalidRequest(f"The form must be UTF-8, not charset '{charset[:30]}'")


def _decode(raw: bytes, where: str, entry: JournalEntry) -> str:
    try:
        return unquote_to_bytes(raw.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        raise _malformed(entry, f"The {where} is not UTF-8") from None


def _malformed(entry: JournalEntry, description: str) -> InvalidRequest:
    entry.violate(Violation.MALFORMED_PARAMETERS.value)
    return InvalidRequest(description)


def _too_large(entry: JournalEntry) -> InvalidRequest:
    entry.violate(Violation.BODY_TOO_LARGE.value)
    return InvalidRequest(f"The request body is larger than {MAX_BODY_BYTES} bytes")
